/**
 * Gumbel variates conditioned from above, the building block of the Gumbel-Rao estimator: given a
 * hard sample, it needs noise that *would have produced* that sample ("reverse Gumbel").
 */
import type { CounterRng } from './counter-rng.js';
import { GumbelRangeError } from './errors.js';
import { logAddExp } from './log-space.js';
import { counterRng, finiteNumber, numberNotNaN, openUnit } from './number-args.js';
import { gumbelFromUniform } from './gumbel.js';
import { logSumExp } from './softmax.js';
import { assertNumber, validateArrayLike, validateLogits } from './validate.js';

/**
 * A Gumbel(loc, 1) variate conditioned on being ≤ bound, by inversion of the conditioned CDF
 * F(x)/F(bound): x = loc − logaddexp(−(bound − loc), log(−log u)). Written with logaddexp rather
 * than −log(e^(−(bound−loc)) − log u) so that neither a bound far above loc (e^(−(bound−loc))
 * underflows: the plain Gumbel) nor far below (it overflows) loses the other term.
 * `bound = Infinity` gives an ordinary Gumbel(loc) draw. The result never exceeds `bound`.
 */
export function truncatedGumbelFromUniform(loc: number, bound: number, u: number): number {
  finiteNumber(loc, 'loc');
  numberNotNaN(bound, 'bound');
  if (bound === -Infinity) throw new GumbelRangeError('bound', bound, 'greater than -Infinity (nothing lies below it)');
  openUnit(u, 'u');
  const x = loc - logAddExp(loc - bound, Math.log(-Math.log(u)));
  return Math.min(x, bound);
}

/** One truncated Gumbel draw, consuming exactly one uniform from `rng`. */
export function sampleTruncatedGumbel(rng: CounterRng, loc: number, bound: number): number {
  counterRng(rng);
  finiteNumber(loc, 'loc');
  numberNotNaN(bound, 'bound');
  if (bound === -Infinity) throw new GumbelRangeError('bound', bound, 'greater than -Infinity (nothing lies below it)');
  return truncatedGumbelFromUniform(loc, bound, rng.next());
}

/**
 * Gumbel noise g conditioned on argmax(logits + g) = index (Maddison et al. 2014's top-down
 * construction): the maximum z_index = logits_index + g_index is Gumbel(logsumexp(logits)), and
 * every other unmasked z_i is Gumbel(logits_i) truncated at ≤ z_index; g_i = z_i − logits_i.
 * Masked (-Infinity) classes get an ordinary standard Gumbel draw, since logits_i + g_i is
 * -Infinity whatever g_i is.
 *
 * Draw order (stable; matches the CPU backend's float64 stream): exactly k uniforms are drawn,
 * u_0 … u_(k−1) in class order, and class i uses u_i — the index class included, which turns its
 * u into the Gumbel(logsumexp) maximum. Every class is strictly below the maximum after float64
 * rounding (a value that rounds onto it is moved down by a few ulps), so `argmax` with its
 * lowest-index tie rule returns `index` even when index is not the lowest of tied candidates.
 */
export function conditionalGumbelNoise(logits: ArrayLike<number>, index: number, rng: CounterRng): Float64Array {
  validateLogits(validateArrayLike(logits, 'logits'));
  const k = logits.length;
  assertNumber(index, 'index');
  if (!Number.isInteger(index) || index < 0 || index >= k) {
    throw new GumbelRangeError('index', index, `an integer in [0, ${k})`);
  }
  if (logits[index] === -Infinity) throw new GumbelRangeError('index', index, 'a class whose logit is not -Infinity (masked)');
  counterRng(rng);

  const standard = new Float64Array(k);
  for (let i = 0; i < k; i++) standard[i] = gumbelFromUniform(rng.next());

  const top = logits[index] as number;
  const g = new Float64Array(k);
  g[index] = logSumExp(logits) + (standard[index] as number) - top;
  const max = top + (g[index] as number);
  for (let i = 0; i < k; i++) {
    if (i === index) continue;
    const l = logits[i] as number;
    const G = standard[i] as number;
    if (l === -Infinity) {
      g[i] = G;
      continue;
    }
    // Truncated Gumbel(l) at ≤ max, as an offset from l: −logaddexp(l − max, −G).
    let gi = -logAddExp(l - max, -G);
    // Rare (a truncated draw within an ulp of the bound): step down by doubling amounts of the
    // coarser ulp of l and g_i, so the loop ends in a few steps even when |l| ≫ |g_i|.
    let step = Math.max(Math.abs(gi), Math.abs(l), Number.MIN_VALUE / Number.EPSILON) * Number.EPSILON;
    while (l + gi >= max) {
      gi -= step;
      step *= 2;
    }
    g[i] = gi;
  }
  return g;
}
