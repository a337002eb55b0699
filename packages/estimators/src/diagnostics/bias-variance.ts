/**
 * The bias/variance report: every estimator on a toy problem (toy-problem.ts; categorical by
 * default, or the Bernoulli one with BERNOULLI_REPORT_ESTIMATORS) over a sweep of τ, each measured from n seeded draws against `exactGradient`. Score-function estimators
 * have no τ and are measured once, then listed at every τ with the same numbers.
 */
import type { Backend } from '@gumbel/core';
import { exactMultiSampleGradient } from '../exact-gradient.js';
import { estimatorEntry } from '../registry.js';
import { createReinMax } from '../reinmax.js';
import type { RegistryOptions } from '../registry.js';
import type { RelaxEstimator } from '../relax.js';
import type { AnyEstimator } from '../types.js';
import { drawGradients } from './draw-gradients.js';
import { trainRelax } from './train-relax.js';
import { compareToExact, summarizeDraws } from './statistics.js';
import { createToyProblem } from './toy-problem.js';
import type { ToyProblem } from './toy-problem.js';

export interface ReportEntry {
  /** The estimator's id in the registry (registry.ts). */
  readonly id: string;
  /** Label used in the table and the plot, e.g. `gumbel-rao K=10`: the id plus the variant. */
  readonly label: string;
  /** Whether the estimator has a τ (false: one measurement shared by every τ). */
  readonly usesTau: boolean;
  /**
   * The registry's `minTau`: rows at a smaller τ are outside the estimator's range and are marked
   * so (ReinMax's row is made with its check lifted, to show what goes wrong there). Optional, so
   * hand-made entries (the demo's lab) need not say it: absent means 0, any τ.
   */
  readonly minTau?: number;
  /** Samples of the discrete variable consumed per gradient (m for REINFORCE, 1 otherwise). */
  readonly samplesPerGradient: number;
  readonly make: <T>(backend: Backend<T>, seed: number) => AnyEstimator<T>;
  /**
   * The gradient this estimator targets, when it is not ∇θ E[f(z)] (default `problem.exact`):
   * VIMCO estimates the gradient of its K-sample bound, so it is measured against that.
   */
  readonly exact?: (problem: ToyProblem) => Float64Array;
  /**
   * Runs once on a fresh estimator before its draws are measured, at the row's τ: RELAX trains its
   * control variate here, so its row measures the trained (then frozen) estimator.
   */
  readonly prepare?: <T>(estimator: AnyEstimator<T>, problem: ToyProblem, tau: number, draws: number) => Promise<void>;
}

/** ∇θ E[−log (1/K) Σ_s exp(−f(z_s))] of the toy problem, by enumerating the k^K tuples. */
function multiSampleBoundGradient(K: number): (problem: ToyProblem) => Float64Array {
  return (problem) => {
    const values = Array.from({ length: problem.k }, (_, j) => problem.loss(Array.from({ length: problem.k }, (_, i) => (i === j ? 1 : 0))));
    return exactMultiSampleGradient(problem.logits, K, (classes) => {
      const f = Array.from(classes, (z) => values[z] as number);
      const min = Math.min(...f);
      return min - Math.log(f.reduce((s, v) => s + Math.exp(min - v), 0) / K);
    });
  };
}

/**
 * RELAX's row trains φ (at the row's τ) for min(100, n/100) Adam steps of 500 rows before it is
 * measured: 100 at the report's n = 10 000 (converged on the toy problem), fewer for the quick
 * runs of the demo's lab and the smoke test, whose budget is their n.
 */
function relaxTrainingSteps(draws: number): number {
  return Math.max(1, Math.min(100, Math.round(draws / 100)));
}

async function trainRelaxRow<T>(estimator: AnyEstimator<T>, problem: ToyProblem, tau: number, draws: number): Promise<void> {
  await trainRelax(estimator as RelaxEstimator<T>, problem, { steps: relaxTrainingSteps(draws), tau });
}

/** A report row for a registry estimator with the given options (all but the seed). */
function variant(id: string, label: string, options: Omit<RegistryOptions, 'seed'> = {}, samplesPerGradient?: number): ReportEntry {
  const estimator = estimatorEntry(id);
  const perSample = estimator.kind === 'score-function';
  return {
    id,
    label,
    usesTau: estimator.usesTau,
    minTau: estimator.minTau,
    samplesPerGradient: samplesPerGradient ?? (perSample ? (options.samples ?? 1) : 1),
    make: <T>(b: Backend<T>, seed: number): AnyEstimator<T> => estimator.create(b, { ...options, seed }),
  };
}

export const REPORT_ESTIMATORS: readonly ReportEntry[] = [
  variant('relaxed-gs', 'relaxed-gs'),
  variant('st-gs', 'st-gs'),
  variant('gumbel-rao', 'gumbel-rao K=10', { samples: 10 }),
  variant('gumbel-rao', 'gumbel-rao K=100', { samples: 100 }),
  // The registry's ReinMax refuses τ below its minTau (1); the report lifts the check to show why
  // (README), and marks those rows as outside its range.
  { ...variant('reinmax', 'reinmax'), make: <T>(b: Backend<T>, seed: number): AnyEstimator<T> => createReinMax(b, { seed, allowTauBelowOne: true }) },
  variant('decoupled-st', 'decoupled-st τf=1'),
  variant('gst', 'gst κ=1'),
  variant('darn', 'darn'),
  variant('reinforce', 'reinforce'),
  variant('reinforce-ema', 'reinforce ema'),
  variant('reinforce', 'reinforce m=4', { samples: 4 }),
  variant('reinforce-loo', 'reinforce loo m=4', { samples: 4 }),
  variant('unordered-set', 'unordered-set n=4', { samples: 4 }),
  variant('muprop', 'muprop'),
  variant('rebar', 'rebar η=1'),
  { ...variant('relax', 'relax (φ trained)'), prepare: trainRelaxRow },
  { ...variant('vimco', 'vimco K=4 (its bound)', { samples: 4 }), exact: multiSampleBoundGradient(4) },
];

