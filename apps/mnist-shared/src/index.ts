/**
 * @gumbel/mnist-shared — the code apps/vae and apps/semisupervised share (private, not published).
 * This entry is browser-safe (no fs, no tfjs backend registration): the demo bundles it through
 * @gumbel/vae/browser. Node-only parts (reading the IDX files, picking a tfjs backend, checkpoints)
 * are behind `@gumbel/mnist-shared/node`.
 */
export { PIXELS } from './images.js';
export type { BinaryImages } from './images.js';
export { parseIdx, parseIdxHeader, IDX_UBYTE } from './idx.js';
export type { IdxHeader, IdxData } from './idx.js';
export {
  FULL_TRAIN_FILE_SIZE, FULL_TRAIN_SIZE, FULL_VALID_SIZE, FULL_TEST_SIZE, FULL_BINARIZE_SEED, binarizeImages, resolveSizes,
} from './mnist-full.js';
export type { FullMnistSplit, FullMnistSizes } from './mnist-full.js';
export { matMulPlainGrad } from './matmul.js';
export { lineChart, niceTicks, PALETTE } from './svg.js';
export type { ChartOptions, Series, ReferenceLine } from './svg.js';
