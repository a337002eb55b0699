/**
 * Case family 4: every VJP of the interface against central finite differences of its own forward
 * kernel, wrt logits, τ (scalar and per-row) and, for densities, the point (y or x), with a random
 * upstream vector v: the VJP must equal ∂(Σ v·out)/∂θ.
 *
 * Tolerance: |analytic − numeric| ≤ atol + rtol·|numeric| + rounding, where (rtol, atol) are the
 * precision's gradient tolerance (tolerance.ts) and `rounding` = 1.5·16·ε·Σ|v·out|/h is what the
 * outputs' own rounding can do to a difference quotient (finite-difference.ts). Steps: float64
 * h = 2^-10·|x| (truncation ~h⁴·f⁽⁵⁾/30 ≈ 1e-13 with τ ≥ 0.5, rounding ~1e-12), hence rtol 1e-7;
 * float32 h = 2^-5·|x|, large enough that rounding (2^-24·16·1.5·S/2^-5 ≈ 5e-5·S) stays below the
 * gradients' size while truncation is ~3e-8·f⁽⁵⁾ ≲ 1e-5, hence rtol 5e-4 / atol 1e-4.
 * τ ≥ 0.5 in these cases keeps f⁽⁵⁾ (which grows like τ^-5) moderate.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import type { Gradients, Shape, Temperature } from '@gumbel/core';
import type { SuiteContext } from '../context.js';
import { centralDifference, quantize, roundingAllowance, stepFor, weightedSum } from '../finite-difference.js';
import { withTensors } from '../scope.js';
import type { TensorScope } from '../scope.js';

/** A point where a VJP is checked; every number is quantized (exact in float32). */
interface Point {
  readonly logits: number[];
  readonly shape: readonly [number, number];
  readonly tau: number | number[];
  readonly noise: number[] | undefined;
  /** y (Concrete, BinConcrete) or x = log y (ExpConcrete). */
  readonly value: number[] | undefined;
  readonly upstream: number[];
  readonly outShape: Shape;
}

interface Inputs<T> {
  readonly logits: T;
  readonly tau: Temperature<T>;
  readonly noise: T | undefined;
  readonly value: T | undefined;
}

type Group = 'logits' | 'tau' | 'value';

interface KernelSpec<T> {
  readonly name: string;
  readonly enabled: boolean;
  /** Lowest step exponent for the point's coordinates (−Infinity: step ∝ |y|, for y > 0). */
  readonly valueFloor?: number;
  /** The size a step of the point's coordinate is scaled to (default |x|): BinConcrete uses min(y, 1 − y). */
  readonly valueScale?: (x: number) => number;
  /**
   * Densities on the simplex: a probe y + h·e_i is off the simplex, where validating backends reject
   * it. `onSupport` maps a probe's row to the point of the support the formula treats alike, and
   * the offset f(probe) − f(that point) to add to the row's output (Concrete: y/Σy and −k·log Σy;
   * ExpConcrete: x − logsumexp x and 0), so the difference quotient is still the free partial.
   */
  readonly onSupport?: (row: number[], logits: number[]) => { readonly row: number[]; readonly offset: number };
  readonly makePoint: (rng: CounterRng, tau: number | number[]) => Point;
  readonly forward: (inputs: Inputs<T>) => T;
  readonly vjp: (inputs: Inputs<T>, out: T, upstream: T) => Gradients<T> & { readonly dValue?: T };
}

const BATCH = 3;
const K = 4;
const SCALAR_TAU = 0.75;
const PER_ROW_TAU = [0.5, 1, 2];

