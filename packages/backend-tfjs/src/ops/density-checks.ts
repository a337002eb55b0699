/**
 * The checking option of the density ops (`{ validate: true }`): reads the logits, the point and a
 * τ tensor back to the host (`dataSync`, a GPU round trip on webgl) and applies the Backend's rules —
 * logits without NaN (categorical: no +∞, not a row entirely masked), τ finite and > 0, and the
 * point on the support (core's support.ts: y on the simplex, x on the log-simplex, BinConcrete y in
 * [0, 1]). Errors are GumbelRangeError / GumbelTypeError naming the argument.
 *
 * Without it (the default, for training loops) nothing is read back and bad content is not
 * detected: the ops return what the formulas give there — NaN where an input is NaN, where a
 * BinConcrete y is outside [0, 1] or a Concrete y_i < 0; for a y off the simplex (or an x off the
 * log-simplex) a finite number that is not a log-density of anything; for τ ≤ 0, NaN or ±∞.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  GumbelRangeError,
  validateLogSimplexPoint,
  validateLogits,
  validateSimplexPoint,
  validateTemperatures,
  validateUnitInterval,
} from '@gumbel/core';

export interface DensityOpOptions {
  /** Read the inputs back and throw typed errors for content off the support. Default false. */
  readonly validate?: boolean;
}

export type DensityOpKind = 'concrete' | 'expConcrete' | 'binConcrete';

export function checkDensityInputs(kind: DensityOpKind, logits: tf.Tensor, value: tf.Tensor, tau: number | tf.Tensor): void {
  const l = logits.dataSync();
  const v = value.dataSync();
  if (typeof tau !== 'number') validateTemperatures(tau.dataSync(), 'tau');
  if (kind === 'binConcrete') {
    for (let i = 0; i < l.length; i++) if (Number.isNaN(l[i])) throw new GumbelRangeError(`logits[${i}]`, l[i], 'not NaN (±Infinity: probability 1 or 0)');
    validateUnitInterval(v, 'y');
    return;
  }
  const k = logits.shape[1] as number;
  validateLogits(l, 'logits', k);
  if (kind === 'concrete') validateSimplexPoint(v, l, k, 'y');
  else validateLogSimplexPoint(v, l, k, 'x');
}
