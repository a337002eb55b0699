/**
 * The Gumbel(loc, scale) distribution in plain float64: the reference every backend's noise and
 * every statistical test is checked against.
 *
 * Densities are computed in log space first because the Gumbel left tail is doubly exponential:
 * at x = -5 the pdf is 5e-63 and at x = -30 it underflows, while its logarithm stays an ordinary
 * number. `gumbelLogCdf` is `-exp(-z)` exactly, never `log(cdf)`, which would be log(0) = -Infinity
 * long before the true value leaves the float64 range.
 */
import type { CounterRng } from './counter-rng.js';
import { closedUnit, counterRng, finiteNumber, numberNotNaN, openUnit } from './number-args.js';
import { validateTemperature } from './validate.js';

function standardized(x: number, loc: number, scale: number): number {
  numberNotNaN(x, 'x');
  finiteNumber(loc, 'loc');
  validateTemperature(scale, 'scale');
  return (x - loc) / scale;
}

/** log of the Gumbel density: -(z + e^(-z)) - log(scale), z = (x - loc) / scale. */
export function gumbelLogPdf(x: number, loc = 0, scale = 1): number {
  const z = standardized(x, loc, scale);
  // At z = -Infinity, z + e^(-z) would be -Infinity + Infinity = NaN; the limit is -Infinity.
  if (z === -Infinity) return -Infinity;
  return -(z + Math.exp(-z)) - Math.log(scale);
}

export function gumbelPdf(x: number, loc = 0, scale = 1): number {
  return Math.exp(gumbelLogPdf(x, loc, scale));
}

/** log of the Gumbel CDF, -e^(-z): finite far into the left tail, where the CDF underflows. */
export function gumbelLogCdf(x: number, loc = 0, scale = 1): number {
  return -Math.exp(-standardized(x, loc, scale));
}

export function gumbelCdf(x: number, loc = 0, scale = 1): number {
  return Math.exp(gumbelLogCdf(x, loc, scale));
}

/**
 * Inverse CDF: loc - scale·log(-log p), with p = 0 → -Infinity and p = 1 → Infinity.
 * Near x = loc (p ≈ 1/e) the result carries an absolute error of a few ulps of `scale`, not of x:
 * log p ≈ -1 is rounded before the cancellation in log(-log p), and no float64 formula avoids that.
 */
export function gumbelQuantile(p: number, loc = 0, scale = 1): number {
  closedUnit(p, 'p');
  finiteNumber(loc, 'loc');
  validateTemperature(scale, 'scale');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return loc - scale * Math.log(-Math.log(p));
}

/**
 * A standard Gumbel variate from a uniform u in (0, 1): -log(-log u). The open interval is
 * required so the result is always finite (an infinite noise value turns softmax into NaN).
 */
export function gumbelFromUniform(u: number): number {
  openUnit(u, 'u');
  return -Math.log(-Math.log(u));
}

/**
 * A standard logistic variate from u in (0, 1): log u - log(1 - u). log1p keeps full accuracy for
 * small u and 1 - u is exact for u ≥ 1/2, so both tails keep their relative precision.
 */
export function logisticFromUniform(u: number): number {
  openUnit(u, 'u');
  return Math.log(u) - Math.log1p(-u);
}

/** One Gumbel(loc, scale) draw, consuming exactly one uniform from `rng`. */
export function sampleGumbel(rng: CounterRng, loc = 0, scale = 1): number {
  counterRng(rng);
  finiteNumber(loc, 'loc');
  validateTemperature(scale, 'scale');
  return loc + scale * gumbelFromUniform(rng.next());
}
