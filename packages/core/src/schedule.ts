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

  return (step: number): number => {
    assertNumber(step, 'step');
    if (!(Number.isInteger(step) && step >= 0)) throw new GumbelRangeError('step', step, 'an integer ≥ 0');
    const updated = every * Math.floor(step / every);
    return Math.max(min, initial * Math.exp(-rate * updated));
  };
}
