/**
 * Logistic(loc, scale): the difference of two Gumbels, the noise of the relaxed Bernoulli. In
 * z = (x − loc)/scale, log p = −log scale − softplus(z) − softplus(−z) (symmetric, so ±∞ give −∞),
 * F = σ(z), mean loc, variance π²scale²/3, entropy log scale + 2.
 */
import { LocScale } from './loc-scale.js';
import type { LocScaleOptions, StandardForms } from './loc-scale.js';
import { sigmoid, softplus } from './math/special.js';

export const STANDARD_LOGISTIC: StandardForms = {
  quantile: (u) => Math.log(u) - Math.log1p(-u),
  logPdf: (z) => [-softplus(z) - softplus(-z), Number.isFinite(z) ? 1 - 2 * sigmoid(z) : 0],
  cdf: (z) => [sigmoid(z), sigmoid(z) * sigmoid(-z)],
  icdf: (p) => [Math.log(p) - Math.log1p(-p), p === 0 || p === 1 ? Infinity : 1 / (p * (1 - p))],
  mean: 0,
  variance: (Math.PI * Math.PI) / 3,
  entropy: 2,
};

export type LogisticOptions<T> = LocScaleOptions<T>;

export class Logistic<T> extends LocScale<T> {
  protected readonly standard = STANDARD_LOGISTIC;
}