/** The binary estimators, for the Bernoulli toy problem (`createBernoulliToyProblem`). */
export const BERNOULLI_REPORT_ESTIMATORS: readonly ReportEntry[] = [
  variant('relaxed-bernoulli', 'relaxed-bernoulli'),
  variant('st-bernoulli', 'st-bernoulli'),
  variant('reinforce-bernoulli', 'reinforce'),
  variant('reinforce-bernoulli-ema', 'reinforce ema'),
  variant('reinforce-bernoulli', 'reinforce m=4', { samples: 4 }),
  variant('reinforce-bernoulli-loo', 'reinforce loo m=4', { samples: 4 }),
  variant('reinforce-bernoulli-loo', 'reinforce loo m=2', { samples: 2 }),
  variant('disarm', 'disarm', {}, 2),
  variant('arms', 'arms n=4', { samples: 4 }),
  variant('rebar-bernoulli', 'rebar η=1'),
  { ...variant('relax-bernoulli', 'relax (φ trained)'), prepare: trainRelaxRow },
];

export interface ReportRow {
  readonly estimator: string;
  /** τ of the sweep this row belongs to (τ-free estimators repeat their numbers). */
  readonly tau: number;
  readonly usesTau: boolean;
  /** τ is below the estimator's `minTau` (registry): measured with its check lifted, outside its range. */
  readonly belowMinTau: boolean;
  readonly samplesPerGradient: number;
  readonly draws: number;
  readonly mean: number[];
  readonly cosine: number;
  readonly relativeL2: number;
  readonly noiseFloor: number;
  readonly totalVariance: number;
}

export interface BiasVarianceReport {
  readonly problem: { readonly description: string; readonly k: number; readonly logits: number[]; readonly target: number[]; readonly exactGradient: number[] };
  readonly backend: { readonly name: string; readonly mode: string; readonly floatPrecision: number };
  readonly draws: number;
  readonly seed: number;
  readonly taus: number[];
  readonly rows: ReportRow[];
}

export interface ReportOptions {
  readonly taus?: readonly number[];
  /** n per estimator and τ (a multiple of 500; default 10 000). */
  readonly draws?: number;
  readonly seed?: number;
  /** Default: the categorical toy problem with REPORT_ESTIMATORS. */
  readonly estimators?: readonly ReportEntry[];
  readonly problem?: ToyProblem;
}

/** The EMA baseline starts at 0; a few discarded calls let it settle before measuring. */
const WARMUP_CALLS = 5;

export async function biasVarianceReport<T>(backend: Backend<T>, options: ReportOptions = {}): Promise<BiasVarianceReport> {
  const taus = [...(options.taus ?? [0.1, 0.25, 0.5, 1, 2])];
  const draws = options.draws ?? 10_000;
  const seed = options.seed ?? 20_231;
  const problem = options.problem ?? createToyProblem(10);
  const rows: ReportRow[] = [];
  for (const entry of options.estimators ?? REPORT_ESTIMATORS) {
    let shared: Omit<ReportRow, 'tau' | 'belowMinTau'> | undefined;
    for (const tau of taus) {
      if (entry.usesTau || shared === undefined) {
        const estimator = entry.make(backend, seed);
        await entry.prepare?.(estimator, problem, tau, draws);
        const values = await drawGradients(estimator, problem, { tau, draws, warmupCalls: WARMUP_CALLS });
        const summary = summarizeDraws(values, problem.k);
        const bias = compareToExact(summary, entry.exact?.(problem) ?? problem.exact);
        shared = {
          estimator: entry.label,
          usesTau: entry.usesTau,
          samplesPerGradient: entry.samplesPerGradient,
          draws,
          mean: Array.from(summary.mean),
          cosine: bias.cosine,
          relativeL2: bias.relativeL2,
          noiseFloor: bias.noiseFloor,
          totalVariance: summary.totalVariance,
        };
      }
      rows.push({ ...shared, tau, belowMinTau: tau < (entry.minTau ?? 0) });
    }
  }
  return {
    problem: {
      description: problem.description,
      k: problem.k,
      logits: Array.from(problem.logits),
      target: Array.from(problem.target),
      exactGradient: Array.from(problem.exact),
    },
    backend: { name: backend.name, mode: backend.mode, floatPrecision: backend.floatPrecision },
    draws,
    seed,
    taus,
    rows,
  };
}

/** The report as a Markdown table (what the command prints and the README shows). */
export function formatReportTable(report: BiasVarianceReport): string {
  const lines = [
    '| estimator | τ | cosine | rel. L2 bias | noise floor | total variance |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of report.rows) {
    if (!row.usesTau && row.tau !== report.taus[0]) continue;
    const tau = row.usesTau ? `${row.tau}${row.belowMinTau ? ' (below its min. τ)' : ''}` : '—';
    lines.push(
      `| ${row.estimator} | ${tau} | ${row.cosine.toFixed(4)} | ${row.relativeL2.toFixed(4)} | ${row.noiseFloor.toFixed(4)} | ${row.totalVariance.toPrecision(4)} |`,
    );
  }
  return lines.join('\n');
}
