/**
 * Test-only helpers: independent float64 reference math (written here, not imported from the code
 * under test) and statistical assertions.
 */
import { expect } from 'vitest';
import type { DrawSummary } from '../diagnostics/statistics.js';

export function refSoftmax(x: ArrayLike<number>, tau = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i] as number);
  const out = new Float64Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(((x[i] as number) - max) / tau);
    sum += out[i] as number;
  }
  return out.map((v) => v / sum);
}

export function refSigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** Central differences of a scalar function of a vector. */
export function numericGradient(fn: (x: Float64Array) => number, at: ArrayLike<number>, h = 1e-5): Float64Array {
  const x = Float64Array.from(at);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    x[i] = v + h;
    const up = fn(x);
    x[i] = v - h;
    const down = fn(x);
    x[i] = v;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e), `${label}[${i}]: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  }
}

/** Largest |mean_j − reference_j| / SE_j: a z-score per component, its worst case. */
export function worstZ(summary: DrawSummary, reference: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < reference.length; j++) {
    worst = Math.max(worst, Math.abs((summary.mean[j] as number) - (reference[j] as number)) / (summary.standardError[j] as number));
  }
  return worst;
}

/** Largest |mean_a − mean_b| / sqrt(SE_a² + SE_b²) over components: two independent means. */
export function worstTwoSampleZ(a: DrawSummary, b: DrawSummary): number {
  let worst = 0;
  for (let j = 0; j < a.mean.length; j++) {
    const se = Math.hypot(a.standardError[j] as number, b.standardError[j] as number);
    worst = Math.max(worst, Math.abs((a.mean[j] as number) - (b.mean[j] as number)) / se);
  }
  return worst;
}

/**
 * n gradient draws of a Bernoulli estimator for one row of logits tiled into `[chunk, d]`:
 * pathwise estimators get dL/dz = `grad(z)`, score-function ones f(z), per row, control-variate
 * ones f(z) and f, ∇f at each of the sample's points.
 */
export async function drawBernoulliGradients<T>(
  estimator: import('../types.js').AnyEstimator<T>,
  logits: readonly number[],
  f: (z: ArrayLike<number>) => number,
  grad: (z: ArrayLike<number>) => number[],
  options: { readonly draws: number; readonly chunk?: number; readonly tau?: number },
): Promise<Float64Array> {
  const { backend } = estimator;
  const d = logits.length;
  const chunk = options.chunk ?? 500;
  const tiled = backend.fromArray(Array.from({ length: chunk }, () => logits).flat(), [chunk, d]);
  const out = new Float64Array(options.draws * d);
  for (let call = 0; call < options.draws / chunk; call++) {
    const sample = await estimator.sample(tiled, options.tau === undefined ? {} : { tau: options.tau });
    const z = await backend.toArray(sample.value);
    const losses = (x: Float32Array | Float64Array) => Float64Array.from({ length: x.length / d }, (_, r) => f(x.subarray(r * d, (r + 1) * d)));
    const gradients = (x: Float32Array | Float64Array) => backend.fromArray(Array.from({ length: x.length / d }, (_, r) => grad(x.subarray(r * d, (r + 1) * d))).flat(), [x.length / d, d]);
    // Control-variate estimators (REBAR): f at the bits, and f and ∇f at each of the sample's points.
    const points = estimator.kind === 'control-variate' ? await Promise.all((sample as import('../types.js').ControlVariateSample<T>).points.map((p) => backend.toArray(p))) : [];
    const upstream =
      estimator.kind === 'pathwise'
        ? gradients(z)
        : estimator.kind === 'control-variate'
          ? { losses: losses(z), atPoints: points.map((x) => ({ losses: losses(x), gradient: gradients(x) })) }
          : losses(z);
    const { dLogits } = await (sample.backward as (u: unknown) => ReturnType<typeof sample.backward>)(upstream);
    out.set(await backend.toArray(dLogits), call * chunk * d);
  }
  return out;
}
