/**
 * Support checks for the points where a density is evaluated, shared by the reference math and
 * every validating backend path. A point off the support (y off the simplex, y outside [0, 1],
 * log y > 0) is a typed error; a point on the closed support's boundary (y_i = 0, y ∈ {0, 1},
 * x_i = −∞) is valid, and the densities return their limit there (see densities.ts).
 *
 * Masked classes (logit −∞) are dropped from a Concrete, so their coordinates are not part of the
 * point: the row sums below run over the unmasked classes only. (The reference functions also
 * insist that those coordinates are exactly 0 / −∞; the backends ignore them, as documented on
 * `Backend.concreteLogProb`.)
 */
import { GumbelRangeError } from './errors.js';

/**
 * How far a row of y may sum from 1 (and logsumexp(x) from 0): 1e-3 + k·2⁻²³. Points are rounded:
 * a float32 sample's row normaliser, summed over k terms, can be off by (k − 1)·2⁻²⁴ relative,
 * which every entry inherits; 1e-3 covers entries computed with a few bits less than float32
 * (GPU exp, points quantised to 12 bits). The check is there to reject points that were never on
 * the simplex (a sum of 0.8, a row of unnormalised scores), not to audit rounding.
 */
export function simplexTolerance(k: number): number {
  return 1e-3 + k * 2 ** -23;
}

function entry(values: ArrayLike<number>, i: number, argument: string): number {
  const v = values[i] as number;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'a number, not NaN');
  return v;
}

/**
 * y, row by row (`k` entries each, aligned with `logits`): at unmasked classes 0 ≤ y_i ≤ 1 and the
 * row sums to 1 within `simplexTolerance(k)`; at least one entry is positive (so it is on the
 * simplex at all).
 */
export function validateSimplexPoint(y: ArrayLike<number>, logits: ArrayLike<number>, k: number, argument = 'y'): void {
  const tol = simplexTolerance(k);
  for (let start = 0; start < y.length; start += k) {
    let sum = 0;
    for (let i = start; i < start + k; i++) {
      if (logits[i] === -Infinity) continue;
      const v = entry(y, i, argument);
      if (!(v >= 0 && v <= 1 + tol)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'in [0, 1] (a point of the simplex)');
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= tol)) {
      const row = y.length === k ? argument : `${argument} row ${start / k}`;
      throw new GumbelRangeError(row, Array.from({ length: k }, (_, j) => y[start + j]), `on the simplex (unmasked entries summing to 1 ± ${tol.toPrecision(2)})`, `a sum of ${sum}`);
    }
  }
}

/**
 * x = log y, row by row: at unmasked classes x_i ≤ 0 (within the tolerance) and −∞ allowed (y_i = 0,
 * the boundary), and logsumexp of the row is 0 within `simplexTolerance(k)`.
 */
export function validateLogSimplexPoint(x: ArrayLike<number>, logits: ArrayLike<number>, k: number, argument = 'x'): void {
  const tol = simplexTolerance(k);
  for (let start = 0; start < x.length; start += k) {
    let max = -Infinity;
    for (let i = start; i < start + k; i++) {
      if (logits[i] === -Infinity) continue;
      const v = entry(x, i, argument);
      if (!(v <= tol)) throw new GumbelRangeError(`${argument}[${i}]`, v, '≤ 0 (x = log y, y on the simplex)');
      if (v > max) max = v;
    }
    let sum = 0;
    for (let i = start; i < start + k; i++) if (logits[i] !== -Infinity) sum += Math.exp((x[i] as number) - max);
    const lse = max + Math.log(sum);
    if (!(Math.abs(lse) <= tol)) {
      const row = x.length === k ? argument : `${argument} row ${start / k}`;
      throw new GumbelRangeError(row, Array.from({ length: k }, (_, j) => x[start + j]), `on the log-simplex (logsumexp of the unmasked entries 0 ± ${tol.toPrecision(2)})`, `a logsumexp of ${lse}`);
    }
  }
}

/** Every entry of y in the closed interval [0, 1] (the BinConcrete support and its boundary). */
export function validateUnitInterval(y: ArrayLike<number>, argument = 'y'): void {
  for (let i = 0; i < y.length; i++) {
    const v = entry(y, i, argument);
    if (!(v >= 0 && v <= 1)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'in [0, 1]');
  }
}
