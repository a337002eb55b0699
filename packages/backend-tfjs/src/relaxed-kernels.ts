/**
 * The categorical, selection and Bernoulli kernels of `Backend<tf.Tensor>`: host checks, then the
 * tf math of ./math inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { argsObject, asTensor, categoricalLogits, elementwiseLogits, like, optionalNoise, resolveTau } from './args.js';
import type { CheckOptions, TauArg } from './args.js';
import { hardBernoulliMath, relaxedBernoulliMath, relaxedBernoulliVjpMath } from './math/bernoulli.js';
import { relaxedLogSampleMath, relaxedLogSampleVjpMath, relaxedSampleMath, relaxedSampleVjpMath } from './math/relaxed.js';
import { argmaxIndices, hardSampleMath, oneHotArgmaxMath, topKIndices } from './math/selection.js';
import type { Tau } from './math/tau.js';

type RelaxedKernels = Pick<
  Backend<tf.Tensor>,
  | 'relaxedLogSample' | 'relaxedLogSampleVjp' | 'relaxedSample' | 'relaxedSampleVjp' | 'straightThroughSample'
  | 'argmax' | 'oneHotArgmax' | 'topK' | 'relaxedBernoulli' | 'relaxedBernoulliVjp' | 'hardBernoulli'
>;

export function tauValue(tau: TauArg): Tau {
  return tau.kind === 'scalar' ? tau.value : tau.tensor;
}

interface Prepared {
  readonly a: Record<string, unknown>;
  readonly logits: tf.Tensor;
  readonly noise: tf.Tensor | undefined;
  readonly tau: Tau;
}

function categorical(args: unknown, check: CheckOptions): Prepared {
  const a = argsObject(args);
  const { tensor, batch } = categoricalLogits(a['logits'], check);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const tau = tauValue(resolveTau(a['tau'], batch, check));
  return { a, logits: tensor, noise, tau };
}

function elementwise(args: unknown, check: CheckOptions): Prepared {
  const a = argsObject(args);
  const { tensor, batch } = elementwiseLogits(a['logits'], check);
  const noise = optionalNoise(a['noise'], tensor.shape);
  const tau = tauValue(resolveTau(a['tau'], batch, check));
  return { a, logits: tensor, noise, tau };
}

/** argmax and one-hot accept any values but NaN, which has no place in an ordering. */
function argmaxInput(value: unknown, check: CheckOptions): tf.Tensor {
  const x = asTensor(value, 'x');
  if (x.rank !== 2) throw new GumbelTypeError('x', x.shape, 'a tensor of shape [batch, k]', `shape [${x.shape.join(', ')}]`);
  if (check.contents) {
    const data = x.dataSync();
    for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) throw new GumbelRangeError(`x[${i}]`, data[i], 'a number other than NaN');
  }
  return x;
}

export function relaxedKernels(check: CheckOptions): RelaxedKernels {
  return {
    relaxedLogSample: (args) => {
      const p = categorical(args, check);
      return tf.tidy(() => relaxedLogSampleMath(p.logits, p.noise, p.tau));
    },
    relaxedLogSampleVjp: (args) => {
      const p = categorical(args, check);
      like(p.a['logY'], 'logY', p.logits.shape, 'logits');
      const dLogY = like(p.a['dLogY'], 'dLogY', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedLogSampleVjpMath(p.logits, p.noise, p.tau, dLogY));
    },
    relaxedSample: (args) => {
      const p = categorical(args, check);
      return tf.tidy(() => relaxedSampleMath(p.logits, p.noise, p.tau));
    },
    relaxedSampleVjp: (args) => {
      const p = categorical(args, check);
      like(p.a['y'], 'y', p.logits.shape, 'logits');
      const dy = like(p.a['dy'], 'dy', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedSampleVjpMath(p.logits, p.noise, p.tau, dy));
    },
    straightThroughSample: (args) => {
      const p = categorical(args, check);
      return tf.tidy(() => ({ hard: hardSampleMath(p.logits, p.noise), soft: relaxedSampleMath(p.logits, p.noise, p.tau) }));
    },
    argmax: (x) => {
      const t = argmaxInput(x, check);
      return tf.tidy(() => tf.cast(argmaxIndices(t), 'float32'));
    },
    oneHotArgmax: (x) => {
      const t = argmaxInput(x, check);
      return tf.tidy(() => oneHotArgmaxMath(t));
    },
    topK: (args) => {
      const a = argsObject(args);
      const { tensor, k } = categoricalLogits(a['logits'], check);
      const noise = optionalNoise(a['noise'], tensor.shape);
      const count: unknown = a['count'];
      if (typeof count !== 'number') throw new GumbelTypeError('count', count, 'a number');
      if (!(Number.isInteger(count) && count >= 1 && count <= k)) throw new GumbelRangeError('count', count, `an integer in [1, ${k}] (k)`);
      return tf.tidy(() => tf.cast(topKIndices(tensor, noise, count), 'float32'));
    },
    relaxedBernoulli: (args) => {
      const p = elementwise(args, check);
      return tf.tidy(() => relaxedBernoulliMath(p.logits, p.noise, p.tau));
    },
    relaxedBernoulliVjp: (args) => {
      const p = elementwise(args, check);
      like(p.a['y'], 'y', p.logits.shape, 'logits');
      const dy = like(p.a['dy'], 'dy', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedBernoulliVjpMath(p.logits, p.noise, p.tau, dy));
    },
    hardBernoulli: (args) => {
      const a = argsObject(args);
      const { tensor } = elementwiseLogits(a['logits'], check);
      const noise = optionalNoise(a['noise'], tensor.shape);
      return tf.tidy(() => hardBernoulliMath(tensor, noise));
    },
  };
}
