/**
 * The accuracy comparison of issue 16 from the runs' metrics.json files: test accuracy of
 * argmax q(y | x) for each method after the same number of steps (the largest step every method
 * evaluated at) and after the same training time (each run's last row: the runner gives every
 * method the same budget of training seconds), and at each run's best validation accuracy (model
 * selection on the 10,000 validation digits, never on the test set), plus the curves against steps and
 * against seconds, with the supervised baseline (the classifier on the labelled digits alone) if given.
 */
import { lineChart, PALETTE, type ReferenceLine, type Series } from '@gumbel/mnist-shared';
import { GumbelRangeError } from '@gumbel/core';
import type { Method } from './objective.js';
import type { MetricsRow, TrainConfig } from './train.js';

export interface RunMetrics {
  readonly config: TrainConfig;
  readonly rows: readonly MetricsRow[];
}

export interface AccuracyEntry {
  readonly method: Method;
  /**
   * `same-steps`: every method at the same step; `same-seconds`: every method after the same training
   * time; `best-validation`: each run at its evaluation with the highest validation accuracy (the
   * earliest if tied), where runs score validation digits.
   */
  readonly comparison: 'same-steps' | 'same-seconds' | 'best-validation';
  readonly steps: number;
  readonly seconds: number;
  readonly testAccuracy: number;
  /** Null for runs that scored no validation digits. */
  readonly validAccuracy: number | null;
}

/**
 * Kingma et al. (2014), Table 1: M2 with 100 labels, test error 11.97% (± 1.71), so accuracy 88.03%.
 * Read in a third-party replication's README (Response777/Semi-supervised-VAE), not in the paper's
 * own text, which the search corpora did not hold (README, "The paper's settings").
 */
export const KINGMA_M2_100_LABELS_ACCURACY = 1 - 0.1197;

export function accuracyEntries(runs: ReadonlyMap<Method, RunMetrics>): AccuracyEntry[] {
  if (runs.size === 0) throw new GumbelRangeError('runs', 0, 'at least one run');
  const stepSets = [...runs.values()].map((r) => new Set(r.rows.map((row) => row.step)));
  const common = [...(stepSets[0] as Set<number>)].filter((s) => stepSets.every((set) => set.has(s)));
  const sameStep = Math.max(...common);
  const entry = (method: Method, comparison: AccuracyEntry['comparison'], row: MetricsRow): AccuracyEntry =>
    ({ method, comparison, steps: row.step, seconds: +row.seconds.toFixed(1), testAccuracy: row.testAccuracy, validAccuracy: row.validAccuracy ?? null });
  const out: AccuracyEntry[] = [];
  for (const [method, run] of runs) out.push(entry(method, 'same-steps', run.rows.find((r) => r.step === sameStep) as MetricsRow));
  for (const [method, run] of runs) out.push(entry(method, 'same-seconds', run.rows.at(-1) as MetricsRow));
  for (const [method, run] of runs) {
    const best = bestValidationRow(run.rows);
    if (best !== undefined) out.push(entry(method, 'best-validation', best));
  }
  return out;
}

/** The row with the highest validation accuracy (the earliest of ties); undefined if no row has one. */
export function bestValidationRow(rows: readonly MetricsRow[]): MetricsRow | undefined {
  let best: MetricsRow | undefined;
  for (const r of rows) if (r.validAccuracy != null && (best === undefined || r.validAccuracy > (best.validAccuracy as number))) best = r;
  return best;
}

/**
 * Test accuracy (%) against `x` for every run, Kingma et al.'s M2 figure as a reference line, and
 * the supervised baseline's curve (dashed grey, last in the legend) when given — against
 * steps only, since its steps skip the unlabelled term and their seconds compare with nothing.
 */
export function accuracySvg(runs: ReadonlyMap<Method, RunMetrics>, x: 'step' | 'seconds', title: string, baseline?: RunMetrics): string {
  const references: ReferenceLine[] = [{ y: 100 * KINGMA_M2_100_LABELS_ACCURACY, label: 'Kingma et al. M2 (88.0%)', color: '#555' }];
  const point = (r: MetricsRow) => [x === 'step' ? r.step : r.seconds, 100 * r.testAccuracy] as const;
  const series: Series[] = [...runs].map(([method, run], i) => ({ name: method, points: run.rows.map(point), color: PALETTE[i % PALETTE.length] as string }));
  if (baseline !== undefined && x === 'step') series.push({ name: 'labelled digits only', points: baseline.rows.map(point), color: '#777', dashed: true });
  return lineChart({
    title,
    xLabel: x === 'step' ? 'training step' : 'training seconds (evaluation excluded)',
    yLabel: 'test accuracy of argmax q(y | x) (%)',
    series,
    references,
  });
}
