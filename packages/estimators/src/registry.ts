/**
 * The one list of estimators: `{ id, label, kind, create }` per estimator, read by the
 * bias/variance report, the apps (VAE, demo) and the cross-backend test, so a new estimator is
 * added in one place and every consumer names it the same way.
 *
 * `create(backend, options)` takes the options every entry understands (`seed`) and the ones some
 * do (`samples`: K for Gumbel-Rao, m for REINFORCE; `initialBaseline` for an EMA baseline); an
 * option an entry does not take is a typed error rather than silently ignored.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend, RandomSource } from '@gumbel/core';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from './bernoulli-pathwise.js';
import { createGumbelRao } from './gumbel-rao.js';
import { createReinMax } from './reinmax.js';
import { createReinforce, createReinforceBernoulli } from './reinforce.js';
import { createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import type { Estimator, LossValues } from './types.js';

export interface RegistryOptions {
  readonly seed?: RandomSource;
  /** K conditional draws (Gumbel-Rao) or m samples per input (REINFORCE). */
  readonly samples?: number;
  /** The EMA baseline's starting value (REINFORCE with an EMA baseline). */
  readonly initialBaseline?: number;
}

export type AnyEstimator<T> = Estimator<T, T> | Estimator<T, LossValues<T>>;

export interface EstimatorEntry {
  /** Stable, kebab-case: what apps, scripts and tests select by. */
  readonly id: string;
  /** For people: menus, tables, plots. */
  readonly label: string;
  /** `pathwise` estimators take dL/dz and have a τ; `score-function` ones take f(z) and have none. */
  readonly kind: 'pathwise' | 'score-function';
  /** What the estimator samples: a categorical `[batch, k]` or elementwise Bernoulli logits. */
  readonly variable: 'categorical' | 'bernoulli';
  /** The options beyond `seed` that `create` takes. */
  readonly takes: readonly ('samples' | 'initialBaseline')[];
  create<T>(backend: Backend<T>, options?: RegistryOptions): AnyEstimator<T>;
}

type Make = <T>(backend: Backend<T>, options: RegistryOptions) => AnyEstimator<T>;

function entry(id: string, label: string, kind: EstimatorEntry['kind'], variable: EstimatorEntry['variable'], takes: EstimatorEntry['takes'], make: Make): EstimatorEntry {
  return Object.freeze({
    id,
    label,
    kind,
    variable,
    takes,
    create<T>(backend: Backend<T>, options: RegistryOptions = {}): AnyEstimator<T> {
      if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
      for (const key of ['samples', 'initialBaseline'] as const) {
        if (options[key] !== undefined && !takes.includes(key)) throw new GumbelTypeError(`options.${key}`, options[key], `omitted: estimator '${id}' does not take it`);
      }
      return make(backend, options);
    },
  });
}

/** The named options that were given (an estimator's own defaults apply to the rest). */
function given<K extends keyof RegistryOptions>(options: RegistryOptions, ...keys: K[]): Pick<RegistryOptions, K> {
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key];
  return out as Pick<RegistryOptions, K>;
}

/** Leave-one-out needs m ≥ 2; 4 is what the report and the VAE use. */
const LOO_SAMPLES = 4;

export const ESTIMATORS: readonly EstimatorEntry[] = Object.freeze([
  entry('relaxed-gs', 'relaxed Gumbel-Softmax', 'pathwise', 'categorical', [], (b, o) => createRelaxedGumbelSoftmax(b, given(o, 'seed'))),
  entry('st-gs', 'straight-through Gumbel-Softmax', 'pathwise', 'categorical', [], (b, o) => createStraightThroughGumbelSoftmax(b, given(o, 'seed'))),
  entry('gumbel-rao', 'Gumbel-Rao', 'pathwise', 'categorical', ['samples'], (b, o) => createGumbelRao(b, given(o, 'seed', 'samples'))),
  entry('reinmax', 'ReinMax', 'pathwise', 'categorical', [], (b, o) => createReinMax(b, given(o, 'seed'))),
  entry('reinforce', 'REINFORCE', 'score-function', 'categorical', ['samples'], (b, o) => createReinforce(b, given(o, 'seed', 'samples'))),
  entry('reinforce-ema', 'REINFORCE, EMA baseline', 'score-function', 'categorical', ['samples', 'initialBaseline'], (b, o) =>
    createReinforce(b, { ...given(o, 'seed', 'samples', 'initialBaseline'), baseline: 'ema' }),
  ),
  entry('reinforce-loo', 'REINFORCE, leave-one-out baseline', 'score-function', 'categorical', ['samples'], (b, o) =>
    createReinforce(b, { ...given(o, 'seed'), samples: o.samples ?? LOO_SAMPLES, baseline: 'leave-one-out' }),
  ),
  entry('relaxed-bernoulli', 'relaxed Bernoulli', 'pathwise', 'bernoulli', [], (b, o) => createRelaxedBernoulli(b, given(o, 'seed'))),
  entry('st-bernoulli', 'straight-through Bernoulli', 'pathwise', 'bernoulli', [], (b, o) => createStraightThroughBernoulli(b, given(o, 'seed'))),
  entry('reinforce-bernoulli', 'REINFORCE (Bernoulli)', 'score-function', 'bernoulli', ['samples'], (b, o) => createReinforceBernoulli(b, given(o, 'seed', 'samples'))),
  entry('reinforce-bernoulli-ema', 'REINFORCE (Bernoulli), EMA baseline', 'score-function', 'bernoulli', ['samples', 'initialBaseline'], (b, o) =>
    createReinforceBernoulli(b, { ...given(o, 'seed', 'samples', 'initialBaseline'), baseline: 'ema' }),
  ),
  entry('reinforce-bernoulli-loo', 'REINFORCE (Bernoulli), leave-one-out baseline', 'score-function', 'bernoulli', ['samples'], (b, o) =>
    createReinforceBernoulli(b, { ...given(o, 'seed'), samples: o.samples ?? LOO_SAMPLES, baseline: 'leave-one-out' }),
  ),
]);

/** The entry with this id; an unknown id is a typed error listing the known ones. */
export function estimatorEntry(id: string): EstimatorEntry {
  const found = ESTIMATORS.find((e) => e.id === id);
  if (found === undefined) throw new GumbelRangeError('estimator', id, `one of ${ESTIMATORS.map((e) => e.id).join(', ')}`);
  return found;
}
