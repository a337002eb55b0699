/**
 * The density kernels of `Backend<tf.Tensor>`: host checks, then ./math/densities inside `tf.tidy`.
 * With `contents`, the point is read back and checked against the support (core's support.ts): y
 * on the simplex, x on the log-simplex, BinConcrete y in [0, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import { validateLogSimplexPoint, validateSimplexPoint, validateUnitInterval } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { argsObject, categoricalLogits, elementwiseLogits, like, resolveTau } from './args.js';
import type { CheckOptions } from './args.js';
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

function categorical(args: unknown, form: DensityForm, check: CheckOptions) {
  const a = argsObject(args);
  const { tensor, batch, k } = categoricalLogits(a['logits'], check);
  const name = form === 'concrete' ? 'y' : 'x';
  const value = like(a[name], name, tensor.shape, 'logits');
  const tau = tauValue(resolveTau(a['tau'], batch, check));
  if (check.contents) (form === 'concrete' ? validateSimplexPoint : validateLogSimplexPoint)(value.dataSync(), tensor.dataSync(), k, name);
  return { a, logits: tensor, value, tau, batch };
}

function binary(args: unknown, check: CheckOptions) {
  const a = argsObject(args);
  const { tensor, batch } = elementwiseLogits(a['logits'], check);
  const y = like(a['y'], 'y', tensor.shape, 'logits');
  const tau = tauValue(resolveTau(a['tau'], batch, check));
  if (check.contents) validateUnitInterval(y.dataSync(), 'y');
  return { a, logits: tensor, y, tau };
}

export function densityKernels(check: CheckOptions): DensityKernels {
  const logProb = (form: DensityForm) => (args: unknown) => {
    const p = categorical(args, form, check);
    return tf.tidy(() => densityLogProbMath(p.logits, p.value, p.tau, form));
  };
  const logProbVjp = (form: DensityForm) => (args: unknown) => {
    const p = categorical(args, form, check);
    const dOut = like(p.a['dOut'], 'dOut', [p.batch], 'the batch size of logits');
    return tf.tidy(() => densityLogProbVjpMath(p.logits, p.value, p.tau, form, dOut));
  };
  return {
    concreteLogProb: logProb('concrete'),
    concreteLogProbVjp: logProbVjp('concrete'),
    expConcreteLogProb: logProb('expConcrete'),
    expConcreteLogProbVjp: logProbVjp('expConcrete'),
    binConcreteLogProb: (args) => {
      const p = binary(args, check);
      return tf.tidy(() => binConcreteLogProbMath(p.logits, p.y, p.tau));
    },
    binConcreteLogProbVjp: (args) => {
      const p = binary(args, check);
      const dOut = like(p.a['dOut'], 'dOut', p.logits.shape, 'logits');
      return tf.tidy(() => binConcreteLogProbVjpMath(p.logits, p.y, p.tau, dOut));
    },
  };
}
