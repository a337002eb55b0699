/**
 * Host-side checks of kernel arguments, run before any work and before a random stream advances.
 * Shapes, numbers and seeds are always checked. Tensor *contents* are checked where they are on the
 * host (tensors from `fromArray`); contents of kernel outputs live on the device and reading them
 * back to check would cost a GPU round trip per call, so those are trusted, as kernels propagate
 * what they are given.
 */
import { GumbelRangeError, GumbelTypeError, describeValue, validateLogits, validateSameShape, validateTemperature, validateTemperatures } from '@gumbel/core';
import type { Shape } from '@gumbel/core';
import { GpujsTensor } from './tensor.js';

export function argsObject(args: unknown, argument = 'args'): Record<string, unknown> {
  if (typeof args !== 'object' || args === null) throw new GumbelTypeError(argument, args, 'an object');
  return args as Record<string, unknown>;
}

export function asTensor(value: unknown, argument: string, owner: symbol): GpujsTensor {
  if (!(value instanceof GpujsTensor) || value.owner !== owner) {
    throw new GumbelTypeError(argument, value, 'a GpujsTensor made by this backend');
  }
  if (value.disposed) throw new GumbelRangeError(argument, value, 'a tensor that has not been disposed', 'a disposed tensor');
  return value;
}

export function asMatrix(value: unknown, argument: string, owner: symbol): { tensor: GpujsTensor; batch: number; k: number } {
  const tensor = asTensor(value, argument, owner);
  const [batch, k] = tensor.shape;
  if (tensor.shape.length !== 2 || batch === undefined || k === undefined) {
    throw new GumbelTypeError(argument, tensor.shape, 'a tensor of shape [batch, k]', `shape ${describeValue(tensor.shape)}`);
  }
  return { tensor, batch, k };
}

export function categoricalLogits(value: unknown, owner: symbol, argument = 'logits'): { tensor: GpujsTensor; batch: number; k: number } {
  const m = asMatrix(value, argument, owner);
  if (m.tensor.host !== undefined) validateLogits(m.tensor.host, argument, m.k);
  return m;
}

/** Bernoulli logits: rank ≥ 1; ±∞ allowed (probability 0 / 1: sure outcomes), NaN not. */
export function elementwiseLogits(value: unknown, owner: symbol, argument = 'logits'): { tensor: GpujsTensor; batch: number } {
  const tensor = asTensor(value, argument, owner);
  const batch = tensor.shape[0];
  if (batch === undefined) throw new GumbelTypeError(argument, tensor.shape, 'a tensor of rank ≥ 1 (leading axis = batch)', 'shape []');
  const host = tensor.host;
  if (host !== undefined) {
    for (let i = 0; i < host.length; i++) {
      const v = host[i] as number;
      if (Number.isNaN(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'not NaN (±Infinity: probability 1 or 0)');
    }
  }
  return { tensor, batch };
}

export function like(value: unknown, argument: string, shape: Shape, shapeName: string, owner: symbol): GpujsTensor {
  const tensor = asTensor(value, argument, owner);
  validateSameShape(tensor.shape, shape, argument, shapeName);
  return tensor;
}

export function optionalNoise(value: unknown, shape: Shape, owner: symbol): GpujsTensor | undefined {
  return value === undefined ? undefined : like(value, 'noise', shape, 'logits', owner);
}

/** τ: a number, or a `[batch]` tensor (whose host values, if any, are checked). */
export type TauArg = { readonly kind: 'scalar'; readonly value: number } | { readonly kind: 'rows'; readonly tensor: GpujsTensor };

export function resolveTau(tau: unknown, batch: number, owner: symbol, argument = 'tau'): TauArg {
  if (typeof tau === 'number') return { kind: 'scalar', value: validateTemperature(tau, argument) };
  if (!(tau instanceof GpujsTensor)) throw new GumbelTypeError(argument, tau, 'a number or a GpujsTensor of shape [batch]');
  const tensor = like(tau, argument, [batch], 'the batch size of logits', owner);
  if (tensor.host !== undefined) validateTemperatures(tensor.host, argument);
  return { kind: 'rows', tensor };
}

export function uniformsTensor(value: unknown, owner: symbol, argument = 'uniforms'): GpujsTensor {
  const tensor = asTensor(value, argument, owner);
  const host = tensor.host;
  if (host !== undefined) {
    for (let i = 0; i < host.length; i++) {
      const u = host[i] as number;
      if (!(u > 0 && u < 1)) throw new GumbelRangeError(`${argument}[${i}]`, u, 'in the open interval (0, 1)');
    }
  }
  return tensor;
}
