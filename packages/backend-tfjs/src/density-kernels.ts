/**
 * The density kernels of `Backend<tf.Tensor>`: host checks, then ./math/densities inside `tf.tidy`.
 * Where the backend checks contents (its default), the point is read back and checked against the
 * support (core's support.ts): y on the simplex, x on the log-simplex, BinConcrete y in [0, 1]. Each
 * input is read back at most once per call (`density-kernels.test.ts` counts the reads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { argsObject, validateLogSimplexPoint, validateSimplexPoint, validateUnitInterval } from '@gumbel/core';
import type { Backend, KernelArgs } from '@gumbel/core';
import {
  binConcreteLogProbMath,
  binConcreteLogProbVjpMath,
  densityLogProbMath,
  densityLogProbVjpMath,
} from './math/densities.js';
import type { DensityForm } from './math/densities.js';
import { tauValue } from './relaxed-kernels.js';

type DensityKernels = Pick<
  Backend<tf.Tensor>,
  | 'concreteLogProb' | 'concreteLogProbVjp' | 'expConcreteLogProb' | 'expConcreteLogProbVjp'
  | 'binConcreteLogProb' | 'binConcreteLogProbVjp'
>;

function categorical(args: unknown, form: DensityForm, rules: KernelArgs<tf.Tensor>) {
  const a = argsObject(args);
  // `logits` are the values the logits check already read (undefined when the backend does not
  // check contents): reading them again through contentsOf would be a second GPU sync on webgl.
  const { tensor, batch, k, values: logits } = rules.categoricalLogits(a['logits']);
  const name = form === 'concrete' ? 'y' : 'x';
  const value = rules.like(a[name], name, tensor.shape, 'logits');
  const tau = tauValue(rules.resolveTau(a['tau'], batch));
  const point = rules.contentsOf(value);
  if (point !== undefined && logits !== undefined) (form === 'concrete' ? validateSimplexPoint : validateLogSimplexPoint)(point, logits, k, name);
  return { a, logits: tensor, value, tau, batch };
}

function binary(args: unknown, rules: KernelArgs<tf.Tensor>) {
  const a = argsObject(args);
  const { tensor, batch } = rules.elementwiseLogits(a['logits']);
  const y = rules.like(a['y'], 'y', tensor.shape, 'logits');
  const tau = tauValue(rules.resolveTau(a['tau'], batch));
  const point = rules.contentsOf(y);
  if (point !== undefined) validateUnitInterval(point, 'y');
  return { a, logits: tensor, y, tau };
}

export function densityKernels(rules: KernelArgs<tf.Tensor>): DensityKernels {
  const logProb = (form: DensityForm) => (args: unknown) => {
    const p = categorical(args, form, rules);
    return tf.tidy(() => densityLogProbMath(p.logits, p.value, p.tau, form));
  };
  const logProbVjp = (form: DensityForm) => (args: unknown) => {
    const p = categorical(args, form, rules);
    const dOut = rules.like(p.a['dOut'], 'dOut', [p.batch], 'the batch size of logits');
    return tf.tidy(() => densityLogProbVjpMath(p.logits, p.value, p.tau, form, dOut));
  };
  return {
    concreteLogProb: logProb('concrete'),
    concreteLogProbVjp: logProbVjp('concrete'),
    expConcreteLogProb: logProb('expConcrete'),
    expConcreteLogProbVjp: logProbVjp('expConcrete'),
    binConcreteLogProb: (args) => {
      const p = binary(args, rules);
      return tf.tidy(() => binConcreteLogProbMath(p.logits, p.y, p.tau));
    },
    binConcreteLogProbVjp: (args) => {
      const p = binary(args, rules);
      const dOut = rules.like(p.a['dOut'], 'dOut', p.logits.shape, 'logits');
      return tf.tidy(() => binConcreteLogProbVjpMath(p.logits, p.y, p.tau, dOut));
    },
  };
}
