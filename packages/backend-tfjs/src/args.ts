/**
 * Host-side checks of kernel arguments, run before any work and before a random stream advances.
 * Shapes and numbers are free to check. Tensor *contents* (logits, per-row τ, host uniforms) live
 * on the tfjs backend, so checking them costs a read-back (`dataSync`: a copy on cpu/wasm, a GPU
 * sync on webgl); `Backend` does it unless created with `validateContents: false`.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  GumbelRangeError,
  GumbelTypeError,
  validateLogits,
  validateSameShape,
  validateTemperature,
  validateTemperatures,
} from '@gumbel/core';
import type { Shape } from '@gumbel/core';

/** τ resolved against a batch: a number, or a `[batch]` tensor (not owned: never disposed here). */
export type TauArg = { readonly kind: 'scalar'; readonly value: number } | { readonly kind: 'rows'; readonly tensor: tf.Tensor };

export interface CheckOptions {
  /** Read tensor contents back to the host to check them (logits, per-row τ, uniforms). */
  readonly contents: boolean;
}

export function argsObject(args: unknown, argument = 'args'): Record<string, unknown> {
  if (typeof args !== 'object' || args === null) throw new GumbelTypeError(argument, args, 'an object');
  return args as Record<string, unknown>;
}

export function asTensor(value: unknown, argument: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new GumbelTypeError(argument, value, 'a tf.Tensor');
  if (value.isDisposed) throw new GumbelTypeError(argument, value, 'a tf.Tensor that has not been disposed', 'a disposed tensor');
  return value;
}

export function resolveTau(tau: unknown, batch: number, check: CheckOptions, argument = 'tau'): TauArg {
  if (typeof tau === 'number') return { kind: 'scalar', value: validateTemperature(tau, argument) };
  if (!(tau instanceof tf.Tensor)) throw new GumbelTypeError(argument, tau, 'a number or a tf.Tensor of shape [batch]');
  asTensor(tau, argument);
  validateSameShape(tau.shape, [batch], argument, 'the batch size of logits');
  if (check.contents) validateTemperatures(tau.dataSync(), argument);
  return { kind: 'rows', tensor: tau };
}

/** Categorical logits: `[batch, k]`, no NaN or +∞, and at least one finite entry per row. */
export function categoricalLogits(value: unknown, check: CheckOptions, argument = 'logits'): { tensor: tf.Tensor2D; batch: number; k: number } {
  const tensor = asTensor(value, argument);
  if (tensor.rank !== 2) throw new GumbelTypeError(argument, tensor.shape, 'a tensor of shape [batch, k]', `shape [${tensor.shape.join(', ')}]`);
  const [batch, k] = tensor.shape as [number, number];
  if (batch < 1 || k < 1) throw new GumbelRangeError(argument, tensor.shape, 'non-empty (batch ≥ 1, k ≥ 1)');
  if (check.contents) validateLogits(tensor.dataSync(), argument, k);
  return { tensor: tensor as tf.Tensor2D, batch, k };
}

/** Elementwise (Bernoulli) logits: rank ≥ 1, leading axis = batch; ±∞ allowed (probability 0 / 1), NaN not. */
export function elementwiseLogits(value: unknown, check: CheckOptions, argument = 'logits'): { tensor: tf.Tensor; batch: number } {
  const tensor = asTensor(value, argument);
  const batch = tensor.shape[0];
  if (batch === undefined) throw new GumbelTypeError(argument, tensor.shape, 'a tensor of rank ≥ 1 (leading axis = batch)', 'shape []');
  if (check.contents) {
    const data = tensor.dataSync();
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (Number.isNaN(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'not NaN (±Infinity: probability 1 or 0)');
    }
  }
  return { tensor, batch };
}

export function like(value: unknown, argument: string, shape: Shape, shapeName: string): tf.Tensor {
  const tensor = asTensor(value, argument);
  validateSameShape(tensor.shape, shape, argument, shapeName);
  return tensor;
}

export function optionalNoise(value: unknown, shape: Shape): tf.Tensor | undefined {
  return value === undefined ? undefined : like(value, 'noise', shape, 'logits');
}

/** Host uniforms must lie in the open interval (0, 1); checked only with `contents`. */
export function uniformsTensor(value: unknown, check: CheckOptions, argument = 'uniforms'): tf.Tensor {
  const tensor = asTensor(value, argument);
  if (check.contents) {
    const data = tensor.dataSync();
    for (let i = 0; i < data.length; i++) {
      const u = data[i] as number;
      if (!(u > 0 && u < 1)) throw new GumbelRangeError(`${argument}[${i}]`, u, 'in the open interval (0, 1)');
    }
  }
  return tensor;
}

/** A shape argument: an array of non-negative integers. */
export function validateShape(shape: unknown, argument = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new GumbelTypeError(argument, shape, 'an array of non-negative integers');
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new GumbelRangeError(`${argument}[${i}]`, d, 'a non-negative integer');
  });
  return shape as number[];
}
