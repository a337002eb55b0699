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
import { createArms, createDisarm } from './antithetic-bernoulli.js';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from './bernoulli-pathwise.js';
import { createDarn } from './darn.js';
import { createDecoupledStraightThrough } from './decoupled-straight-through.js';
import { createGappedStraightThrough } from './gapped-straight-through.js';
import { createGumbelRao } from './gumbel-rao.js';
import { createMuProp } from './muprop.js';
import { createUnorderedSet } from './unordered-set.js';
import { createRebar } from './rebar.js';
import { createRebarBernoulli } from './rebar-bernoulli.js';
import { createRelax, createRelaxBernoulli } from './relax.js';
import { createVimco } from './vimco.js';
import { REINMAX_MIN_TAU, createReinMax } from './reinmax.js';
import { createReinforce, createReinforceBernoulli } from './reinforce.js';
import { createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import type { ControlVariateEstimator, PathwiseEstimator, ScoreFunctionEstimator } from './types.js';

export interface RegistryOptions {
  readonly seed?: RandomSource;
  /** K conditional draws (Gumbel-Rao) or m samples per input (REINFORCE; ARMS's n, VIMCO's K and the unordered set's n, default 4). */
  readonly samples?: number;
  /** The EMA baseline's starting value (REINFORCE with an EMA baseline). */
  readonly initialBaseline?: number;
  /** Consecutive rows that share one loss (MuProp's joint Taylor expansion; default 1). */
  readonly rowsPerLoss?: number;
}


/**
 * What `backward` takes: dL/dz at the sample (`pathwise`), f(z) per sample row (`score-function`),
 * or f at the sample plus f and ∇_z f at the sample's `points` (`control-variate`, types.ts).
 */
export type EstimatorKind = 'pathwise' | 'score-function' | 'control-variate';

/** The estimator type of each kind, so `estimatorEntry('st-gs').create(...)` is typed as pathwise. */
export type EstimatorOfKind<K extends EstimatorKind, T> = K extends 'pathwise'
  ? PathwiseEstimator<T>
  : K extends 'score-function'
    ? ScoreFunctionEstimator<T>
    : ControlVariateEstimator<T>;

export interface EstimatorEntry<K extends EstimatorKind = EstimatorKind, Id extends string = string> {
  /** Stable, kebab-case: what apps, scripts and tests select by. */
  readonly id: Id;
  /** For people: menus, tables, plots. */
  readonly label: string;
  readonly kind: K;
  /** Whether τ changes the estimate (relaxed, straight-through, Gumbel-Rao, ReinMax); DARN, REINFORCE, MuProp have none. */
  readonly usesTau: boolean;
  /**
   * The smallest τ the estimator accepts (0: any τ > 0). ReinMax: 1 — it refuses τ < 1, as its
   * authors do. Callers that follow a schedule raise τ to this once, here, instead of knowing which
   * estimator refuses what.
   */
  readonly minTau: number;
  /** What the estimator samples: a categorical `[batch, k]` or elementwise Bernoulli logits. */
  readonly variable: 'categorical' | 'bernoulli';
  /** The options beyond `seed` that `create` takes. */
  readonly takes: readonly ('samples' | 'initialBaseline' | 'rowsPerLoss')[];
  create<T>(backend: Backend<T>, options?: RegistryOptions): EstimatorOfKind<K, T>;
}

type Make<K extends EstimatorKind> = <T>(backend: Backend<T>, options: RegistryOptions) => EstimatorOfKind<K, T>;

function entry<Id extends string, K extends EstimatorKind>(
  id: Id,
  label: string,
  kind: K,
  variable: EstimatorEntry['variable'],
  takes: EstimatorEntry['takes'],
  make: Make<K>,
  usesTau: boolean = kind === 'pathwise',
  minTau = 0,
): EstimatorEntry<K, Id> {
  return Object.freeze({
    id,
    label,
    kind,
    usesTau,
    minTau,
    variable,
    takes,
    create<T>(backend: Backend<T>, options: RegistryOptions = {}): EstimatorOfKind<K, T> {
      if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
      for (const key of ['samples', 'initialBaseline', 'rowsPerLoss'] as const) {
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

const ENTRIES = [
  entry('relaxed-gs', 'relaxed Gumbel-Softmax', 'pathwise', 'categorical', [], (b, o) => createRelaxedGumbelSoftmax(b, given(o, 'seed'))),
  entry('st-gs', 'straight-through Gumbel-Softmax', 'pathwise', 'categorical', [], (b, o) => createStraightThroughGumbelSoftmax(b, given(o, 'seed'))),
  entry('gumbel-rao', 'Gumbel-Rao', 'pathwise', 'categorical', ['samples'], (b, o) => createGumbelRao(b, given(o, 'seed', 'samples'))),
  entry('reinmax', 'ReinMax', 'pathwise', 'categorical', [], (b, o) => createReinMax(b, given(o, 'seed')), true, REINMAX_MIN_TAU),
  entry('reinforce', 'REINFORCE', 'score-function', 'categorical', ['samples'], (b, o) => createReinforce(b, given(o, 'seed', 'samples'))),
  entry('reinforce-ema', 'REINFORCE, EMA baseline', 'score-function', 'categorical', ['samples', 'initialBaseline'], (b, o) =>
    createReinforce(b, { ...given(o, 'seed', 'samples', 'initialBaseline'), baseline: 'ema' }),
  ),
  entry('reinforce-loo', 'REINFORCE, leave-one-out baseline', 'score-function', 'categorical', ['samples'], (b, o) =>
    createReinforce(b, { ...given(o, 'seed'), samples: o.samples ?? LOO_SAMPLES, baseline: 'leave-one-out' }),
  ),
  entry('decoupled-st', 'decoupled ST-GS (relaxed forward at τ_f = 1)', 'pathwise', 'categorical', [], (b, o) =>
    createDecoupledStraightThrough(b, { ...given(o, 'seed'), hard: false, forwardTau: 1 }),
  ),
  entry('gst', 'gapped straight-through (κ = 1)', 'pathwise', 'categorical', [], (b, o) => createGappedStraightThrough(b, given(o, 'seed'))),
  entry('vimco', 'VIMCO (K-sample bound)', 'score-function', 'categorical', ['samples'], (b, o) => createVimco(b, given(o, 'seed', 'samples'))),
  entry('unordered-set', 'unordered set (n without replacement, built-in baseline)', 'score-function', 'categorical', ['samples'], (b, o) =>
    createUnorderedSet(b, given(o, 'seed', 'samples')),
  ),
  entry('muprop', 'MuProp', 'control-variate', 'categorical', ['rowsPerLoss'], (b, o) => createMuProp(b, given(o, 'seed', 'rowsPerLoss'))),
  // λ is the call's τ; η = 1. RELAX from the registry is untrained (φ₀: REBAR at η = 1) until its update steps run.
  entry('rebar', 'REBAR (η = 1)', 'control-variate', 'categorical', [], (b, o) => createRebar(b, given(o, 'seed')), true),
  entry('relax', 'RELAX (learned quadratic surrogate)', 'control-variate', 'categorical', [], (b, o) => createRelax(b, given(o, 'seed')), true),
  entry('darn', 'DARN', 'pathwise', 'categorical', [], (b, o) => createDarn(b, given(o, 'seed')), false),
  entry('relaxed-bernoulli', 'relaxed Bernoulli', 'pathwise', 'bernoulli', [], (b, o) => createRelaxedBernoulli(b, given(o, 'seed'))),
  entry('st-bernoulli', 'straight-through Bernoulli', 'pathwise', 'bernoulli', [], (b, o) => createStraightThroughBernoulli(b, given(o, 'seed'))),
  entry('reinforce-bernoulli', 'REINFORCE (Bernoulli)', 'score-function', 'bernoulli', ['samples'], (b, o) => createReinforceBernoulli(b, given(o, 'seed', 'samples'))),
  entry('reinforce-bernoulli-ema', 'REINFORCE (Bernoulli), EMA baseline', 'score-function', 'bernoulli', ['samples', 'initialBaseline'], (b, o) =>
    createReinforceBernoulli(b, { ...given(o, 'seed', 'samples', 'initialBaseline'), baseline: 'ema' }),
  ),
  entry('disarm', 'DisARM (Bernoulli)', 'score-function', 'bernoulli', [], (b, o) => createDisarm(b, given(o, 'seed'))),
  entry('arms', 'ARMS (Bernoulli)', 'score-function', 'bernoulli', ['samples'], (b, o) => createArms(b, given(o, 'seed', 'samples'))),
  entry('rebar-bernoulli', 'REBAR (Bernoulli, η = 1)', 'control-variate', 'bernoulli', [], (b, o) => createRebarBernoulli(b, given(o, 'seed')), true),
  entry('relax-bernoulli', 'RELAX (Bernoulli, learned quadratic surrogate)', 'control-variate', 'bernoulli', [], (b, o) => createRelaxBernoulli(b, given(o, 'seed')), true),
  entry('reinforce-bernoulli-loo', 'REINFORCE (Bernoulli), leave-one-out baseline', 'score-function', 'bernoulli', ['samples'], (b, o) =>
    createReinforceBernoulli(b, { ...given(o, 'seed'), samples: o.samples ?? LOO_SAMPLES, baseline: 'leave-one-out' }),
  ),
] as const;

export const ESTIMATORS: readonly EstimatorEntry[] = Object.freeze([...ENTRIES]);

/** The ids of the registry, as a type. */
export type EstimatorId = (typeof ENTRIES)[number]['id'];

/** The entry with this id; an unknown id is a typed error listing the known ones. */
export function estimatorEntry<Id extends EstimatorId>(id: Id): Extract<(typeof ENTRIES)[number], { readonly id: Id }>;
export function estimatorEntry(id: string): EstimatorEntry;
export function estimatorEntry(id: string): EstimatorEntry {
  const found = ESTIMATORS.find((e) => e.id === id);
  if (found === undefined) throw new GumbelRangeError('estimator', id, `one of ${ESTIMATORS.map((e) => e.id).join(', ')}`);
  return found;
}
