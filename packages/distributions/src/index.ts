/**
 * @gumbel/distributions — distribution objects over any `Backend<T>`, with TFP's shapes
 * (sampleShape + batchShape + eventShape) and broadcasting, `validateArgs` on by default, and
 * gradients: on a tape (`tfjsTape()` from `@gumbel/distributions/tfjs`) or as explicit VJPs
 * (`logProbVjp`, `rsampleVjp`, `entropyVjp`, `klVjp`).
 */
export { Distribution } from './distribution.js';
export type { DistributionOptions, SampleOptions } from './distribution.js';
export type { Tape, TapeKernels, CategoricalTensor } from './tape.js';
export { noTape } from './tape.js';
export type { VjpResult, NamedGradients } from './computation.js';
export type { Shape } from './shape.js';
export { broadcastShapes } from './shape.js';
export { Gumbel } from './gumbel.js';
export type { GumbelOptions } from './gumbel.js';
export { Logistic } from './logistic.js';
export type { LogisticOptions } from './logistic.js';
export type { LocScale, LocScaleOptions } from './loc-scale.js';
export { Categorical, CategoricalFamily } from './categorical.js';
export type { CategoricalOptions } from './categorical.js';
export { OneHotCategorical, OneHotCategoricalStraightThrough } from './one-hot-categorical.js';
export { Bernoulli } from './bernoulli.js';
export type { BernoulliOptions } from './bernoulli.js';
export { RelaxedBernoulli, LogitRelaxedBernoulli, RelaxedBernoulliStraightThrough } from './relaxed-bernoulli.js';
export type { RelaxedBernoulliOptions } from './relaxed-bernoulli.js';
export { RelaxedOneHotCategorical, ExpRelaxedOneHotCategorical, RelaxedOneHotCategoricalStraightThrough } from './relaxed-one-hot-categorical.js';
export type { RelaxedOneHotCategoricalOptions } from './relaxed-one-hot-categorical.js';
export { PlackettLuce } from './plackett-luce.js';
export type { PlackettLuceOptions } from './plackett-luce.js';
export { kl, klVjp } from './kl.js';
