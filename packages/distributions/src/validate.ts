/**
 * Parameter and value checks (`validateArgs`, on by default). Each names the caller's argument and
 * the first offending element with its index, through core's typed errors.
 */
import { GumbelRangeError, GumbelTypeError, validateLogits, validateProbabilities } from '@gumbel/core';
import type { Param } from './host.js';

/** Exactly one of `logits` / `probs`. */
export function exactlyOne<A, B>(logits: A | undefined, probs: B | undefined): 'logits' | 'probs' {
  if ((logits === undefined) === (probs === undefined)) {
    throw new GumbelTypeError('logits', logits, 'given, or else probs, but not both', logits === undefined ? 'neither logits nor probs' : 'both logits and probs');
  }
  return logits !== undefined ? 'logits' : 'probs';
}

function check(p: Param<unknown>, ok: (v: number) => boolean, requirement: string): void {
  for (let i = 0; i < p.values.length; i++) {
    const v = p.values[i] as number;
    if (!ok(v)) throw new GumbelRangeError(p.shape.length === 0 ? p.name : `${p.name}[${i}]`, v, requirement);
  }
}

export const checkFinite = (p: Param<unknown>): void => check(p, Number.isFinite, 'finite');
export const checkPositive = (p: Param<unknown>): void => check(p, (v) => Number.isFinite(v) && v > 0, 'finite and > 0');
export const checkNotNaN = (p: Param<unknown>): void => check(p, (v) => !Number.isNaN(v), 'not NaN');
export const checkUnitInterval = (p: Param<unknown>): void => check(p, (v) => v >= 0 && v <= 1, 'in [0, 1]');

/** At least rank `rank` (an event axis of k classes needs rank ≥ 1). */
export function checkRank(p: Param<unknown>, rank: number, what: string): void {
  if (p.shape.length < rank) throw new GumbelTypeError(p.name, p.values, `a tensor of rank ≥ ${rank} (${what})`, `rank ${p.shape.length}`);
}

/** Categorical logits: rows of the last axis, no NaN or +∞, at least one finite entry per row. */
export function checkLogitRows(p: Param<unknown>): void {
  validateLogits(p.values, p.name, p.shape[p.shape.length - 1] as number);
}

export function checkProbabilityRows(p: Param<unknown>): void {
  validateProbabilities(p.values, p.name, p.shape[p.shape.length - 1] as number);
}
