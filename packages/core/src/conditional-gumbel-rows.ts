/**
 * Gumbel noise conditioned on the argmax for a whole `[batch, k]` batch, into a float32 or float64
 * array: the host algorithm behind `Backend.conditionalGumbelNoise` (the "reverse Gumbel" that
 * Gumbel-Rao averages over), shared by the backends that compute it on the host.
 *
 * Draw order: the call reserves batch·k positions; element (b, j) uses the uniform at position
 * `offset + b·k + j`, turned into a standard Gumbel G. For the given index i of row b,
 *   T = logsumexp(logits_b) + G_i           (the max of logits + g is Gumbel(logsumexp) and
 *                                            independent of where it is attained)
 *   g_i = T − logits_i
 * and for every other class j, z_j = −log(e^(−T) + e^(−(logits_j + G_j))) is a Gumbel(logits_j)
 * truncated to ≤ T (its CDF is F(z)/F(T)), so g_j = z_j − logits_j, rewritten without the
 * cancellation as
 *   g_j = −logaddexp(logits_j − T, −G_j).
 * For a masked class (logits_j = −∞) that formula gives g_j = G_j: an ordinary Gumbel, as the
 * interface asks. One uniform per element keeps the work parallel and the stream layout the same
 * as `gumbelNoise`. It is also the layout of the row-wise `conditionalGumbelNoise(logits, index,
 * rng)` (k uniforms per row, class j uses the j-th), so into a Float64Array a batch equals those
 * rows drawn one after another from the same stream; a Float32Array reads the float32 uniforms of
 * the same positions.
 */
import type { RandomSource } from './counter-rng.js';
import { fillUniforms, reserveFrom } from './counter-rng.js';
import { GumbelRangeError } from './errors.js';
import { logAddExp } from './log-space.js';

/**
 * `out` (length batch·k) receives the noise. `logits` must already be checked (categorical, at
 * least one finite entry per row); `index` (length batch) is checked here, before the stream
 * advances: each entry an integer in [0, k) naming an unmasked class.
 */
export function fillConditionalGumbel(out: Float32Array | Float64Array, logits: ArrayLike<number>, index: ArrayLike<number>, k: number, source: RandomSource): void {
  const batch = index.length;
  for (let b = 0; b < batch; b++) {
    const i = index[b] as number;
    if (!(Number.isInteger(i) && i >= 0 && i < k)) throw new GumbelRangeError(`index[${b}]`, i, `an integer in [0, ${k - 1}]`);
    if (logits[b * k + i] === -Infinity) {
      throw new GumbelRangeError(`index[${b}]`, i, 'the index of an unmasked class (its logit is -Infinity, so it can never be the argmax)');
    }
  }
  // Rounds to the output's precision, as storing into it would.
  const round = out instanceof Float32Array ? Math.fround : (x: number) => x;
  const ulp = out instanceof Float32Array ? 2 ** -23 : 2 ** -52;
  // Stream uniforms lie in the open interval, so the unchecked transform is finite.
  const gumbel = (u: number) => -Math.log(-Math.log(u));

  fillUniforms(out, reserveFrom(source, batch * k));
  for (let b = 0; b < batch; b++) {
    const row = b * k;
    const i = index[b] as number;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[row + j] as number);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((logits[row + j] as number) - max);
    const top = max + Math.log(sum) + gumbel(out[row + i] as number);
    const li = logits[row + i] as number;
    out[row + i] = top - li;
    // What a caller will compare: logits + g, formed from the stored g and rounded to the output's
    // precision (a float32 tensor add rounds the sum too). Rounding is monotonic, so a strict
    // inequality after rounding implies it before.
    const winner = round(li + (out[row + i] as number));
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const lj = logits[row + j] as number;
      out[row + j] = -logAddExp(lj - top, -gumbel(out[row + j] as number));
      // Rounding (above all to float32) can lift logits_j + g_j onto the winner's value, and ties
      // go to the lowest index; step g_j down until the conditioning event holds exactly.
      // The step starts at about one ulp of the operands and doubles, so the loop ends in a few
      // rounds while moving g_j by a negligible amount.
      let g = out[row + j] as number;
      if (lj !== -Infinity && round(lj + g) >= winner) {
        let step = ulp * Math.max(Math.abs(winner), Math.abs(lj), Math.abs(g), 2 ** -100);
        while (round(lj + g) >= winner) {
          g = round(g - step);
          step *= 2;
        }
        out[row + j] = g;
      }
    }
  }
}
