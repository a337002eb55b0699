/**
 * The browser-safe part of @gumbel/semisupervised (`@gumbel/semisupervised/browser`): M2, its
 * objective by marginalisation or by one Gumbel-Softmax sample, the Adam step, the labelled split,
 * the minibatch draw and the accuracy — what the demo panel trains. No fs, no tfjs backend
 * registration (the page picks its engine); the CLI, checkpoints and IDX reading stay behind the
 * package's main entry.
 */
export { createM2, KINGMA_SHAPE, PIXELS } from './model.js';
export type { M2, M2Shape } from './model.js';
export { METHODS, checkMethod } from './objective.js';
export type { Method } from './objective.js';
export { createTrainer } from './step.js';
export type { StepConfig, Minibatch, Trainer } from './step.js';
export { chooseLabelled } from './labelled-split.js';
export type { LabelledSplit } from './labelled-split.js';
export { drawMinibatch } from './minibatch.js';
export { accuracy } from './accuracy.js';
