/**
 * The categorical, selection and Bernoulli kernels of `Backend<tf.Tensor>`: host checks, then the
 * tf math of ./math inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError, GumbelTypeError, argsObject } from '@gumbel/core';
import type { Backend, KernelArgs, ResolvedTemperature, Temperature } from '@gumbel/core';
import { hardBernoulliMath, relaxedBernoulliMath, relaxedBernoulliVjpMath } from './math/bernoulli.js';
import { relaxedLogSampleMath, relaxedLogSampleVjpMath, relaxedSampleMath, relaxedSampleVjpMath } from './math/relaxed.js';
import { argmaxIndices, hardSampleMath, oneHotArgmaxMath, topKIndices } from './math/selection.js';

type RelaxedKernels = Pick<
  Backend<tf.Tensor>,
  | 'relaxedLogSample' | 'relaxedLogSampleVjp' | 'relaxedSample' | 'relaxedSampleVjp' | 'straightThroughSample'
  | 'gumbelMax' | 'argmax' | 'oneHotArgmax' | 'topK' | 'relaxedBernoulli' | 'relaxedBernoulliVjp' | 'hardBernoulli'
>;

export function tauValue(tau: ResolvedTemperature<tf.Tensor>): Temperature<tf.Tensor> {
  return tau.kind === 'scalar' ? tau.value : tau.tensor;
}

interface Prepared {
  readonly a: Record<string, unknown>;
  readonly logits: tf.Tensor;
  readonly noise: tf.Tensor | undefined;
  readonly tau: Temperature<tf.Tensor>;
}

function categorical(args: unknown, rules: KernelArgs<tf.Tensor>): Prepared {
  const a = argsObject(args);
  const { tensor, batch } = rules.categoricalLogits(a['logits']);
  const noise = rules.optionalNoise(a['noise'], tensor.shape);
  const tau = tauValue(rules.resolveTau(a['tau'], batch));
  return { a, logits: tensor, noise, tau };
}

function elementwise(args: unknown, rules: KernelArgs<tf.Tensor>): Prepared {
  const a = argsObject(args);
  const { tensor, batch } = rules.elementwiseLogits(a['logits']);
  const noise = rules.optionalNoise(a['noise'], tensor.shape);
  const tau = tauValue(rules.resolveTau(a['tau'], batch));
  return { a, logits: tensor, noise, tau };
}

export function relaxedKernels(rules: KernelArgs<tf.Tensor>): RelaxedKernels {
  return {
    relaxedLogSample: (args) => {
      const p = categorical(args, rules);
      return tf.tidy(() => relaxedLogSampleMath(p.logits, p.noise, p.tau));
    },
    relaxedLogSampleVjp: (args) => {
      const p = categorical(args, rules);
      rules.like(p.a['logY'], 'logY', p.logits.shape, 'logits');
      const dLogY = rules.like(p.a['dLogY'], 'dLogY', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedLogSampleVjpMath(p.logits, p.noise, p.tau, dLogY));
    },
    relaxedSample: (args) => {
      const p = categorical(args, rules);
      return tf.tidy(() => relaxedSampleMath(p.logits, p.noise, p.tau));
    },
    relaxedSampleVjp: (args) => {
      const p = categorical(args, rules);
      rules.like(p.a['y'], 'y', p.logits.shape, 'logits');
      const dy = rules.like(p.a['dy'], 'dy', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedSampleVjpMath(p.logits, p.noise, p.tau, dy));
    },
    straightThroughSample: (args) => {
      const p = categorical(args, rules);
      return tf.tidy(() => ({ hard: hardSampleMath(p.logits, p.noise), soft: relaxedSampleMath(p.logits, p.noise, p.tau) }));
    },
    gumbelMax: (args) => {
      const a = argsObject(args);
      const { tensor } = rules.categoricalLogits(a['logits']);
      const noise = rules.optionalNoise(a['noise'], tensor.shape);
      return tf.tidy(() => hardSampleMath(tensor, noise));
    },
    argmax: (x) => {
      const t = rules.argmaxInput(x).tensor;
      return tf.tidy(() => tf.cast(argmaxIndices(t), 'float32'));
    },
    oneHotArgmax: (x) => {
      const t = rules.argmaxInput(x).tensor;
      return tf.tidy(() => oneHotArgmaxMath(t));
    },
    topK: (args) => {
      const a = argsObject(args);
      const { tensor, k } = rules.categoricalLogits(a['logits']);
      const noise = rules.optionalNoise(a['noise'], tensor.shape);
      const count: unknown = a['count'];
      if (typeof count !== 'number') throw new GumbelTypeError('count', count, 'a number');
      if (!(Number.isInteger(count) && count >= 1 && count <= k)) throw new GumbelRangeError('count', count, `an integer in [1, ${k}] (k)`);
      return tf.tidy(() => tf.cast(topKIndices(tensor, noise, count), 'float32'));
    },
    relaxedBernoulli: (args) => {
      const p = elementwise(args, rules);
      return tf.tidy(() => relaxedBernoulliMath(p.logits, p.noise, p.tau));
    },
    relaxedBernoulliVjp: (args) => {
      const p = elementwise(args, rules);
      rules.like(p.a['y'], 'y', p.logits.shape, 'logits');
      const dy = rules.like(p.a['dy'], 'dy', p.logits.shape, 'logits');
      return tf.tidy(() => relaxedBernoulliVjpMath(p.logits, p.noise, p.tau, dy));
    },
    hardBernoulli: (args) => {
      const a = argsObject(args);
      const { tensor } = rules.elementwiseLogits(a['logits']);
      const noise = rules.optionalNoise(a['noise'], tensor.shape);
      return tf.tidy(() => hardBernoulliMath(tensor, noise));
    },
  };
}
