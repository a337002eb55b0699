/**
 * Shared argument handling: the random stream, τ (number, per-row tensor or schedule), the step
 * counter and shape checks. Everything is checked on the host before a stream advances.
 */
import { CounterRng, GumbelRangeError, GumbelTypeError, validatePositiveInteger, validateTemperature, describeValue } from '@gumbel/core';
import type { Backend, RandomSource, Shape } from '@gumbel/core';
import type { SampleOptions, TemperatureOption } from './types.js';

export function streamFrom(source: RandomSource | undefined, argument: string): CounterRng {
  if (source instanceof CounterRng) return source;
  if (source !== undefined && typeof source !== 'number') throw new GumbelTypeError(argument, source, 'a seed (integer) or a CounterRng');
  return CounterRng.create(source);
}

export function optionsObject<T>(options: SampleOptions<T> | undefined, argument = 'options'): SampleOptions<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError(argument, options, 'an object or undefined');
  return options;
}

/**
 * Keeps the estimator's own stream and step counter. `resolve` reads one call's options (the
 * stream to draw from and the step a schedule uses) without side effects; `commit` counts the call
 * once every argument has been checked, so a rejected call leaves the estimator as it was.
 */
export class EstimatorState {
  readonly rng: CounterRng;
  #step = 0;
  constructor(seed: RandomSource | undefined) {
    this.rng = streamFrom(seed, 'seed');
  }
  get step(): number {
    return this.#step;
  }
  resolve<T>(options: SampleOptions<T>): { rng: CounterRng; step: number } {
    let step = this.#step;
    if (options.step !== undefined) {
      if (!(typeof options.step === 'number' && Number.isInteger(options.step) && options.step >= 0)) {
        throw new GumbelRangeError('options.step', options.step, 'an integer ≥ 0');
      }
      step = options.step;
    }
    const rng = options.seed === undefined ? this.rng : streamFrom(options.seed, 'options.seed');
    return { rng, step };
  }
  commit(): void {
    this.#step += 1;
  }
}

/**
 * τ for one call: a schedule is evaluated at `step` (and its value checked like any τ); a tensor
 * must be `[batch]`. The result is what the backend kernels take.
 */
export function resolveTau<T>(backend: Backend<T>, tau: TemperatureOption<T> | undefined, step: number, batch: number, argument = 'tau'): number | T {
  if (tau === undefined) throw new GumbelTypeError(argument, tau, 'a number, a [batch] tensor or a schedule (step) => number');
  if (typeof tau === 'number') return validateTemperature(tau, argument);
  if (typeof tau === 'function') {
    const value = (tau as (s: number) => unknown)(step);
    if (typeof value !== 'number') throw new GumbelTypeError(`${argument}(${step})`, value, 'a number');
    return validateTemperature(value, `${argument}(${step})`);
  }
  const shape = backend.shapeOf(tau);
  if (shape.length !== 1 || shape[0] !== batch) {
    throw new GumbelTypeError(argument, shape, `a number or a tensor of shape [${batch}] (one τ per row)`, `a tensor of shape ${describeValue(shape)}`);
  }
  return tau;
}

/** Logits of shape `[batch, k]`. */
export function categoricalShape<T>(backend: Backend<T>, logits: T, argument = 'logits'): readonly [number, number] {
  const shape = backend.shapeOf(logits);
  if (shape.length !== 2) throw new GumbelTypeError(argument, shape, 'a tensor of shape [batch, k]', `a tensor of shape ${describeValue(shape)}`);
  return [shape[0] as number, shape[1] as number];
}

/** Bernoulli logits of any rank ≥ 1: batch = the leading axis, d = the size of one row. */
export function bernoulliShape<T>(backend: Backend<T>, logits: T, argument = 'logits'): { shape: Shape; batch: number; rowSize: number } {
  const shape = backend.shapeOf(logits);
  if (shape.length < 1) throw new GumbelTypeError(argument, shape, 'a tensor of rank ≥ 1 ([batch, ...])', 'a scalar tensor');
  const batch = shape[0] as number;
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  return { shape, batch, rowSize };
}

export function positiveInteger(value: unknown, fallback: number, argument: string): number {
  return value === undefined ? fallback : validatePositiveInteger(value, argument);
}

/** A probability-like coefficient in [0, 1). */
export function decayValue(value: unknown, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new GumbelTypeError(argument, value, 'a number');
  if (!(value >= 0 && value < 1)) throw new GumbelRangeError(argument, value, 'in [0, 1)');
  return value;
}

/** What one categorical pathwise draw starts from: the checked shape, this call's τ and its Gumbels. */
export interface CategoricalDraw<T> {
  readonly batch: number;
  readonly k: number;
  readonly rng: CounterRng;
  readonly tau: number | T;
  readonly noise: T;
}

/**
 * The opening every Gumbel-based categorical estimator shares: check the call, resolve this step's
 * stream and τ, count the call (only once everything is checked), then draw Gumbel noise.
 */
export function beginCategoricalDraw<T>(
  backend: Backend<T>,
  state: EstimatorState,
  logits: T,
  sampleOptions: SampleOptions<T> | undefined,
  defaultTau: TemperatureOption<T>,
): CategoricalDraw<T> {
  const opts = optionsObject(sampleOptions);
  const [batch, k] = categoricalShape(backend, logits);
  const { rng, step } = state.resolve(opts);
  const tau = resolveTau(backend, opts.tau ?? defaultTau, step, batch);
  state.commit();
  return { batch, k, rng, tau, noise: backend.gumbelNoise([batch, k], rng) };
}

/** A finite number (e.g. a control variate's scale η), or the fallback when omitted. */
export function finiteValue(value: unknown, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new GumbelTypeError(argument, value, 'a number');
  if (!Number.isFinite(value)) throw new GumbelRangeError(argument, value, 'finite');
  return value;
}
