/**
 * The browser-safe part of the VAE (`@gumbel/vae/browser`): data split and binarization, the model,
 * the −ELBO terms, the training steps of every estimator and the held-out evaluation. None of these
 * touches Node (no fs, no process, no tfjs-layers or tfjs-backend registration); the CLI-only
 * modules (args, checkpoint, trainer, tf-setup) stay behind the package's main entry.
 *
 * `loadBinarizedMnist` imports the `mnist` package, whose 21 MB of JSON a web app should not bundle:
 * apps/demo aliases `mnist` to a module that fetches the same JSON files on demand.
 */
export { loadBinarizedMnist, firstImages, PIXELS, SPLIT_SEED, BINARIZE_SEED, TRAIN_SIZE, HELD_OUT_SIZE } from './data.js';
export type { BinaryImages, MnistSplit } from './data.js';
export { createVae, pixelMeans } from './model.js';
export { minibatchTensor } from './minibatch.js';
export type { Vae, VaeShape } from './model.js';
export { reconstructionNll, klToUniform } from './elbo.js';
export { createStep, ESTIMATORS } from './estimators.js';
export type { EstimatorName, RegistryEstimatorName, StepFn, StepInput } from './estimators.js';
export { evaluateNegElbo, EVAL_SEED, EVAL_SAMPLES } from './evaluate.js';
