/**
 * The relaxed categorical sample and its VJPs. Per row, s_j = (logits_j + noise_j)/τ and
 * log y = log_softmax(s), computed max-shifted in float64 and stored in the backend's precision.
 * A masked class (logit −∞) is left out of every sum: log y_j = −∞, y_j = 0, gradient exactly 0.
 *
 * The VJPs recompute the row in float64 from logits, noise and τ instead of reading the stored
 * forward output, so a float32 backend's gradients are as accurate as its inputs allow; the
 * stored output (logY or y) is checked for shape only.
 */
import type { FloatPrecision, ResolvedTemperature } from '@gumbel/core';
import { argsObject, categoricalLogits, like, optionalNoise, resolveTau, tauAt, tauGradient } from './args.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

interface Prepared {
  readonly logits: FloatArray;
  readonly noise: FloatArray | undefined;
  readonly tau: ResolvedTemperature<CpuTensor>;
  readonly batch: number;
  readonly k: number;
  readonly shape: readonly number[];
}

export function prepareRelaxed(args: unknown, checkLogitValues = true): Prepared {
  const a = argsObject(args);
  const { tensor, batch, k } = categoricalLogits(a['logits'], 'logits', checkLogitValues);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const tau = resolveTau(a['tau'], batch);
  return { logits: tensor.data, noise: noise?.data, tau, batch, k, shape: tensor.shape };
}

/**
 * log y of row b into `logY` (float64 scratch of length k). Returns nothing; masked entries are −∞.
 * Exported for the straight-through and VJP paths, which need the same row.
 */
export function logSoftmaxRow(p: Prepared, b: number, logY: Float64Array): void {
  const { logits, noise, k } = p;
  const tau = tauAt(p.tau, b);
  const row = b * k;
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    const l = logits[row + j] as number;
    const s = l === -Infinity ? -Infinity : (l + (noise === undefined ? 0 : (noise[row + j] as number))) / tau;
    logY[j] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp((logY[j] as number) - max);
  // (s − max) − log Σ, not s − (max + log Σ): for |s| ≳ 1e17 (logits ~1e30) max + log Σ rounds to
  // max, and tied top entries would each get log y = 0, a row summing to 2.
  const logSum = Math.log(sum);
  for (let j = 0; j < k; j++) {
    if (logits[row + j] !== -Infinity) logY[j] = (logY[j] as number) - max - logSum;
  }
}

export function relaxedLogSample(precision: FloatPrecision, args: unknown): CpuTensor {
  const p = prepareRelaxed(args);
  const out = allocate(precision, p.batch * p.k);
  const logY = new Float64Array(p.k);
  for (let b = 0; b < p.batch; b++) {
    logSoftmaxRow(p, b, logY);
    out.set(logY, b * p.k);
  }
  return makeTensor(out, p.shape);
}

export function relaxedSample(precision: FloatPrecision, args: unknown): CpuTensor {
  const p = prepareRelaxed(args);
  const out = allocate(precision, p.batch * p.k);
  const logY = new Float64Array(p.k);
  for (let b = 0; b < p.batch; b++) {
    logSoftmaxRow(p, b, logY);
    for (let j = 0; j < p.k; j++) out[b * p.k + j] = Math.exp(logY[j] as number);
  }
  return makeTensor(out, p.shape);
}

/**
 * Shared back half of both VJPs. With ds_j = dL/ds_j for the unmasked classes:
 *   dL/dlogits_j = ds_j / τ                               (s_j = (logits_j + noise_j)/τ)
 *   dL/dτ        = Σ_j ds_j · ∂s_j/∂τ = −(1/τ) Σ_j ds_j s_j = −(1/τ) Σ_j ds_j log y_j
 * The last step uses Σ_j ds_j = 0 (softmax is shift-invariant), so log y_j — which is s_j minus
 * the row's logsumexp — replaces s_j and the large common offset never enters the sum.
 * Masked classes are skipped rather than multiplied, because there ds_j = 0 but log y_j = −∞.
 */
function finishVjp(
  precision: FloatPrecision,
  p: Prepared,
  rowDs: (b: number, logY: Float64Array, ds: Float64Array) => void,
): { dLogits: CpuTensor; dTau: CpuTensor } {
  const { batch, k, logits } = p;
  const dLogits = allocate(precision, batch * k);
  const dTauRows = new Float64Array(batch);
  const logY = new Float64Array(k);
  const ds = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    logSoftmaxRow(p, b, logY);
    rowDs(b, logY, ds);
    const tau = tauAt(p.tau, b);
    let acc = 0;
    for (let j = 0; j < k; j++) {
      if (logits[b * k + j] === -Infinity) continue;
      const d = ds[j] as number;
      dLogits[b * k + j] = d / tau;
      acc += d * (logY[j] as number);
    }
    dTauRows[b] = -acc / tau;
  }
  return { dLogits: makeTensor(dLogits, p.shape), dTau: tauGradient(p.tau, dTauRows, precision) };
}

/**
 * log y = s − logsumexp(s) ⇒ ∂ log y_i/∂s_j = δ_ij − y_j, so
 *   ds_j = dlogY_j − y_j Σ_i dlogY_i   (sums over unmasked classes only).
 */
export function relaxedLogSampleVjp(precision: FloatPrecision, args: unknown): { dLogits: CpuTensor; dTau: CpuTensor } {
  const p = prepareRelaxed(args);
  const a = argsObject(args);
  like(a['logY'], 'logY', p.shape, 'logits');
  const dLogY = like(a['dLogY'], 'dLogY', p.shape, 'logits').data;
  return finishVjp(precision, p, (b, logY, ds) => {
    const row = b * p.k;
    let total = 0;
    for (let j = 0; j < p.k; j++) if (p.logits[row + j] !== -Infinity) total += dLogY[row + j] as number;
    for (let j = 0; j < p.k; j++) {
      ds[j] = p.logits[row + j] === -Infinity ? 0 : (dLogY[row + j] as number) - Math.exp(logY[j] as number) * total;
    }
  });
}

/**
 * y = softmax(s) ⇒ ∂y_i/∂s_j = y_i(δ_ij − y_j), so
 *   ds_j = y_j (dy_j − Σ_i y_i dy_i).
 */
export function relaxedSampleVjp(precision: FloatPrecision, args: unknown): { dLogits: CpuTensor; dTau: CpuTensor } {
  const p = prepareRelaxed(args);
  const a = argsObject(args);
  like(a['y'], 'y', p.shape, 'logits');
  const dy = like(a['dy'], 'dy', p.shape, 'logits').data;
  return finishVjp(precision, p, (b, logY, ds) => {
    const row = b * p.k;
    let dot = 0;
    for (let j = 0; j < p.k; j++) if (p.logits[row + j] !== -Infinity) dot += Math.exp(logY[j] as number) * (dy[row + j] as number);
    for (let j = 0; j < p.k; j++) {
      ds[j] = p.logits[row + j] === -Infinity ? 0 : Math.exp(logY[j] as number) * ((dy[row + j] as number) - dot);
    }
  });
}
