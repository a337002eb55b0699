/**
 * The shape check of a control-variate upstream (types.ts: `{ losses, atPoints }`), shared by every
 * estimator of that kind (MuProp, REBAR, RELAX) so they refuse a malformed one with the same words.
 */
import { GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { readRows } from './exact-sample.js';
import { readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
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

/** The host values of a two-point upstream (REBAR and RELAX: points s = σ_λ(z), s̃ = σ_λ(z̃)). */
export interface PairUpstream {
  /** f(b) per row. */
  readonly f: Float64Array;
  /** f(s̃) per row. */
  readonly fTilde: Float64Array;
  /** ∇f(s) and ∇f(s̃), `[batch, width]` row-major. */
  readonly gradS: Float64Array;
  readonly gradSTilde: Float64Array;
}

/**
 * Checks and reads a two-point upstream. f(s) is checked (so a malformed one is refused with the
 * argument's name) but not returned: the estimate uses f only through ∇f(s) and f(s̃).
 */
export function* readPairUpstream<T>(backend: Backend<T>, upstream: ControlVariateUpstream<T>, batch: number, width: number): Reading<T, PairUpstream> {
  const { losses, atPoints } = checkUpstream(upstream, 2);
  const [atS, atSTilde] = atPoints as [ControlVariateUpstream<T>['atPoints'][number], ControlVariateUpstream<T>['atPoints'][number]];
  const f = yield* readLosses(losses, batch, 'upstream.losses');
  yield* readLosses(atS.losses, batch, 'upstream.atPoints[0].losses');
  const fTilde = yield* readLosses(atSTilde.losses, batch, 'upstream.atPoints[1].losses');
  const gradS = yield* readRows(backend, atS.gradient, batch, width, 'upstream.atPoints[0].gradient');
  const gradSTilde = yield* readRows(backend, atSTilde.gradient, batch, width, 'upstream.atPoints[1].gradient');
  return { f, fTilde, gradS, gradSTilde };
}