function uniformIn(rng: CounterRng, lo: number, hi: number): number {
  return quantize(lo + (hi - lo) * rng.next());
}
function gumbel(rng: CounterRng): number {
  return quantize(-Math.log(-Math.log(rng.next())));
}
function logistic(rng: CounterRng): number {
  const u = rng.next();
  return quantize(Math.log(u) - Math.log1p(-u));
}
function tauAt(tau: number | number[], row: number): number {
  return typeof tau === 'number' ? tau : (tau[row] as number);
}
function array(n: number, f: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** Logits, Gumbel noise and a Concrete sample log y = log_softmax((logits + g)/τ) per row. */
function categoricalPoint(rng: CounterRng, tau: number | number[], outShape: Shape, withNoise: boolean) {
  const logits = array(BATCH * K, () => uniformIn(rng, -2, 2));
  const g = array(BATCH * K, () => gumbel(rng));
  const logY: number[] = [];
  for (let b = 0; b < BATCH; b++) {
    const s = array(K, (j) => ((logits[b * K + j] as number) + (g[b * K + j] as number)) / tauAt(tau, b));
    const m = Math.max(...s);
    const lse = m + Math.log(s.reduce((acc, v) => acc + Math.exp(v - m), 0));
    logY.push(...s.map((v) => v - lse));
  }
  const size = outShape.reduce((a, d) => a * d, 1);
  return { logits, noise: withNoise ? g : undefined, logY, upstream: array(size, () => uniformIn(rng, -1, 1)) };
}

export function registerGradientCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const precision = backend.floatPrecision;
  const tol = ctx.tol.gradient;

  function tauTensor(scope: TensorScope<T>, tau: number | number[]): Temperature<T> {
    return typeof tau === 'number' ? tau : scope.from(tau, [tau.length]);
  }

  const shape: readonly [number, number] = [BATCH, K];
  const relaxed = (
    name: string,
    forward: KernelSpec<T>['forward'],
    vjp: KernelSpec<T>['vjp'],
  ): KernelSpec<T> => ({
    name,
    enabled: true,
    makePoint: (rng, tau) => {
      const p = categoricalPoint(rng, tau, shape, true);
      return { logits: p.logits, shape, tau, noise: p.noise, value: undefined, upstream: p.upstream, outShape: shape };
    },
    forward,
    vjp,
  });
  const need = (t: T | undefined, what: string): T => {
    if (t === undefined) throw new Error(`internal: ${what} missing`);
    return t;
  };

  const specs: KernelSpec<T>[] = [
    relaxed(
      'relaxedLogSample',
      (i) => backend.relaxedLogSample({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise') }),
      (i, logY, dLogY) => backend.relaxedLogSampleVjp({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise'), logY, dLogY }),
    ),
    relaxed(
      'relaxedSample',
      (i) => backend.relaxedSample({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise') }),
      (i, y, dy) => backend.relaxedSampleVjp({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise'), y, dy }),
    ),
    {
      name: 'relaxedBernoulli',
      enabled: s.bernoulli,
      makePoint: (rng, tau) => {
        const logits = array(BATCH * 3, () => uniformIn(rng, -2, 2));
        const noise = array(BATCH * 3, () => logistic(rng));
        return { logits, shape: [BATCH, 3], tau, noise, value: undefined, upstream: array(BATCH * 3, () => uniformIn(rng, -1, 1)), outShape: [BATCH, 3] };
      },
      forward: (i) => backend.relaxedBernoulli({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise') }),
      vjp: (i, y, dy) => backend.relaxedBernoulliVjp({ logits: i.logits, tau: i.tau, noise: need(i.noise, 'noise'), y, dy }),
    },
    {
      name: 'concreteLogProb',
      enabled: s.densities,
      valueFloor: -Infinity,
      makePoint: (rng, tau) => {
        const p = categoricalPoint(rng, tau, [BATCH], false);
        return { logits: p.logits, shape, tau, noise: undefined, value: p.logY.map((v) => quantize(Math.exp(v))), upstream: p.upstream, outShape: [BATCH] };
      },
      onSupport: (row, logits) => {
        const sum = row.reduce((a, v, j) => (logits[j] === -Infinity ? a : a + v), 0);
        const k = logits.filter((l) => l !== -Infinity).length;
        return { row: row.map((v) => v / sum), offset: -k * Math.log(sum) };
      },
      forward: (i) => backend.concreteLogProb({ logits: i.logits, tau: i.tau, y: need(i.value, 'y') }),
      vjp: (i, _out, dOut) => backend.concreteLogProbVjp({ logits: i.logits, tau: i.tau, y: need(i.value, 'y'), dOut }),
    },
    {
      name: 'expConcreteLogProb',
      enabled: s.densities,
      valueFloor: -3,
      makePoint: (rng, tau) => {
        const p = categoricalPoint(rng, tau, [BATCH], false);
        return { logits: p.logits, shape, tau, noise: undefined, value: p.logY.map((v) => quantize(v)), upstream: p.upstream, outShape: [BATCH] };
      },
      onSupport: (row, logits) => {
        const kept = row.filter((_, j) => logits[j] !== -Infinity);
        const m = Math.max(...kept);
        const lse = m + Math.log(kept.reduce((a, v) => a + Math.exp(v - m), 0));
        return { row: row.map((v) => v - lse), offset: 0 };
      },
      forward: (i) => backend.expConcreteLogProb({ logits: i.logits, tau: i.tau, x: need(i.value, 'x') }),
      vjp: (i, _out, dOut) => backend.expConcreteLogProbVjp({ logits: i.logits, tau: i.tau, x: need(i.value, 'x'), dOut }),
    },
    {
      name: 'binConcreteLogProb',
      enabled: s.densities,
      valueFloor: -Infinity,
      // The density is singular at both ends: a step ∝ y would be coarse next to 1 − y near y = 1.
      valueScale: (y) => Math.min(y, 1 - y),
      makePoint: (rng, tau) => {
        const logits = array(BATCH * 3, () => uniformIn(rng, -2, 2));
        // y in [0.05, 0.95]: every probe y ± 2h (h ≤ 2^-6) stays inside (0, 1).
        const value = array(BATCH * 3, () => uniformIn(rng, 0.05, 0.95));
        return { logits, shape: [BATCH, 3], tau, noise: undefined, value, upstream: array(BATCH * 3, () => uniformIn(rng, -1, 1)), outShape: [BATCH, 3] };
      },
      forward: (i) => backend.binConcreteLogProb({ logits: i.logits, tau: i.tau, y: need(i.value, 'y') }),
      vjp: (i, _out, dOut) => backend.binConcreteLogProbVjp({ logits: i.logits, tau: i.tau, y: need(i.value, 'y'), dOut }),
    },
  ];

  function upload(scope: TensorScope<T>, p: Point, change?: { group: Group; index: number; x: number }): Inputs<T> {
    const edit = (group: Group, values: number[]): number[] => {
      if (change?.group !== group) return values;
      const copy = [...values];
      copy[change.index] = change.x;
      return copy;
    };
    const tau = typeof p.tau === 'number' ? (change?.group === 'tau' ? change.x : p.tau) : edit('tau', p.tau);
    return {
      logits: scope.from(edit('logits', p.logits), p.shape),
      tau: tauTensor(scope, tau),
      noise: p.noise === undefined ? undefined : scope.from(p.noise, p.shape),
      value: p.value === undefined ? undefined : scope.from(edit('value', p.value), p.shape),
    };
  }

  async function check(spec: KernelSpec<T>, tau: number | number[], seed: number): Promise<void> {
    const p = spec.makePoint(CounterRng.fromSeed(seed), tau);
    const analytic = await withTensors(backend, async (scope) => {
      const inputs = upload(scope, p);
      const out = scope.keep(spec.forward(inputs));
      const g = scope.keepGradients(spec.vjp(inputs, out, scope.from(p.upstream, p.outShape)));
      expect(backend.shapeOf(g.dLogits), `${spec.name} dLogits shape`).toEqual([...p.shape]);
      expect(backend.shapeOf(g.dTau), `${spec.name} dTau shape`).toEqual(typeof tau === 'number' ? [] : [tau.length]);
      if (p.value !== undefined) expect(backend.shapeOf(need(g.dValue, 'dValue')), `${spec.name} dValue shape`).toEqual([...p.shape]);
      return {
        logits: await scope.read(g.dLogits),
        tau: await scope.read(g.dTau),
        value: g.dValue === undefined ? undefined : await scope.read(g.dValue),
      };
    });
    const evaluate = (group: Group, index: number) => (x: number) =>
      withTensors(backend, async (scope) => {
        const project = group === 'value' ? spec.onSupport : undefined;
        if (project === undefined || p.value === undefined) return weightedSum(p.upstream, await scope.read(scope.keep(spec.forward(upload(scope, p, { group, index, x })))));
        // Only the probed row leaves the support; it is moved back and its output corrected.
        const k = p.shape[1];
        const r = Math.floor(index / k);
        const value = [...p.value];
        value[index] = x;
        const moved = project(value.slice(r * k, (r + 1) * k), p.logits.slice(r * k, (r + 1) * k));
        value.splice(r * k, k, ...moved.row);
        const out = Array.from(await scope.read(scope.keep(spec.forward(upload(scope, { ...p, value })))));
        out[r] = (out[r] as number) + moved.offset;
        return weightedSum(p.upstream, out);
      });
    /** What rounding the moved row to the backend's precision can do: Σ_j |∂f/∂v_j·v_j|·ε per unit v, like the outputs' own. */
    const inputRounding = (index: number): number => {
      if (spec.onSupport === undefined || p.value === undefined || analytic.value === undefined) return 0;
      const k = p.shape[1];
      const r = Math.floor(index / k);
      let s = 0;
      for (let j = r * k; j < (r + 1) * k; j++) s += Math.abs((analytic.value[j] as number) * (p.value[j] as number));
      return s * Math.abs(p.upstream[r] as number);
    };

    const failures: string[] = [];
    const compare = async (group: Group, index: number, x: number, floor: number, a: number | undefined) => {
      const h = stepFor(group === 'value' && spec.valueScale !== undefined ? spec.valueScale(x) : x, precision, floor);
      const n = await centralDifference(evaluate(group, index), x, h, precision);
      const rounding = n.magnitude + (group === 'value' ? inputRounding(index) : 0);
      const allowed = tol.atol + tol.rtol * Math.abs(n.derivative) + roundingAllowance(rounding, h, ctx.tol.unitRoundoff);
      ctx.ledger.record('VJPs vs finite differences', [a ?? NaN], [n.derivative], { rtol: 0, atol: allowed });
      if (a === undefined || !(Math.abs(a - n.derivative) <= allowed)) {
        failures.push(`d/d${group}[${index}]: analytic ${a}, numeric ${n.derivative} (allowed ±${allowed.toExponential(2)})`);
      }
    };
    for (const [i, x] of p.logits.entries()) await compare('logits', i, x, -3, analytic.logits[i]);
    const taus = typeof p.tau === 'number' ? [p.tau] : p.tau;
    for (const [i, x] of taus.entries()) await compare('tau', i, x, -3, analytic.tau[i]);
    if (p.value !== undefined) {
      if (analytic.value === undefined) failures.push('dValue missing');
      for (const [i, x] of p.value.entries()) await compare('value', i, x, spec.valueFloor ?? -3, analytic.value?.[i]);
    }
    expect(failures, `${spec.name} (τ = ${JSON.stringify(tau)}) VJP vs finite differences`).toEqual([]);
  }

  describe('VJPs match finite differences', () => {
    for (const [n, spec] of specs.entries()) {
      it.skipIf(!(s.gradients && spec.enabled))(`${spec.name}: wrt logits${spec.valueFloor === undefined ? '' : ', the point'} and a scalar τ`, async () => {
        await check(spec, SCALAR_TAU, 100 + n);
      });
      it.skipIf(!(s.gradients && spec.enabled && s.perRowTemperature))(`${spec.name}: wrt logits${spec.valueFloor === undefined ? '' : ', the point'} and a per-row τ`, async () => {
        await check(spec, PER_ROW_TAU, 200 + n);
      });
    }
  });
}
