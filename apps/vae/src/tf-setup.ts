/** The tfjs backend choice lives in @gumbel/mnist-shared (apps/semisupervised uses it too); this module keeps the VAE's import paths. */
export { useBackend, BACKENDS } from '@gumbel/mnist-shared/node';
export type { BackendName } from '@gumbel/mnist-shared/node';
