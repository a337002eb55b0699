/**
 * `@gumbel/backend-tfjs/layers`: the tf.layers integration, a separate entry point so the core
 * ops do not require @tensorflow/tfjs-layers. Importing it registers `GumbelSoftmax` for loading.
 */
export { GumbelSoftmax, registerGumbelSoftmaxLayer } from './gumbel-softmax-layer.js';
export type { GumbelSoftmaxLayerArgs, InferenceMode } from './gumbel-softmax-layer.js';
export { temperatureSchedule } from './temperature-callback.js';
