/**
 * Central finite differences for checking VJPs, with probes that are exact in the backend's
 * precision.
 *
 * Stencil: the 4-point central difference
 *     f'(x) ≈ (f(x − 2h) − 8 f(x − h) + 8 f(x + h) − f(x + 2h)) / 12h,   truncation −h⁴ f⁽⁵⁾/30.
 * Steps are powers of two scaled to the coordinate, h = 2^(max(⌊log2|x|⌋, floor) − m), and inputs
 * are first quantized to 12 significant bits, so every probe x + jh (|j| ≤ 2) is exactly
 * representable in float32: the backend evaluates exactly the points the host differences.
 * (`probe` asserts this, so a case that breaks the rule fails loudly instead of drifting.)
 *
 * Rounding noise: each evaluation of L = Σ v·out carries an error of about ε·Σ|v·out| (ε the unit
 * roundoff, a few ulps per output); the stencil's weights (1 + 8 + 8 + 1)/12 turn that into
 * ≈ 1.5·κ·ε·S/h in the derivative. `roundingAllowance` returns that with κ = 16 ulps per output.
 */
import type { FloatPrecision } from '@gumbel/core';

/** Round to `bits` significant bits (0 stays 0). */
export function quantize(x: number, bits = 12): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const q = 2 ** (Math.floor(Math.log2(Math.abs(x))) - bits);
  return Math.round(x / q) * q;
}

/** Step exponents m: float32 h ≈ 2^-5·|x|, float64 h ≈ 2^-10·|x| (see tolerance.ts for the budget). */
export const STEP_EXPONENT: Record<FloatPrecision, number> = { 32: 5, 64: 10 };

/** h = 2^(max(⌊log2|x|⌋, floorExponent) − m). Use floorExponent = −Infinity only for x ≠ 0. */
export function stepFor(x: number, precision: FloatPrecision, floorExponent: number): number {
  const e = x === 0 ? floorExponent : Math.max(Math.floor(Math.log2(Math.abs(x))), floorExponent);
  if (!Number.isFinite(e)) throw new Error(`internal: no finite step for x = ${x}`);
  return 2 ** (e - STEP_EXPONENT[precision]);
}

/** x + j·h, checked to be exact in the precision (so the backend sees exactly this probe). */
export function probe(x: number, j: number, h: number, precision: FloatPrecision): number {
  const p = x + j * h;
  const exact = p - x === j * h && (precision === 64 || Math.fround(p) === p);
  if (!exact) throw new Error(`internal: finite-difference probe ${x} + ${j}·${h} is not exact in float${precision}`);
  return p;
}

export interface Evaluation {
  /** L = Σ v·out. */
  readonly value: number;
  /** S = Σ |v·out|: the scale of L's rounding error. */
  readonly magnitude: number;
}

export interface Derivative {
  readonly derivative: number;
  readonly magnitude: number;
}

/** The 4-point central difference of `f` at x with step h. */
export async function centralDifference(
  f: (x: number) => Promise<Evaluation>,
  x: number,
  h: number,
  precision: FloatPrecision,
): Promise<Derivative> {
  const [m2, m1, p1, p2] = [
    await f(probe(x, -2, h, precision)),
    await f(probe(x, -1, h, precision)),
    await f(probe(x, 1, h, precision)),
    await f(probe(x, 2, h, precision)),
  ];
  return {
    derivative: (m2.value - 8 * m1.value + 8 * p1.value - p2.value) / (12 * h),
    magnitude: Math.max(m2.magnitude, m1.magnitude, p1.magnitude, p2.magnitude),
  };
}

/** ≈ 1.5·κ·ε·S/h with κ = 16 ulps: the derivative error explained by rounding alone. */
export function roundingAllowance(magnitude: number, h: number, unitRoundoff: number): number {
  return (1.5 * 16 * unitRoundoff * magnitude) / h;
}

/** Σ v·out and Σ |v·out| in float64. */
export function weightedSum(upstream: ArrayLike<number>, out: ArrayLike<number>): Evaluation {
  if (upstream.length !== out.length) throw new Error(`output length ${out.length} ≠ upstream length ${upstream.length}`);
  let value = 0;
  let magnitude = 0;
  for (let i = 0; i < out.length; i++) {
    const t = (upstream[i] as number) * (out[i] as number);
    value += t;
    magnitude += Math.abs(t);
  }
  return { value, magnitude };
}
