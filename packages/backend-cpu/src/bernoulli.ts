/**
 * Relaxed (BinConcrete) and hard Bernoulli samples, elementwise over logits of any rank ≥ 1, with τ
 * one number or one per row of the leading axis. t = (logit + noise)/τ, y = σ(t).
 * A logit of −∞ has probability 0: y = 0, hard = 0, gradients exactly 0; +∞ has probability 1:
 * y = 1, hard = 1, gradients 0. These sure outcomes are the only samples at 0 or 1.
 *
 * With a finite logit, y is kept in the open interval (0, 1) of the stored precision, so every
 * sample has a finite BinConcrete log-density (DESIGN "Numerics"; ARCHITECTURE says why this and
 * not logit space): σ(t) rounds to exactly 1 for t > 17 in float32 (t > 37 in float64), e.g. at
 * τ = 0.5 for a logistic draw of 8.5. The largest value below 1 (1 − 2⁻²⁴, 1 − 2⁻⁵³) is as faithful
 * a rounding of σ(t) as 1 is; at the bottom σ(t) is raised to the smallest normal number (2⁻¹²⁶,
 * 2⁻¹⁰²²), which GPUs that flush subnormals to 0 also keep. The VJP stays that of σ(t): the clamp
 * moves y by less than one unit in the last place, where σ' < 2⁻²⁴.
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

/** The open interval a sample with a finite logit is kept in, per stored precision. */
export const OPEN_UNIT: Readonly<Record<FloatPrecision, { readonly lo: number; readonly hi: number }>> = {
  32: { lo: 2 ** -126, hi: 1 - 2 ** -24 },
  64: { lo: 2 ** -1022, hi: 1 - 2 ** -53 },
};

export function relaxedBernoulli(precision: FloatPrecision, args: unknown): CpuTensor {
  const p = prepare(args);
  const out = allocate(precision, p.logits.length);
  const { lo, hi } = OPEN_UNIT[precision];
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    for (let i = b * p.rowSize; i < (b + 1) * p.rowSize; i++) {
      const y = sigmoid(perturbed(p, i) / tau);
      // NaN (from NaN noise) fails both comparisons and propagates.
      out[i] = Number.isFinite(p.logits[i] as number) ? (y > hi ? hi : y < lo ? lo : y) : y;
    }
  }
  return makeTensor(out, p.shape);
}

/**
 * y = σ(t), t = (logit + noise)/τ:
 *   dL/dlogit = dy · σ'(t) / τ
 *   dL/dτ     = Σ_row dy · σ'(t) · (−t/τ)
 * Logits of ±∞ (sure outcomes) are skipped: there σ'(t) = 0 but t = ±∞, and 0·∞ would be NaN.
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
      if (!Number.isFinite(p.logits[i] as number)) continue;
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
