/**
 * Log-densities of the Concrete (Gumbel-Softmax) family, Maddison, Mnih & Teh (2017).
 *
 * Everything goes through the ExpConcrete form (x = log y), which is a sum of logs and so never
 * overflows where y_i^(−τ−1) would:
 *   log p(x) = log Γ(k) + (k−1) log τ + Σ_i (l_i − τ x_i) − k · logsumexp_i(l_i − τ x_i).
 * The Concrete density of y on the simplex is then log p(log y) − Σ log y_i (the Jacobian of
 * y = e^x). Note the −k exponent on the sum: the summary formula this project started from drops
 * it, which gives a function that does not integrate to 1; the tests integrate these numerically.
 *
 * Masked classes (-Infinity logits) have probability 0 and are dropped: k counts the unmasked
 * classes, and the masked coordinates must be exactly 0 in y (-Infinity in x). Densities are
 * evaluated at the coordinates given; a y that is off the simplex by rounding (float32 samples) is
 * accepted within `simplexTolerance(k)`, one that is off by more is a typed error (support.ts).
 * At the boundary of the support (y_i = 0, x_i = −∞, y ∈ {0, 1}, a ±∞ Bernoulli logit) the value
 * is the limit, never NaN: the rules are in edge-limits.ts.
 */
import { binConcreteEndLogProb, binConcreteSureLogProb, concreteBoundaryLogProb } from './edge-limits.js';
import { GumbelRangeError } from './errors.js';
import { expConcreteRowLogProb } from './exp-concrete-row.js';
import { softplus } from './log-space.js';
import { validateLogSimplexPoint, validateSimplexPoint } from './support.js';
import { finiteNumber, numberNotNaN } from './number-args.js';
import { validateArrayLike, validateLength, validateLogits, validateProbabilities, validateTemperature } from './validate.js';

/**
 * The ExpConcrete log-density at x, with x already validated against the mask: the boundary limit
 * and the overflow check here, the row itself in exp-concrete-row.ts (shared with the backends).
 */
function expConcreteCore(x: ArrayLike<number>, logits: ArrayLike<number>, tau: number, argument: string): number {
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (l === -Infinity) continue;
    // x_i = −∞ at an unmasked class: y_i = 0, where the ExpConcrete density's limit is 0 (edge-limits.ts).
    if (x[i] === -Infinity) return -Infinity;
    if (!Number.isFinite(l - tau * (x[i] as number))) {
      throw new GumbelRangeError(argument, x, `small enough that logits − τ·${argument} is finite`, `${argument}[${i}] = ${x[i]} with τ = ${tau}`);
    }
  }
  return expConcreteRowLogProb(logits, 0, x, 0, logits.length, tau);
}

function validateCommon(point: unknown, logits: unknown, tau: unknown, argument: string): { p: ArrayLike<number>; l: ArrayLike<number>; t: number } {
  const l = validateArrayLike(logits, 'logits');
  validateLogits(l);
  const p = validateArrayLike(point, argument);
  validateLength(p, l.length, argument, 'logits');
  return { p, l, t: validateTemperature(tau) };
}

/**
 * ExpConcrete(logits, τ) log-density at x = log y: x on the log-simplex (x_i ≤ 0, logsumexp 0),
 * -Infinity exactly at masked classes; -Infinity at an unmasked class gives the limit −∞.
 */
export function expConcreteLogProb(x: ArrayLike<number>, logits: ArrayLike<number>, tau: number): number {
  const { p, l, t } = validateCommon(x, logits, tau, 'x');
  for (let i = 0; i < l.length; i++) {
    const v = numberNotNaN(p[i], `x[${i}]`);
    if (l[i] === -Infinity && v !== -Infinity) throw new GumbelRangeError(`x[${i}]`, v, '-Infinity (log 0) at a masked class');
  }
  validateLogSimplexPoint(p, l, l.length, 'x');
  return expConcreteCore(p, l, t, 'x');
}

/**
 * Concrete(logits, τ) log-density at y on the simplex (exactly 0 at masked classes). At a boundary
 * point (some unmasked y_i = 0) it is the radial limit of edge-limits.ts: ±∞, or finite when
 * τk = m(τ + 1).
 */
export function concreteLogProb(y: ArrayLike<number>, logits: ArrayLike<number>, tau: number): number {
  const { p, l, t } = validateCommon(y, logits, tau, 'y');
  const x = new Float64Array(l.length);
  let jacobian = 0;
  let boundary = false;
  for (let i = 0; i < l.length; i++) {
    const v = finiteNumber(p[i], `y[${i}]`);
    if (!(v >= 0 && v <= 1)) throw new GumbelRangeError(`y[${i}]`, v, 'in [0, 1]');
    if (l[i] === -Infinity) {
      if (v !== 0) throw new GumbelRangeError(`y[${i}]`, v, '0 at a masked class');
      x[i] = -Infinity;
    } else {
      if (v === 0) boundary = true;
      x[i] = Math.log(v);
      jacobian += x[i] as number;
    }
  }
  validateSimplexPoint(p, l, l.length, 'y');
  if (boundary) return concreteBoundaryLogProb(p, l, t);
  return expConcreteCore(x, l, t, 'y') - jacobian;
}

/**
 * BinConcrete (relaxed Bernoulli) log-density in logit space, at x = logit(y):
 * log τ + (l − τx) − 2·softplus(l − τx), written symmetrically as log τ − softplus(t) − softplus(−t)
 * so that x = ±Infinity give -Infinity instead of ∞ − ∞.
 */
export function binConcreteLogitLogProb(x: number, logit: number, tau: number): number {
  numberNotNaN(x, 'x');
  finiteNumber(logit, 'logit');
  const t = validateTemperature(tau);
  // logit and τ are finite, so s is ±Infinity at worst, never NaN.
  const s = logit - t * x;
  return Math.log(t) - softplus(s) - softplus(-s);
}

/**
 * BinConcrete(logit, τ) log-density at y in [0, 1]: the logit-space form plus log |dx/dy| inside,
 * the limits of edge-limits.ts at y ∈ {0, 1}. A logit of ±∞ is a sure outcome (+∞ at its end).
 */
export function binConcreteLogProb(y: number, logit: number, tau: number): number {
  numberNotNaN(y, 'y');
  if (!(y >= 0 && y <= 1)) throw new GumbelRangeError('y', y, 'in [0, 1]');
  numberNotNaN(logit, 'logit');
  validateTemperature(tau);
  if (!Number.isFinite(logit)) return binConcreteSureLogProb(y, logit);
  if (y === 0 || y === 1) return binConcreteEndLogProb(y, logit, tau);
  const logY = Math.log(y);
  const log1mY = Math.log1p(-y);
  return binConcreteLogitLogProb(logY - log1mY, logit, tau) - logY - log1mY;
}

/**
 * Logits for the densities and samplers from probabilities: log p, with p = 0 → -Infinity
 * (masked). Unnormalised probabilities are fine; every consumer is invariant to a common shift.
 */
export function logitsFromProbabilities(probs: ArrayLike<number>): Float64Array {
  const p = validateArrayLike(probs, 'probs');
  validateProbabilities(p);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = Math.log(p[i] as number);
  return out;
}
