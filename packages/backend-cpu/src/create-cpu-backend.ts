/**
 * `createCpuBackend`: the reference backend. Plain-JS loops over row-major typed arrays, each row
 * computed in float64 locals and stored in the backend's precision; hand-written VJPs.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend, BackendCapabilities, FloatPrecision } from '@gumbel/core';
import { binConcreteLogProb, binConcreteLogProbVjp } from './bin-concrete.js';
import { hardBernoulli, relaxedBernoulli, relaxedBernoulliVjp } from './bernoulli.js';
import { densityLogProb, densityLogProbVjp } from './concrete-densities.js';
import { conditionalGumbelNoise } from './conditional-gumbel.js';
import { drawUniforms, gumbelFromUniforms, gumbelNoise, logisticFromUniforms, logisticNoise } from './noise.js';
import { relaxedLogSample, relaxedLogSampleVjp, relaxedSample, relaxedSampleVjp } from './relaxed-categorical.js';
import { argmax, oneHotArgmax, straightThroughSample, topK } from './selection.js';
import { allocate, asTensor, tensorFromArray } from './tensor.js';
import type { CpuTensor } from './tensor.js';

export interface CpuBackendOptions {
  /** Precision of every tensor the backend makes: 32 (Float32Array, the default) or 64. */
  readonly precision?: FloatPrecision;
}

const CAPABILITIES: BackendCapabilities = Object.freeze({
  seededNoise: true,
  hostUniforms: true,
  gradients: true,
  perRowTemperature: true,
  topK: true,
  densities: true,
  bernoulli: true,
  conditionalGumbel: true,
});

function resolvePrecision(options: unknown): FloatPrecision {
  if (options === undefined) return 32;
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const precision: unknown = (options as { precision?: unknown }).precision;
  if (precision === undefined) return 32;
  if (precision !== 32 && precision !== 64) throw new GumbelRangeError('options.precision', precision, '32 or 64');
  return precision;
}

/**
 * The CPU backend. Tensors are plain `CpuTensor` objects, so `dispose` has nothing to free and
 * is a no-op (the garbage collector owns the memory); it is safe to call any number of times.
 * Every argument is checked on the host before any work, and before a random stream advances.
 */
export function createCpuBackend(options?: CpuBackendOptions): Backend<CpuTensor> {
  const precision = resolvePrecision(options);
  const backend: Backend<CpuTensor> = {
    name: 'cpu',
    mode: 'js',
    floatPrecision: precision,
    supports: CAPABILITIES,

    fromArray: (values, shape) => tensorFromArray(precision, values, shape),
    // async so that a bad argument surfaces as a rejected promise, like a failed GPU read-back.
    toArray: async (tensor) => {
      const { data } = asTensor(tensor, 'tensor');
      const out = allocate(precision, data.length);
      out.set(data);
      return out;
    },
    shapeOf: (tensor) => asTensor(tensor, 'tensor').shape,
    dispose: () => {},

    uniformNoise: (shape, source) => drawUniforms(precision, shape, source),
    gumbelNoise: (shape, source) => gumbelNoise(precision, shape, source),
    gumbelFromUniforms: (uniforms) => gumbelFromUniforms(precision, uniforms),
    logisticNoise: (shape, source) => logisticNoise(precision, shape, source),
    logisticFromUniforms: (uniforms) => logisticFromUniforms(precision, uniforms),
    conditionalGumbelNoise: (logits, index, source) => conditionalGumbelNoise(precision, logits, index, source),

    relaxedLogSample: (args) => relaxedLogSample(precision, args),
    relaxedLogSampleVjp: (args) => relaxedLogSampleVjp(precision, args),
    relaxedSample: (args) => relaxedSample(precision, args),
    relaxedSampleVjp: (args) => relaxedSampleVjp(precision, args),
    straightThroughSample: (args) => straightThroughSample(precision, args),
    argmax: (x) => argmax(precision, x),
    oneHotArgmax: (x) => oneHotArgmax(precision, x),
    topK: (args) => topK(precision, args),

    relaxedBernoulli: (args) => relaxedBernoulli(precision, args),
    relaxedBernoulliVjp: (args) => relaxedBernoulliVjp(precision, args),
    hardBernoulli: (args) => hardBernoulli(precision, args),

    concreteLogProb: (args) => densityLogProb(precision, args, 'concrete'),
    concreteLogProbVjp: (args) => densityLogProbVjp(precision, args, 'concrete'),
    expConcreteLogProb: (args) => densityLogProb(precision, args, 'expConcrete'),
    expConcreteLogProbVjp: (args) => densityLogProbVjp(precision, args, 'expConcrete'),
    binConcreteLogProb: (args) => binConcreteLogProb(precision, args),
    binConcreteLogProbVjp: (args) => binConcreteLogProbVjp(precision, args),
  };
  return Object.freeze(backend);
}
