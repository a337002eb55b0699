/**
 * Relaxed (BinConcrete) and hard Bernoulli samples, elementwise over logits of any rank ≥ 1, with τ
 * one number or one per row of the leading axis. t = (logit + noise)/τ, y = σ(t).
 * A logit of −∞ has probability 0: y = 0, hard = 0, gradients exactly 0.
 */
import type { FloatPrecision, ResolvedTemperature } from '@gumbel/core';
import { argsObject, elementwiseLogits, like, optionalNoise, resolveTau, tauAt, tauGradient } from './args.js';
import { sigmoid, sigmoidSlope } from './scalar-math.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

interface Prepared {
  readonly logits: FloatArray;
  readonly noise: FloatArray | undefined;
  readonly tau: ResolvedTemperature<CpuTensor>;
  readonly batch: number;
  readonly rowSize: number;
  readonly shape: readonly number[];
}

function prepare(args: unknown): Prepared {
  const a = argsObject(args);
  const { tensor, batch, rowSize } = elementwiseLogits(a['logits']);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const tau = resolveTau(a['tau'], batch);
  return { logits: tensor.data, noise: noise?.data, tau, batch, rowSize, shape: tensor.shape };
}

function perturbed(p: { logits: FloatArray; noise: FloatArray | undefined }, i: number): number {
  const l = p.logits[i] as number;
  return l === -Infinity || p.noise === undefined ? l : l + (p.noise[i] as number);
}

export function relaxedBernoulli(precision: FloatPrecision, args: unknown): CpuTensor {
  const p = prepare(args);
  const out = allocate(precision, p.logits.length);
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    for (let i = b * p.rowSize; i < (b + 1) * p.rowSize; i++) out[i] = sigmoid(perturbed(p, i) / tau);
  }
  return makeTensor(out, p.shape);
}

/**
 * y = σ(t), t = (logit + noise)/τ:
 *   dL/dlogit = dy · σ'(t) / τ
 *   dL/dτ     = Σ_row dy · σ'(t) · (−t/τ)
 * Masked logits are skipped: there σ'(t) = 0 but t = −∞, and 0·∞ would be NaN.
 * σ'(t) is recomputed in float64 rather than taken as y(1 − y) from the stored y.
 */
export function relaxedBernoulliVjp(precision: FloatPrecision, args: unknown): { dLogits: CpuTensor; dTau: CpuTensor } {
  const p = prepare(args);
  const a = argsObject(args);
  like(a['y'], 'y', p.shape, 'logits');
  const dy = like(a['dy'], 'dy', p.shape, 'logits').data;
  const dLogits = allocate(precision, p.logits.length);
  const dTauRows = new Float64Array(p.batch);
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    let acc = 0;
    for (let i = b * p.rowSize; i < (b + 1) * p.rowSize; i++) {
      if (p.logits[i] === -Infinity) continue;
      const t = perturbed(p, i) / tau;
      const dt = (dy[i] as number) * sigmoidSlope(t);
      dLogits[i] = dt / tau;
      acc += dt * t;
    }
    dTauRows[b] = -acc / tau;
  }
  return { dLogits: makeTensor(dLogits, p.shape), dTau: tauGradient(p.tau, dTauRows, precision) };
}

/** 1 where logit + noise > 0, else 0 (σ(t) > 1/2 exactly when t > 0, for every τ > 0). */
export function hardBernoulli(precision: FloatPrecision, args: unknown): CpuTensor {
  const a = argsObject(args);
  const { tensor } = elementwiseLogits(a['logits']);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const q = { logits: tensor.data, noise: noise?.data };
  const out = allocate(precision, tensor.data.length);
  for (let i = 0; i < out.length; i++) out[i] = perturbed(q, i) > 0 ? 1 : 0;
  return makeTensor(out, tensor.shape);
}
