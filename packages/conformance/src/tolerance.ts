/**
 * Tolerances, derived from the backend's `floatPrecision` (in the spirit of tfjs's test_util, which
 * picks its epsilon from the backend's float precision) and overridable per backend.
 *
 * The rule, for every value compared against a reference (golden values, host computations):
 *
 *     pass  ⇔  |actual − expected| ≤ atol + rtol·|expected|          (numpy's `allclose` rule)
 *
 * with equal infinities passing (−∞ = −∞ for masked log-probabilities), and NaN never passing.
 *
 * Defaults
 * - float64: rtol = atol = 1e-10. Kernels are a handful of exp/log/sum steps on O(1)–O(100)
 *   values, so a correct float64 backend lands within ~1e-13; 1e-10 leaves 1000× headroom for
 *   summation order and libm differences without hiding a wrong formula.
 * - float32: rtol = atol = 1e-4. A float32 kernel rounds every intermediate at 2^-24 ≈ 6e-8; with
 *   noise up to |g| ≈ 17 (u = 1 − 2^-24) divided by τ = 0.1, logits − logsumexp cancellations cost a
 *   few hundred ulps of O(1) results, i.e. ~1e-5. 1e-4 is tfjs's order for float32 (it uses 1e-3)
 *   tightened because these kernels are short.
 *
 * Gradient checks (finite differences) and density integrals have their own rules, explained in
 * cases/gradients.ts and cases/density-integration.ts, and are overridable here too.
 */
import type { FloatPrecision } from '@gumbel/core';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** What a backend may override in `describeBackend({ tolerance })`. Omitted fields keep defaults. */
export interface ToleranceOverrides {
  readonly rtol?: number;
  readonly atol?: number;
  /** Analytic VJP vs central differences (plus the rounding-noise term, see cases/gradients.ts). */
  readonly gradient?: Partial<Tolerance>;
  /** Largest allowed |∫ p − 1| for the density-integration cases. */
  readonly integral?: number;
}

export interface ResolvedTolerance {
  readonly precision: FloatPrecision;
  /** Unit roundoff of the precision: 2^-24 or 2^-53. */
  readonly unitRoundoff: number;
  readonly values: Tolerance;
  readonly gradient: Tolerance;
  readonly integral: number;
}

const VALUES: Record<FloatPrecision, Tolerance> = {
  64: { rtol: 1e-10, atol: 1e-10 },
  32: { rtol: 1e-4, atol: 1e-4 },
};

/**
 * Finite differences (on top of the explicit rounding-noise term of finite-difference.ts):
 * float64 uses step 2^-10·|x| with a 4-point stencil (truncation ~h⁴ ≈ 1e-12), so the VJP must
 * agree to 1e-7 relative; float32 uses step 2^-5·|x| (truncation ≈ 3e-8·f⁽⁵⁾ ≲ 1e-5 for τ ≥ 0.5)
 * and the VJP is itself rounded to float32 after internal cancellations: 5e-4 relative, 1e-4
 * absolute. (The CPU reference uses < 15% of either; a 1% error in dτ fails both.)
 */
const GRADIENT: Record<FloatPrecision, Tolerance> = {
  64: { rtol: 1e-7, atol: 1e-8 },
  32: { rtol: 5e-4, atol: 1e-4 },
};

/** Density integrals: see cases/density-integration.ts for the quadrature error budget. */
const INTEGRAL: Record<FloatPrecision, number> = { 64: 1e-6, 32: 1e-3 };

export function resolveTolerance(precision: FloatPrecision, overrides?: ToleranceOverrides): ResolvedTolerance {
  if (precision !== 32 && precision !== 64) throw new RangeError(`floatPrecision must be 32 or 64, got ${String(precision)}`);
  const o = overrides ?? {};
  return {
    precision,
    unitRoundoff: precision === 32 ? 2 ** -24 : 2 ** -53,
    values: { rtol: o.rtol ?? VALUES[precision].rtol, atol: o.atol ?? VALUES[precision].atol },
    gradient: {
      rtol: o.gradient?.rtol ?? GRADIENT[precision].rtol,
      atol: o.gradient?.atol ?? GRADIENT[precision].atol,
    },
    integral: o.integral ?? INTEGRAL[precision],
  };
}

/** The allclose rule above. */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

export interface Mismatch {
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
}

/** Indices where the arrays disagree (a length difference counts as a mismatch at the end). */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Mismatch[] {
  const out: Mismatch[] = [];
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = i < actual.length ? (actual[i] as number) : NaN;
    const e = i < expected.length ? (expected[i] as number) : NaN;
    if (!isClose(a, e, tol)) out.push({ index: i, actual: a, expected: e });
  }
  return out;
}

/** Largest absolute and relative (|a − e| / |e|, for e ≠ 0) error over the finite pairs. */
export function largestError(actual: ArrayLike<number>, expected: ArrayLike<number>): { abs: number; rel: number } {
  let abs = 0;
  let rel = 0;
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(e)) continue;
    const d = Math.abs(a - e);
    abs = Math.max(abs, d);
    if (e !== 0) rel = Math.max(rel, d / Math.abs(e));
  }
  return { abs, rel };
}
