/**
 * Argument handling shared by the tfjs-native ops. These ops are meant for training loops, so they
 * check what is free to check — numbers, seeds, shapes, axes — and never read tensor contents back
 * (no `dataSync` per step, which would stall a WebGL pipeline). NaN logits or a non-positive τ
 * tensor therefore propagate as NaN here; `createTfjsBackend()` is the checked path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError, GumbelTypeError, freshSeed, validateSameShape, validateSeed, validateTemperature } from '@gumbel/core';
import type { RandomSource, Temperature } from '@gumbel/core';
import { uncheckedArgs } from '../args.js';
import { hostNoise, opsHostNoise } from '../math/host-noise.js';

export function opLogits(value: unknown, minRank = 1): tf.Tensor {
  const t = uncheckedArgs.asTensor(value, 'logits');
  if (t.rank < minRank) throw new GumbelTypeError('logits', t.shape, `a tensor of rank ≥ ${minRank}`, `shape [${t.shape.join(', ')}]`);
  if (t.size === 0) throw new GumbelRangeError('logits', t.shape, 'non-empty');
  return t;
}

/**
 * τ for an op: a number, or a tensor / tf.Variable of shape `[]` or `[logits.shape[0]]` (the ops,
 * unlike `Backend`, also take a `[]` tensor, so a learnable τ can be one scalar variable).
 */
export function opTau(value: unknown, logits: tf.Tensor, fallback = 1): Temperature<tf.Tensor> {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return validateTemperature(value, 'tau');
  const t = uncheckedArgs.asTensor(value, 'tau');
  if (t.rank === 0) return t;
  validateSameShape(t.shape, [logits.shape[0] as number], 'tau', 'the leading axis of logits, or []');
  return t;
}

/** Resolves `axis` (negative counts from the end) to a non-negative axis. */
export function opAxis(value: unknown, rank: number): number {
  if (value === undefined) return rank - 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -rank || value >= rank) {
    throw new GumbelRangeError('axis', value, `an integer in [${-rank}, ${rank - 1}]`);
  }
  return value < 0 ? value + rank : value;
}

export function opSource(seed: unknown): RandomSource {
  if (seed instanceof CounterRng) return seed;
  return seed === undefined ? freshSeed() : validateSeed(seed, 'seed');
}

/**
 * Noise for an op: the caller's tensor (shape-checked), or `kind` noise drawn from the project's
 * stream on the host (host-noise.ts) and uploaded.
 */
export function opNoise(noise: unknown, seed: unknown, shape: readonly number[], kind: 'gumbel' | 'logistic'): tf.Tensor {
  if (noise !== undefined) {
    if (seed !== undefined) throw new GumbelTypeError('seed', seed, 'omitted when noise is given');
    const t = uncheckedArgs.asTensor(noise, 'noise');
    validateSameShape(t.shape, shape, 'noise', 'logits');
    return tf.clone(t);
  }
  const source = opSource(seed);
  return hostNoise(opsHostNoise(), kind, shape, source);
}

export function opBoolean(value: unknown, argument: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new GumbelTypeError(argument, value, 'a boolean');
  return value;
}

/**
 * `x` with `axis` and the last axis swapped (the math reduces along the last axis). The swap is its
 * own inverse, so the same call moves a result back.
 */
export function swapWithLast(x: tf.Tensor, axis: number): tf.Tensor {
  const last = x.rank - 1;
  if (axis === last) return x;
  const perm = Array.from({ length: x.rank }, (_, i) => (i === axis ? last : i === last ? axis : i));
  return tf.transpose(x, perm);
}
