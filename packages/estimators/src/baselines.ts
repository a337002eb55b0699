/**
 * Baselines for the score-function estimator. For m samples z_1..z_m of one input the estimate is
 * (1/m) Σ_s (f(z_s) − b_s) ∇ log p(z_s); it stays unbiased whenever b_s does not depend on z_s.
 * - `none`: b = 0.
 * - `ema`: b = an exponential moving average of past mean losses, kept in the estimator. The value
 *   used for a sample is the one before that sample's losses are folded in, so it is independent
 *   of the sample it multiplies.
 * - `leave-one-out` (Kool, van Hoof & Welling 2019; "RLOO"): b_s = mean of the other m − 1 losses
 *   of the same input, which needs m ≥ 2.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';

export type BaselineKind = 'none' | 'ema' | 'leave-one-out';

export function baselineKind(value: unknown): BaselineKind {
  if (value === undefined) return 'none';
  if (value === 'none' || value === 'ema' || value === 'leave-one-out') return value;
  throw new GumbelTypeError('baseline', value, "'none', 'ema' or 'leave-one-out'");
}

/** The EMA state an estimator owns: b ← decay·b + (1 − decay)·mean(f) after each backward pass. */
export class MovingAverage {
  #value: number;
  constructor(
    initial: number,
    readonly decay: number,
  ) {
    if (!Number.isFinite(initial)) throw new GumbelRangeError('initialBaseline', initial, 'finite');
    this.#value = initial;
  }
  get value(): number {
    return this.#value;
  }
  update(losses: Float64Array): void {
    let sum = 0;
    for (const f of losses) sum += f;
    this.#value = this.decay * this.#value + (1 - this.decay) * (sum / losses.length);
  }
}

/**
 * The centred coefficients c_s = f_s − b_s for `batch` inputs with `m` samples each, laid out
 * input-major (row b·m + s is sample s of input b).
 */
export function centredLosses(kind: BaselineKind, losses: Float64Array, batch: number, m: number, ema: number): Float64Array {
  const out = new Float64Array(losses.length);
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let s = 0; s < m; s++) sum += losses[b * m + s] as number;
    for (let s = 0; s < m; s++) {
      const f = losses[b * m + s] as number;
      if (kind === 'none') out[b * m + s] = f;
      else if (kind === 'ema') out[b * m + s] = f - ema;
      else out[b * m + s] = f - (sum - f) / (m - 1);
    }
  }
  return out;
}
