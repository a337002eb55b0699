/**
 * Host-side checks of kernel arguments, run before any work (and before any random stream is
 * advanced), so a bad call fails with a typed error naming the argument and changes nothing.
 */
import {
  GumbelRangeError,
  GumbelTypeError,
  validateLogits,
  validateSameShape,
  validateTemperature,
  validateTemperatures,
} from '@gumbel/core';
import type { FloatPrecision, Shape } from '@gumbel/core';
import { allocate, asMatrix, asTensor, isCpuTensor, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

/** τ resolved against a batch: one number for every row, or one per row. */
export type TauView =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'rows'; readonly values: FloatArray };

export function tauAt(tau: TauView, row: number): number {
  return tau.kind === 'scalar' ? tau.value : (tau.values[row] as number);
}

export function resolveTau(tau: unknown, batch: number, argument = 'tau'): TauView {
  if (typeof tau === 'number') return { kind: 'scalar', value: validateTemperature(tau, argument) };
  if (!isCpuTensor(tau)) throw new GumbelTypeError(argument, tau, 'a number or a cpu tensor of shape [batch]');
  validateSameShape(tau.shape, [batch], argument, 'the batch size of logits');
  validateTemperatures(tau.data, argument);
  return { kind: 'rows', values: tau.data };
}

/**
 * dL/dτ shaped like τ. `perRow` holds each row's contribution; a scalar τ was shared by every row,
 * so its gradient is their sum (accumulated in float64 before the final rounding).
 */
export function tauGradient(tau: TauView, perRow: Float64Array, precision: FloatPrecision): CpuTensor {
  if (tau.kind === 'rows') {
    const out = allocate(precision, perRow.length);
    out.set(perRow);
    return makeTensor(out, [perRow.length]);
  }
  let sum = 0;
  for (const v of perRow) sum += v;
  const out = allocate(precision, 1);
  out[0] = sum;
  return makeTensor(out, []);
}

export function argsObject(args: unknown, argument = 'args'): Record<string, unknown> {
  if (typeof args !== 'object' || args === null) throw new GumbelTypeError(argument, args, 'an object');
  return args as Record<string, unknown>;
}

/**
 * Categorical logits: `[batch, k]`, no NaN or +∞, and at least one finite entry per row.
 * `checkValues: false` checks the shape only, for kernels that check the values in their own first
 * pass and call `validateLogits` to raise the error (the wasm-simd row kernels).
 */
export function categoricalLogits(value: unknown, argument = 'logits', checkValues = true): { tensor: CpuTensor; batch: number; k: number } {
  const m = asMatrix(value, argument);
  if (checkValues) validateLogits(m.tensor.data, argument, m.k);
  return m;
}

/**
 * Elementwise (Bernoulli) logits: any rank ≥ 1, the leading axis being the batch. −∞ is a logit of
 * probability 0 and +∞ one of probability 1, both allowed (sure outcomes); a row of them is a
 * legitimate sample, so unlike categorical logits it is not rejected. NaN is.
 */
export function elementwiseLogits(value: unknown, argument = 'logits'): { tensor: CpuTensor; batch: number; rowSize: number } {
  const tensor = asTensor(value, argument);
  const batch = tensor.shape[0];
  if (batch === undefined) throw new GumbelTypeError(argument, tensor.shape, 'a tensor of rank ≥ 1 (leading axis = batch)', 'shape []');
  const data = tensor.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isNaN(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'not NaN (±Infinity: probability 1 or 0)');
  }
  return { tensor, batch, rowSize: data.length / batch };
}

/** A tensor that must have exactly the shape of another one (noise, y, dy…). */
export function like(value: unknown, argument: string, shape: Shape, shapeName: string): CpuTensor {
  const tensor = asTensor(value, argument);
  validateSameShape(tensor.shape, shape, argument, shapeName);
  return tensor;
}

/** Noise is optional; `undefined` (also when written out explicitly) means none. */
export function optionalNoise(value: unknown, shape: Shape): CpuTensor | undefined {
  return value === undefined ? undefined : like(value, 'noise', shape, 'logits');
}

/** Host uniforms must lie in the open interval (0, 1), as every noise formula assumes. */
export function uniformsTensor(value: unknown, argument = 'uniforms'): CpuTensor {
  const tensor = asTensor(value, argument);
  const data = tensor.data;
  for (let i = 0; i < data.length; i++) {
    const u = data[i] as number;
    if (!(u > 0 && u < 1)) throw new GumbelRangeError(`${argument}[${i}]`, u, 'in the open interval (0, 1)');
  }
  return tensor;
}
