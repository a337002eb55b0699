/**
 * Kernel sources of `conditionalGumbelNoise` on the device: core's `fillConditionalGumbel`
 * (conditional-gumbel-rows.ts) with one thread per row for the maximum and one per entry for the
 * rest, on the same stream layout — entry (b, j) hashes block position offset + b·k + j, as
 * `gumbelNoise` would — so a seed gives the CPU backend's float32 noise up to float32 rounding of
 * the logs and the row logsumexp.
 *
 * Arguments `k0a … c1b` are the stream's key and offset halves (see threefry-sources.ts); `index`
 * is `[batch]` of class indices as floats; `top` is the row kernel's output.
 */
import { signature } from './categorical-sources.js';
import { MASKED_BELOW } from './helper-sources.js';
import { THREEFRY_FUNCTION } from './threefry-sources.js';

const STREAM = ['k0a', 'k0b', 'k1a', 'k1b', 'c0a', 'c0b', 'c1a', 'c1b'] as const;

/** Standard Gumbel −log(−log u) of the stream uniform at entry `entry` (gLog: accurate near u = 1). */
function gumbelAt(entry: string): string {
  return `-Math.log(-gLog(${THREEFRY_FUNCTION}(${STREAM.join(', ')}, ${entry})))`;
}

/**
 * Row b's maximum T = logsumexp(logits_b) + G at the index entry: max_j(logits_j + g_j) is
 * Gumbel(logsumexp) whichever class attains it. The row logsumexp is `mx + lse` (categorical-ops'
 * rowStatistics at τ = 1, no noise: the row maximum and log Σ e^(l − max)). Stored float32 (gF32 on the cpu mode), so every entry thread
 * reads the same T. Output `[batch]`.
 */
export const CONDITIONAL_TOP_SOURCE = `${signature('mx', 'lse', 'index', ...STREAM)} {
  const b = this.thread.x;
  return gF32(mx[b] + lse[b] + ${gumbelAt('b * this.constants.k + index[b]')});
}`;

/**
 * Entry (b, j): g_i = T − logits_i at the index i; an ordinary Gumbel G_j at a masked class; else
 * the Gumbel(logits_j) truncated at ≤ T, as an offset: g_j = −logaddexp(logits_j − T, −G_j).
 *
 * Then the guard of core's reference, in float32: rounding can lift logits_j + g_j onto the
 * winner's logits_i + g_i, and ties go to the lowest index, so g_j steps down (from about one ulp,
 * doubling) until fl(logits_j + g_j) < fl(logits_i + g_i). Rounding is monotonic, so that strict
 * inequality holds for the exact sums as well: a float64 argmax on the host and a float32 one on
 * the device both return i. gF32 rounds as float32 on the cpu mode (identity on GLSL, which is
 * float32 already); the returned g is float32-exact, so the stored value is the one checked. The
 * loop is bounded (GPU.js needs a compile-time bound): 40 doublings move g by 2⁴⁰ ulps, far past
 * any rounding gap; in practice it stops after one or two. Output `[batch·k]`.
 */
export const CONDITIONAL_ENTRY_SOURCE = `${signature('logits', 'index', 'top', ...STREAM)} {
  const b = gRowOf(this.thread.x, this.constants.k);
  const j = this.thread.x - b * this.constants.k;
  const i = index[b];
  const t = top[b];
  const li = logits[b * this.constants.k + i];
  const gi = gF32(t - li);
  if (Math.abs(j - i) < 0.5) { return gi; }
  const l = logits[this.thread.x];
  const G = ${gumbelAt('this.thread.x')};
  if (l > ${MASKED_BELOW}) {
    const winner = gF32(li + gi);
    let g = gF32(-gLogAddExp(l - t, -G));
    let step = 1.1920928955078125e-7 * Math.max(Math.max(Math.abs(winner), Math.abs(l)), Math.max(Math.abs(g), 1.0e-30));
    for (let n = 0; n < 40; n++) {
      if (gF32(l + g) >= winner) {
        g = gF32(g - step);
        step = step * 2.0;
      }
    }
    return g;
  }
  return G;
}`;
