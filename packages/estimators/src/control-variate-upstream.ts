/**
 * The shape check of a control-variate upstream (types.ts: `{ losses, atPoints }`), shared by every
 * estimator of that kind (MuProp, REBAR, RELAX) so they refuse a malformed one with the same words.
 */
import { GumbelTypeError } from '@gumbel/core';
import type { ControlVariateUpstream } from './types.js';

/** The upstream object, checked: an object with `losses` and exactly `points` evaluations. */
export function checkUpstream<T>(upstream: ControlVariateUpstream<T>, points: number): ControlVariateUpstream<T> {
  if (typeof upstream !== 'object' || upstream === null || Array.isArray(upstream) || ArrayBuffer.isView(upstream)) {
    throw new GumbelTypeError('upstream', upstream, '{ losses, atPoints } (f at the sample; f and ∇f at each of sample.points)');
  }
  if (!Array.isArray(upstream.atPoints) || upstream.atPoints.length !== points) {
    throw new GumbelTypeError('upstream.atPoints', upstream.atPoints, `an array of ${points} evaluation(s) { losses, gradient }, one per sample.points`);
  }
  return upstream;
}
