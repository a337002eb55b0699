/**
 * Temperature annealing for the Gumbel-Softmax relaxation (Jang, Gu & Poole 2017, §4): start hot
 * so gradients have low variance, cool towards a near-discrete τ, and hold a floor so the relaxed
 * sample never becomes a numerically hard one-hot (τ → 0 makes gradients vanish or explode).
 */
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { finiteNumber } from './number-args.js';
import { assertNumber, validatePositiveInteger, validateTemperature } from './validate.js';

export interface ExponentialDecayOptions {
  /** τ0, the temperature at step 0: finite and > 0. */
  readonly initial: number;
  /** r, the decay rate per step: finite and ≥ 0 (0 keeps τ at `initial`). */
  readonly rate: number;
  /** τmin, the floor: finite, > 0 and ≤ `initial`. */
  readonly min: number;
  /** N: τ changes only every N steps (an integer ≥ 1; default 1, a smooth decay). */
  readonly every?: number;
}

/**
 * τ(t) = max(τmin, τ0·exp(−r·N·⌊t/N⌋)): exponential decay, updated in steps of N, with a floor.
 * Jang et al. used τ0 = 1, τmin = 0.5, N = 1000 and r ∈ {1e-5, 1e-4}.
 *
 * @example
 * const tau = exponentialDecaySchedule({ initial: 1, rate: 1e-4, min: 0.5, every: 1000 });
 * tau(0);      // 1
 * tau(999);    // 1 (not updated yet)
 * tau(1000);   // e^(−0.1) ≈ 0.905
 * tau(10_000); // max(0.5, e^(−1)) = 0.5
 */
export function exponentialDecaySchedule(options: ExponentialDecayOptions): (step: number) => number {
  if (typeof options !== 'object' || options === null) {
    throw new GumbelTypeError('options', options, 'an object { initial, rate, min, every? }');
  }
  const initial = validateTemperature(options.initial, 'initial');
  const min = validateTemperature(options.min, 'min');
  if (min > initial) throw new GumbelRangeError('min', min, `≤ initial (${initial})`);
  const rate = finiteNumber(options.rate, 'rate');
  if (rate < 0) throw new GumbelRangeError('rate', rate, 'finite and ≥ 0');
  const every = options.every === undefined ? 1 : validatePositiveInteger(options.every, 'every');

  return (step: number): number => Math.max(min, initial * Math.exp(-rate * (every * updates(step, every))));
}

/** ⌊t/N⌋, the number of updates a schedule has made by step t (t an integer ≥ 0). */
function updates(step: number, every: number): number {
  assertNumber(step, 'step');
  if (!(Number.isInteger(step) && step >= 0)) throw new GumbelRangeError('step', step, 'an integer ≥ 0');
  return Math.floor(step / every);
}

export interface SlopeAnnealingOptions {
  /** a0, the slope at step 0: finite and > 0 (Chung et al.: 1). */
  readonly initial: number;
  /** Δ, added to the slope every `every` steps: finite and ≥ 0 (Chung et al.: 0.04 per epoch). */
  readonly increment: number;
  /** a_max, the ceiling: finite and ≥ `initial` (Chung et al.: 5). */
  readonly max: number;
  /** N: the slope changes only every N steps (an integer ≥ 1; one epoch's steps for a per-epoch schedule). */
  readonly every: number;
}

/**
 * The slope annealing trick of Chung, Ahn & Bengio (2017, "Hierarchical Multiscale Recurrent Neural
 * Networks", §3.3 and §4.1): a(t) = min(a_max, a0 + Δ·⌊t/N⌋), a linear ramp with a ceiling. A
 * straight-through estimator whose backward pass is the derivative of sigmoid(a·l) — or of
 * softmax(a·l), i.e. temperature τ = 1/a — moves its surrogate towards the step function (the
 * forward pass) as a grows, reducing the estimator's bias once training has settled. Chung et al.
 * used a = min(5, 1 + 0.04·epoch): `{ initial: 1, increment: 0.04, max: 5, every: stepsPerEpoch }`.
 *
 * @example
 * const slope = slopeAnnealingSchedule({ initial: 1, increment: 0.04, max: 5, every: 500 });
 * slope(0);      // 1
 * slope(499);    // 1 (one epoch of 500 steps not yet complete)
 * slope(500);    // 1.04
 * slope(50_000); // min(5, 1 + 0.04·100) = 5
 */
export function slopeAnnealingSchedule(options: SlopeAnnealingOptions): (step: number) => number {
  if (typeof options !== 'object' || options === null) {
    throw new GumbelTypeError('options', options, 'an object { initial, increment, max, every }');
  }
  const initial = finiteNumber(options.initial, 'initial');
  if (!(initial > 0)) throw new GumbelRangeError('initial', initial, 'finite and > 0');
  const increment = finiteNumber(options.increment, 'increment');
  if (increment < 0) throw new GumbelRangeError('increment', increment, 'finite and ≥ 0');
  const max = finiteNumber(options.max, 'max');
  if (max < initial) throw new GumbelRangeError('max', max, `finite and ≥ initial (${initial})`);
  const every = validatePositiveInteger(options.every, 'every');

  return (step: number): number => Math.min(max, initial + increment * updates(step, every));
}
