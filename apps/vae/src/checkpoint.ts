/**
 * Checkpoints are @gumbel/mnist-shared's (written for any model that is a list of named variables;
 * apps/semisupervised saves its M2 with them). Here the estimator state is typed as the VAE's.
 */
import { readCheckpointState as readShared, type TrainerState as SharedTrainerState } from '@gumbel/mnist-shared/node';
import type { StepState } from './estimators.js';

export { saveCheckpoint, loadCheckpointTensors, hasCheckpoint, checkpointDir } from '@gumbel/mnist-shared/node';
export type TrainerState<C> = SharedTrainerState<C, StepState>;

/** Reads a checkpoint's state (config, step, RNG, the estimator's state) without touching tensors. */
export function readCheckpointState<C>(out: string): Promise<TrainerState<C>> {
  return readShared<C, StepState>(out);
}
