/**
 * Hand-written plain-JS loops: what a careful JS user would write, and the stand-in for the limit
 * of plain JS. Same arithmetic as the backend (Threefry uniforms, −log(−log u), max-shifted
 * softmax, the softmax VJP) with Math.log/Math.exp, one pass per row, no allocation per call.
 */
import { uniformAt } from './threefry-inline.js';

export interface StgsBuffers {
  readonly logits: Float32Array;
  readonly dy: Float32Array;
  readonly noise: Float32Array;
  readonly hard: Float32Array;
  readonly soft: Float32Array;
  readonly dLogits: Float32Array;
  readonly batch: number;
  readonly k: number;
}

/** Straight-through Gumbel-Softmax forward and backward; returns dL/dτ. */
export function fusedStgs(b: StgsBuffers, tau: number, key: readonly [number, number]): number {
  const { logits, dy, noise, hard, soft, dLogits, batch, k } = b;
  const [k0, k1] = key;
  const inv = 1 / tau;
  let dTau = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * k;
    let max = -Infinity;
    let arg = 0;
    for (let j = 0; j < k; j++) {
      const g = -Math.log(-Math.log(uniformAt(k0, k1, row + j)));
      noise[row + j] = g;
      const s = ((logits[row + j] as number) + g) * inv;
      soft[row + j] = s;
      hard[row + j] = 0;
      if (s > max) {
        max = s;
        arg = j;
      }
    }
    hard[row + arg] = 1;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp((soft[row + j] as number) - max);
      soft[row + j] = e;
      sum += e;
    }
    const invSum = 1 / sum;
    const logSum = Math.log(sum);
    let dot = 0;
    for (let j = 0; j < k; j++) {
      const y = (soft[row + j] as number) * invSum;
      soft[row + j] = y;
      dot += y * (dy[row + j] as number);
    }
    let acc = 0;
    for (let j = 0; j < k; j++) {
      const y = soft[row + j] as number;
      const ds = y * ((dy[row + j] as number) - dot);
      dLogits[row + j] = ds * inv;
      const logY = ((logits[row + j] as number) + (noise[row + j] as number)) * inv - max - logSum;
      acc += ds * logY;
    }
    dTau -= acc * inv;
  }
  return dTau;
}

/** Gumbel noise for n elements into `out` with Math.log (the plain-JS noise a user would write). */
export function jsGumbel(out: Float32Array, key: readonly [number, number]): void {
  const [k0, k1] = key;
  for (let i = 0; i < out.length; i++) out[i] = -Math.log(-Math.log(uniformAt(k0, k1, i)));
}

/** Exact categorical samples by Gumbel-max: argmax_j logits_j + G_j, one uniform per element. */
export function gumbelMaxRows(logits: Float32Array, batch: number, k: number, key: readonly [number, number], out: Int32Array): void {
  const [k0, k1] = key;
  for (let r = 0; r < batch; r++) {
    let best = -Infinity;
    let arg = 0;
    for (let j = 0; j < k; j++) {
      const v = (logits[r * k + j] as number) - Math.log(-Math.log(uniformAt(k0, k1, r * k + j)));
      if (v > best) {
        best = v;
        arg = j;
      }
    }
    out[r] = arg;
  }
}

/**
 * Exact categorical samples by inverse CDF: softmax weights, one uniform per row, a scan of the
 * cumulative sum. `scratch` holds one row of cumulative weights.
 */
export function inverseCdfRows(logits: Float32Array, batch: number, k: number, key: readonly [number, number], out: Int32Array, scratch: Float64Array): void {
  const [k0, k1] = key;
  for (let r = 0; r < batch; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[r * k + j] as number);
    let total = 0;
    for (let j = 0; j < k; j++) {
      total += Math.exp((logits[r * k + j] as number) - max);
      scratch[j] = total;
    }
    const target = uniformAt(k0, k1, r) * total;
    let j = 0;
    while (j < k - 1 && (scratch[j] as number) <= target) j++;
    out[r] = j;
  }
}
