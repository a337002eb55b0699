/**
 * Gumbel(loc, scale): the max-stable law behind Gumbel-max. In z = (x − loc)/scale,
 * log p = −log scale − z − e^(−z), F = exp(−e^(−z)), mean loc + γ·scale, variance π²scale²/6,
 * entropy log scale + γ + 1.
 */
import { LocScale } from './loc-scale.js';
import type { LocScaleOptions, StandardForms } from './loc-scale.js';
import { EULER_GAMMA } from './math/special.js';

export const STANDARD_GUMBEL: StandardForms = {
  quantile: (u) => -Math.log(-Math.log(u)),
  logPdf: (z) => {
    // −∞ on both sides: e^(−z) dominates as z → −∞, z as z → +∞ (written so neither is ∞ − ∞).
    if (z === -Infinity || z === Infinity) return [-Infinity, 0];
    const e = Math.exp(-z);
    return [-z - e, -1 + e];
  },
  cdf: (z) => {
    const e = Math.exp(-z);
    const f = Math.exp(-e);
    // f·e is 0·∞ at z = −∞; the density's limit there is 0.
    return [f, f === 0 || e === 0 ? 0 : f * e];
  },
  icdf: (p) => {
    const l = -Math.log(p);
    return [-Math.log(l), p === 0 || p === 1 ? Infinity : 1 / (p * l)];
  },
  mean: EULER_GAMMA,
  variance: (Math.PI * Math.PI) / 6,
  entropy: EULER_GAMMA + 1,
};

export type GumbelOptions<T> = LocScaleOptions<T>;

export class Gumbel<T> extends LocScale<T> {
  protected readonly standard = STANDARD_GUMBEL;
}
