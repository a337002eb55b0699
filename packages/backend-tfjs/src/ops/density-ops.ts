/**
 * The log-densities as tfjs ops with gradients wrt logits, the point and τ (`tf.customGrad` over
 * the same tf math the Backend uses, ../math/densities.ts). Categorical forms take `[batch, k]`
 * and return `[batch]`; `binConcreteLogProb` is elementwise. Masked (−∞) logits are dropped.
 * Arguments come in core's order, point first: `concreteLogProb(y, logits, tau)`. They read no
 * tensor contents unless asked (`{ validate: true }`); what they return for bad content otherwise
 * is spelled out in ./density-checks.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { GumbelTypeError, validateSameShape } from '@gumbel/core';
import { uncheckedArgs } from '../args.js';
import {
  binConcreteLogProbMath,
  binConcreteLogProbVjpMath,
  densityLogProbMath,
  densityLogProbVjpMath,
} from '../math/densities.js';
import type { TfDensityGradients } from '../math/densities.js';
import { customOp } from './custom-op.js';
import { checkDensityInputs } from './density-checks.js';
import type { DensityOpKind, DensityOpOptions } from './density-checks.js';
import { opBoolean, opLogits, opTau } from './op-args.js';

type Forward = (logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>) => tf.Tensor;
type Vjp = (logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, dOut: tf.Tensor) => TfDensityGradients;

function densityOp(valueArg: tf.Tensor, logitsArg: tf.Tensor, tauArg: Temperature<tf.Tensor>, name: string, kind: DensityOpKind, options: DensityOpOptions, forward: Forward, vjp: Vjp): tf.Tensor {
  const categorical = kind !== 'binConcrete';
  const logits = opLogits(logitsArg, categorical ? 2 : 1);
  if (categorical && logits.rank !== 2) throw new GumbelTypeError('logits', logits.shape, 'a tensor of shape [batch, k]', `shape [${logits.shape.join(', ')}]`);
  const value = uncheckedArgs.asTensor(valueArg, name);
  validateSameShape(value.shape, logits.shape, name, 'logits');
  const tau = opTau(tauArg, logits);
  if (opBoolean(options.validate, 'options.validate', false)) checkDensityInputs(kind, logits, value, tau);
  const inputs = typeof tau === 'number' ? [logits, value] : [logits, value, tau];
  return customOp(inputs, ([l, v, t], save) => {
    save(inputs.length === 3 ? [l as tf.Tensor, v as tf.Tensor, t as tf.Tensor] : [l as tf.Tensor, v as tf.Tensor]);
    return {
      value: forward(l as tf.Tensor, v as tf.Tensor, t ?? (tau as number)),
      gradFunc: (dOut, [ls, vs, ts]) => {
        const g = vjp(ls as tf.Tensor, vs as tf.Tensor, ts ?? (tau as number), dOut);
        return ts === undefined ? [g.dLogits, g.dValue] : [g.dLogits, g.dValue, g.dTau];
      },
    };
  });
}

/** log p(y) of Concrete(logits, τ) per row. */
export function concreteLogProb(y: tf.Tensor, logits: tf.Tensor, tau: Temperature<tf.Tensor>, options: DensityOpOptions = {}): tf.Tensor {
  return densityOp(y, logits, tau, 'y', 'concrete', options, (l, v, t) => densityLogProbMath(l, v, t, 'concrete'), (l, v, t, d) => densityLogProbVjpMath(l, v, t, 'concrete', d));
}

/** log p(x) of ExpConcrete(logits, τ), x = log y, per row. */
export function expConcreteLogProb(x: tf.Tensor, logits: tf.Tensor, tau: Temperature<tf.Tensor>, options: DensityOpOptions = {}): tf.Tensor {
  return densityOp(x, logits, tau, 'x', 'expConcrete', options, (l, v, t) => densityLogProbMath(l, v, t, 'expConcrete'), (l, v, t, d) => densityLogProbVjpMath(l, v, t, 'expConcrete', d));
}

/** log p(y) of BinConcrete(logits, τ), elementwise, y in [0, 1] (the limits at the ends; logits ±∞ are sure outcomes). */
export function binConcreteLogProb(y: tf.Tensor, logits: tf.Tensor, tau: Temperature<tf.Tensor>, options: DensityOpOptions = {}): tf.Tensor {
  return densityOp(y, logits, tau, 'y', 'binConcrete', options, binConcreteLogProbMath, binConcreteLogProbVjpMath);
}
