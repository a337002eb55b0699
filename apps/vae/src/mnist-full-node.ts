/** Reading the IDX files (Node only) lives in @gumbel/mnist-shared; this module keeps the VAE's import paths. */
export { loadFullMnist, mnistDataDir, readIdxItems } from '@gumbel/mnist-shared/node';
