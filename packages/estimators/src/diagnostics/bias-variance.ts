/**
 * The bias/variance report: every estimator on a toy problem (toy-problem.ts; categorical by
 * default, or the Bernoulli one with BERNOULLI_REPORT_ESTIMATORS) over a sweep of τ, each measured from n seeded draws against `exactGradient`. Score-function estimators
 * have no τ and are measured once, then listed at every τ with the same numbers.
 */
import type { Backend } from '@gumbel/core';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from '../bernoulli-pathwise.js';
import { createGumbelRao } from '../gumbel-rao.js';
import { createReinMax } from '../reinmax.js';
import { createReinforce, createReinforceBernoulli } from '../reinforce.js';
import { createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax } from '../gumbel-softmax.js';
import type { Estimator, LossValues } from '../types.js';
import { drawGradients } from './draw-gradients.js';
import { compareToExact, summarizeDraws } from './statistics.js';
import { createToyProblem } from './toy-problem.js';
import type { ToyProblem } from './toy-problem.js';

export interface ReportEntry {
  /** Label used in the table and the plot, e.g. `gumbel-rao K=10`. */
  readonly label: string;
  /** Whether the estimator has a τ (false: one measurement shared by every τ). */
  readonly usesTau: boolean;
  /** Samples of the discrete variable consumed per gradient (m for REINFORCE, 1 otherwise). */
  readonly samplesPerGradient: number;
  readonly make: <T>(backend: Backend<T>, seed: number) => Estimator<T, T> | Estimator<T, LossValues<T>>;
}

export const REPORT_ESTIMATORS: readonly ReportEntry[] = [
  { label: 'relaxed-gs', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createRelaxedGumbelSoftmax(b, { seed }) },
  { label: 'st-gs', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createStraightThroughGumbelSoftmax(b, { seed }) },
  { label: 'gumbel-rao K=10', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createGumbelRao(b, { seed, samples: 10 }) },
  { label: 'gumbel-rao K=100', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createGumbelRao(b, { seed, samples: 100 }) },
  { label: 'reinmax', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createReinMax(b, { seed }) },
  { label: 'reinforce', usesTau: false, samplesPerGradient: 1, make: (b, seed) => createReinforce(b, { seed }) },
  { label: 'reinforce ema', usesTau: false, samplesPerGradient: 1, make: (b, seed) => createReinforce(b, { seed, baseline: 'ema' }) },
  { label: 'reinforce m=4', usesTau: false, samplesPerGradient: 4, make: (b, seed) => createReinforce(b, { seed, samples: 4 }) },
  { label: 'reinforce loo m=4', usesTau: false, samplesPerGradient: 4, make: (b, seed) => createReinforce(b, { seed, samples: 4, baseline: 'leave-one-out' }) },
];

/** The binary estimators, for the Bernoulli toy problem (`createBernoulliToyProblem`). */
export const BERNOULLI_REPORT_ESTIMATORS: readonly ReportEntry[] = [
  { label: 'relaxed-bernoulli', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createRelaxedBernoulli(b, { seed }) },
  { label: 'st-bernoulli', usesTau: true, samplesPerGradient: 1, make: (b, seed) => createStraightThroughBernoulli(b, { seed }) },
  { label: 'reinforce', usesTau: false, samplesPerGradient: 1, make: (b, seed) => createReinforceBernoulli(b, { seed }) },
  { label: 'reinforce ema', usesTau: false, samplesPerGradient: 1, make: (b, seed) => createReinforceBernoulli(b, { seed, baseline: 'ema' }) },
  { label: 'reinforce m=4', usesTau: false, samplesPerGradient: 4, make: (b, seed) => createReinforceBernoulli(b, { seed, samples: 4 }) },
  { label: 'reinforce loo m=4', usesTau: false, samplesPerGradient: 4, make: (b, seed) => createReinforceBernoulli(b, { seed, samples: 4, baseline: 'leave-one-out' }) },
];

export interface ReportRow {
  readonly estimator: string;
  /** τ of the sweep this row belongs to (τ-free estimators repeat their numbers). */
  readonly tau: number;
  readonly usesTau: boolean;
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
    let shared: Omit<ReportRow, 'tau'> | undefined;
    for (const tau of taus) {
      if (entry.usesTau || shared === undefined) {
        const estimator = entry.make(backend, seed);
        const values = await drawGradients(estimator, problem, { tau, draws, warmupCalls: WARMUP_CALLS });
        const summary = summarizeDraws(values, problem.k);
        const bias = compareToExact(summary, problem.exact);
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
      rows.push({ ...shared, tau });
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
    lines.push(
      `| ${row.estimator} | ${row.usesTau ? row.tau : '—'} | ${row.cosine.toFixed(4)} | ${row.relativeL2.toFixed(4)} | ${row.noiseFloor.toFixed(4)} | ${row.totalVariance.toPrecision(4)} |`,
    );
  }
  return lines.join('\n');
}
