/**
 * Hard, non-differentiable selections: argmax, one-hot, top-k and the straight-through pair.
 * Ties always go to the lowest index, which a strict `>` scan gives for free.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { FloatPrecision } from '@gumbel/core';
import { argmaxInput, argsObject, categoricalLogits, optionalNoise } from './args.js';
import { logSoftmaxRow, prepareRelaxed } from './relaxed-categorical.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

/**
 * Index of the row maximum; ties → lowest index. A masked entry (−∞) can only win a row that is
 * entirely −∞, which then goes to index 0 by the tie rule.
 */
function rowArgmax(x: FloatArray, row: number, k: number): number {
  let best = 0;
  let bestValue = x[row] as number;
  for (let j = 1; j < k; j++) {
    const v = x[row + j] as number;
    if (v > bestValue) {
      best = j;
      bestValue = v;
    }
  }
  return best;
}

export function argmax(precision: FloatPrecision, x: unknown): CpuTensor {
  const { tensor, batch, k } = argmaxInput(x);
  const out = allocate(precision, batch);
  for (let b = 0; b < batch; b++) out[b] = rowArgmax(tensor.data, b * k, k);
  return makeTensor(out, [batch]);
}

export function oneHotArgmax(precision: FloatPrecision, x: unknown): CpuTensor {
  const { tensor, batch, k } = argmaxInput(x);
  const out = allocate(precision, batch * k);
  for (let b = 0; b < batch; b++) out[b * k + rowArgmax(tensor.data, b * k, k)] = 1;
  return makeTensor(out, tensor.shape);
}

/** logits + noise with masked classes pinned at −∞ whatever their noise, in float64. */
function perturbedRow(logits: FloatArray, noise: FloatArray | undefined, row: number, k: number, into: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const l = logits[row + j] as number;
    into[j] = l === -Infinity || noise === undefined ? l : l + (noise[row + j] as number);
  }
}

/** One-hot argmax of logits + noise per row: the exact Gumbel-max sample. */
export function gumbelMax(precision: FloatPrecision, args: unknown): CpuTensor {
  const a = argsObject(args);
  const { tensor, batch, k } = categoricalLogits(a['logits']);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const out = allocate(precision, batch * k);
  const scratch = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    perturbedRow(tensor.data, noise?.data, b * k, k, scratch);
    out[b * k + rowArgmax(scratch, 0, k)] = 1;
  }
  return makeTensor(out, tensor.shape);
}

/**
 * `hard` is the one-hot argmax of logits + noise (the same as of (logits + noise)/τ, τ > 0, but
 * free of the rounding the division adds); `soft` is the relaxed sample.
 */
export function straightThroughSample(precision: FloatPrecision, args: unknown): { hard: CpuTensor; soft: CpuTensor } {
  const p = prepareRelaxed(args);
  const { batch, k } = p;
  const hard = allocate(precision, batch * k);
  const soft = allocate(precision, batch * k);
  const scratch = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    perturbedRow(p.logits, p.noise, b * k, k, scratch);
    hard[b * k + rowArgmax(scratch, 0, k)] = 1;
    logSoftmaxRow(p, b, scratch);
    for (let j = 0; j < k; j++) soft[b * k + j] = Math.exp(scratch[j] as number);
  }
  return { hard: makeTensor(hard, p.shape), soft: makeTensor(soft, p.shape) };
}

/**
 * The `count` largest entries of logits + noise per row, largest first, ties lowest index first.
 * NaN (possible only through NaN noise) sorts last so the order stays total.
 */
export function topK(precision: FloatPrecision, args: unknown): CpuTensor {
  const a = argsObject(args);
  const { tensor, batch, k } = categoricalLogits(a['logits']);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const count: unknown = a['count'];
  if (typeof count !== 'number') throw new GumbelTypeError('count', count, 'a number');
  if (!(Number.isInteger(count) && count >= 1 && count <= k)) throw new GumbelRangeError('count', count, `an integer in [1, ${k}] (k)`);

  const out = allocate(precision, batch * count);
  const values = new Float64Array(k);
  const order = Array.from({ length: k }, (_, j) => j);
  const key = (j: number): number => {
    const v = values[j] as number;
    return Number.isNaN(v) ? -Infinity : v;
  };
  for (let b = 0; b < batch; b++) {
    perturbedRow(tensor.data, noise?.data, b * k, k, values);
    for (let j = 0; j < k; j++) order[j] = j;
    order.sort((i, j) => {
      const vi = key(i);
      const vj = key(j);
      if (vi !== vj) return vi > vj ? -1 : 1;
      const ni = Number.isNaN(values[i]);
      if (ni !== Number.isNaN(values[j])) return ni ? 1 : -1;
      return i - j;
    });
    for (let c = 0; c < count; c++) out[b * count + c] = order[c] as number;
  }
  return makeTensor(out, [batch, count]);
}
