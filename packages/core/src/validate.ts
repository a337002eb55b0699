/**
 * Argument checks shared by the reference functions and every backend. They run on the host, on
 * values the caller handed in; kernels themselves never check and simply propagate NaN.
 */
import { GumbelRangeError, GumbelTypeError, describeValue } from './errors.js';

export function assertNumber(value: unknown, argument: string): asserts value is number {
  if (typeof value !== 'number') throw new GumbelTypeError(argument, value, 'a number');
}

/** τ (or any scale) must be a finite number > 0. */
export function validateTemperature(tau: unknown, argument = 'tau'): number {
  assertNumber(tau, argument);
  if (!(Number.isFinite(tau) && tau > 0)) throw new GumbelRangeError(argument, tau, 'finite and > 0');
  return tau;
}

/** Every entry of a per-row temperature must be finite and > 0. */
export function validateTemperatures(taus: ArrayLike<number>, argument = 'tau'): void {
  for (let i = 0; i < taus.length; i++) {
    const t = taus[i] as number;
    if (!(Number.isFinite(t) && t > 0)) {
      throw new GumbelRangeError(`${argument}[${i}]`, t, 'finite and > 0');
    }
  }
}

export function validatePositiveInteger(value: unknown, argument: string): number {
  assertNumber(value, argument);
  if (!(Number.isInteger(value) && value >= 1)) throw new GumbelRangeError(argument, value, 'an integer ≥ 1');
  return value;
}

export function validateArrayLike(value: unknown, argument: string): ArrayLike<number> {
  const ok =
    (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) &&
    typeof (value as ArrayLike<unknown>).length === 'number';
  if (!ok) throw new GumbelTypeError(argument, value, 'an array or typed array of numbers');
  return value as ArrayLike<number>;
}

/**
 * Logits: no NaN and no +∞, anywhere. −∞ means "masked" and is allowed, but each row needs at
 * least one finite logit, or there is nothing to sample. `rowLength` splits a flat array into rows.
 */
export function validateLogits(logits: ArrayLike<number>, argument = 'logits', rowLength = logits.length): void {
  if (logits.length === 0) throw new GumbelRangeError(argument, logits, 'non-empty (k ≥ 1)');
  for (let start = 0; start < logits.length; start += rowLength) {
    let anyFinite = false;
    for (let i = start; i < start + rowLength; i++) {
      const v = logits[i];
      if (typeof v !== 'number') throw new GumbelTypeError(`${argument}[${i}]`, v, 'a number');
      if (Number.isNaN(v) || v === Infinity) throw new GumbelRangeError(`${argument}[${i}]`, v, 'finite or -Infinity (masked)');
      if (v !== -Infinity) anyFinite = true;
    }
    if (!anyFinite) {
      const row = rowLength === logits.length ? argument : `${argument} row ${start / rowLength}`;
      throw new GumbelRangeError(row, Array.from({ length: rowLength }, (_, j) => logits[start + j]), 'not entirely -Infinity (at least one class must be possible)');
    }
  }
}

/** Probabilities: finite, ≥ 0, and a positive sum per row (they need not be normalised). */
export function validateProbabilities(probs: ArrayLike<number>, argument = 'probs', rowLength = probs.length): void {
  if (probs.length === 0) throw new GumbelRangeError(argument, probs, 'non-empty (k ≥ 1)');
  for (let start = 0; start < probs.length; start += rowLength) {
    let sum = 0;
    for (let i = start; i < start + rowLength; i++) {
      const p = probs[i];
      if (typeof p !== 'number') throw new GumbelTypeError(`${argument}[${i}]`, p, 'a number');
      if (!(Number.isFinite(p) && p >= 0)) throw new GumbelRangeError(`${argument}[${i}]`, p, 'finite and ≥ 0');
      sum += p;
    }
    if (!(sum > 0)) {
      const row = rowLength === probs.length ? argument : `${argument} row ${start / rowLength}`;
      throw new GumbelRangeError(row, Array.from({ length: rowLength }, (_, j) => probs[start + j]), 'summing to a positive number', `a sum of ${sum}`);
    }
  }
}

/** Largest seed: seeds are split into two 32-bit key words, and must be exact in a double. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export function validateSeed(seed: unknown, argument = 'seed'): number {
  assertNumber(seed, argument);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new GumbelRangeError(argument, seed, `an integer in [0, ${MAX_SEED}]`);
  }
  return seed;
}

/**
 * A shape: an array of integers ≥ 1 (rank 0, a scalar, is allowed). A dimension of size 0 is
 * refused on every backend: no kernel has anything to sample from an empty row or batch, and
 * refusing it at the door keeps "k ≥ 1" one rule rather than a check in every kernel.
 */
export function validateShape(shape: unknown, argument = 'shape'): readonly number[] {
  if (!Array.isArray(shape)) throw new GumbelTypeError(argument, shape, 'an array of positive integers');
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number') throw new GumbelTypeError(`${argument}[${i}]`, d, 'a number');
    if (!(Number.isInteger(d) && d >= 1)) throw new GumbelRangeError(`${argument}[${i}]`, d, 'an integer ≥ 1');
  });
  return shape as readonly number[];
}

/** A 2-D shape [batch, k] with positive integer sizes. */
export function validateShape2D(shape: unknown, argument = 'shape'): readonly [number, number] {
  if (!Array.isArray(shape) || shape.length !== 2) throw new GumbelTypeError(argument, shape, 'a shape [batch, k]');
  validatePositiveInteger(shape[0], `${argument}[0] (batch)`);
  validatePositiveInteger(shape[1], `${argument}[1] (k)`);
  return [shape[0] as number, shape[1] as number];
}

/** Shapes must agree exactly; the message shows both. */
export function validateSameShape(actual: readonly number[], expected: readonly number[], argument: string, expectedName: string): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new GumbelTypeError(argument, actual, `of shape ${describeValue(expected)} to match ${expectedName}`, `shape ${describeValue(actual)}`);
  }
}

export function validateLength(actual: ArrayLike<number>, expected: number, argument: string, expectedName: string): void {
  if (actual.length !== expected) {
    throw new GumbelTypeError(argument, actual, `of length ${expected} to match ${expectedName}`, `length ${actual.length}`);
  }
}
