/**
 * Gumbel noise conditioned on the argmax (the "reverse Gumbel" that Gumbel-Rao averages over).
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
 * interface asks. One uniform per element keeps the kernel parallel and the stream layout the same
 * as `gumbelNoise`. It is also the layout of core's row-wise `conditionalGumbelNoise(logits, index,
 * rng)` (k uniforms per row, class j uses the j-th), so on a float64 backend a batch equals core's
 * rows drawn one after another from the same stream (checked in core-agreement.test.ts); a float32
 * backend reads the float32 uniforms of the same positions.
 */
import { GumbelRangeError, fillUniforms, reserveFrom, validateSameShape } from '@gumbel/core';
import type { FloatPrecision, RandomSource } from '@gumbel/core';
import { asTensor, categoricalLogits } from './args.js';
import { gumbelFromUniform } from './noise.js';
import { logAddExp } from './scalar-math.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

/** Rounds to the backend's precision, as storing into its output array would. */
function roundTo(precision: FloatPrecision, x: number): number {
  return precision === 32 ? Math.fround(x) : x;
}

export function conditionalGumbelNoise(precision: FloatPrecision, logitsArg: unknown, indexArg: unknown, source: RandomSource): CpuTensor {
  const { tensor: logitsTensor, batch, k } = categoricalLogits(logitsArg);
  const indexTensor = asTensor(indexArg, 'index');
  validateSameShape(indexTensor.shape, [batch], 'index', 'the batch size of logits');
  const logits = logitsTensor.data;
  const index = indexTensor.data;
  for (let b = 0; b < batch; b++) {
    const i = index[b] as number;
    if (!(Number.isInteger(i) && i >= 0 && i < k)) throw new GumbelRangeError(`index[${b}]`, i, `an integer in [0, ${k - 1}]`);
    if (logits[b * k + i] === -Infinity) {
      throw new GumbelRangeError(`index[${b}]`, i, 'the index of an unmasked class (its logit is -Infinity, so it can never be the argmax)');
    }
  }

  const out: FloatArray = allocate(precision, batch * k);
  fillUniforms(out, reserveFrom(source, batch * k));
  for (let b = 0; b < batch; b++) {
    const row = b * k;
    const i = index[b] as number;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[row + j] as number);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((logits[row + j] as number) - max);
    const top = max + Math.log(sum) + gumbelFromUniform(out[row + i] as number);
    const li = logits[row + i] as number;
    out[row + i] = top - li;
    // What a caller will compare: logits + g, formed from the stored g and rounded to this
    // backend's precision (a float32 tensor add rounds the sum too). Rounding is monotonic, so
    // a strict inequality after rounding implies it before.
    const winner = roundTo(precision, li + (out[row + i] as number));
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const lj = logits[row + j] as number;
      out[row + j] = -logAddExp(lj - top, -gumbelFromUniform(out[row + j] as number));
      // Rounding (above all to float32) can lift logits_j + g_j onto the winner's value, and ties
      // go to the lowest index; step g_j down until the conditioning event holds exactly.
      // The step starts at about one ulp of the operands and doubles, so the loop ends in a few
      // rounds while moving g_j by a negligible amount.
      let g = out[row + j] as number;
      if (lj !== -Infinity && roundTo(precision, lj + g) >= winner) {
        let step = (precision === 32 ? 2 ** -23 : 2 ** -52) * Math.max(Math.abs(winner), Math.abs(lj), Math.abs(g), 2 ** -100);
        while (roundTo(precision, lj + g) >= winner) {
          g = roundTo(precision, g - step);
          step *= 2;
        }
        out[row + j] = g;
      }
    }
  }
  return makeTensor(out, [batch, k]);
}
