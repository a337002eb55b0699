/**
 * Kernel source of `topK` on the device: one thread per output slot (b, c) of a flat `[batch, count]`
 * value, returning the index of the c-th largest entry of row b of logits (+ noise).
 *
 * The order is total: entry j comes before entry i when v_j > v_i, or v_j = v_i and j < i (ties to
 * the lowest index, as `argmax` documents). A masked logit stays −∞ whatever the noise, as in
 * `rowArgmaxSource`, and the perturbed value is formed by the same expression, so slot 0 is the
 * `argmax`/`gumbelMax` index of the same call on the same mode.
 *
 * Selection by repeated maxima: pass s finds the first entry, in that order, that comes after the
 * one pass s − 1 found (the largest below it; ties in value resolved by index). Thread (b, c) runs
 * passes 0 … c and returns the last. No thread writes anything but its own slot, so no sort or
 * scratch buffer is needed — GPU.js kernels have neither shared memory nor a second output.
 *
 * Cost: thread (b, c) reads its row (c + 1) times, so a call does batch·k·count·(count + 1)/2
 * comparisons in one kernel: k per row for count = 1 (the argmax), fine for the small counts that
 * sampling without replacement uses. For count near k it grows as k³ per row; a rank-by-counting
 * kernel (k² per row) or a bitonic sort would then be cheaper. NaN (only through NaN noise, which
 * device tensors do not check) compares false everywhere and its order is unspecified here.
 */
import { signature } from './categorical-sources.js';
import { MASKED_BELOW } from './helper-sources.js';

export function topKSource(noise: boolean): string {
  const at = 'x[b * this.constants.k + j]';
  const value = noise ? `(${at} > ${MASKED_BELOW} ? ${at} + noise[b * this.constants.k + j] : ${at})` : at;
  return `${signature('x', noise && 'noise')} {
  const b = gRowOf(this.thread.x, this.constants.count);
  const c = this.thread.x - b * this.constants.count;
  let prevIndex = -1.0;
  let prevValue = 0.0;
  for (let s = 0; s < this.constants.count; s++) {
    if (s <= c) {
      let found = 0.0;
      let bestIndex = 0.0;
      let bestValue = 0.0;
      for (let j = 0; j < this.constants.k; j++) {
        const v = ${value};
        let after = 1.0;
        if (prevIndex > -0.5) {
          after = 0.0;
          if (v < prevValue) { after = 1.0; }
          if (v == prevValue && j > prevIndex) { after = 1.0; }
        }
        if (after > 0.5) {
          if (found < 0.5 || v > bestValue) {
            found = 1.0;
            bestIndex = j;
            bestValue = v;
          }
        }
      }
      prevIndex = bestIndex;
      prevValue = bestValue;
    }
  }
  return prevIndex;
}`;
}
