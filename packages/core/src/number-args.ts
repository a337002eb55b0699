/**
 * Scalar argument checks for the reference math. Internal (not re-exported from the index): the
 * public contract is the errors they throw, which always name the caller's argument.
 */
import { CounterRng } from './counter-rng.js';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { assertNumber } from './validate.js';

export function finiteNumber(value: unknown, argument: string): number {
  assertNumber(value, argument);
  if (!Number.isFinite(value)) throw new GumbelRangeError(argument, value, 'finite');
  return value;
}

/** ±Infinity are meaningful limits for a point where a density or CDF is evaluated; NaN is not. */
export function numberNotNaN(value: unknown, argument: string): number {
  assertNumber(value, argument);
  if (Number.isNaN(value)) throw new GumbelRangeError(argument, value, 'not NaN');
  return value;
}

/** Uniforms must avoid 0 and 1, where -log(-log u) and logit(u) are infinite. */
export function openUnit(value: unknown, argument: string): number {
  assertNumber(value, argument);
  if (!(value > 0 && value < 1)) throw new GumbelRangeError(argument, value, 'in the open interval (0, 1)');
  return value;
}

export function closedUnit(value: unknown, argument: string): number {
  assertNumber(value, argument);
  if (!(value >= 0 && value <= 1)) throw new GumbelRangeError(argument, value, 'in [0, 1]');
  return value;
}

export function counterRng(value: unknown, argument = 'rng'): CounterRng {
  if (!(value instanceof CounterRng)) throw new GumbelTypeError(argument, value, 'a CounterRng');
  return value;
}
