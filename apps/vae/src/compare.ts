/**
 * The comparison: every estimator trained with the same seed and budget, one after the other, each in
 * `<out>/<estimator>/` (a normal run folder: resumable, with its own metrics and plot.svg), then one
 * table (comparison.md, comparison.json) and one plot (comparison.svg) of held-out −ELBO against
 * step, beside Jang, Gu & Poole's Table 1. A run whose checkpoint already reaches the budget is
 * skipped; an unfinished one is resumed, so an interrupted comparison continues where it stopped.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ESTIMATORS, type EstimatorName } from './estimators.js';
import { hasCheckpoint, readCheckpointState } from './checkpoint.js';
import { lineChart, PALETTE } from './svg.js';
import { DEFAULT_CONFIG, train, type MetricsRow, type Progress, type RunConfig } from './trainer.js';

/** Jang, Gu & Poole (ICLR 2017), Table 1: −ELBO on binarized MNIST, 20 categorical latents × 10 classes. */
export const PAPER_TABLE_1 = [
  { method: 'SF', negElbo: 110.6 },
  { method: 'MuProp', negElbo: 107.0 },
  { method: 'ST', negElbo: 110.9 },
  { method: 'Annealed ST', negElbo: 107.8 },
  { method: 'Gumbel-Softmax', negElbo: 101.5 },
  { method: 'ST Gumbel-Softmax', negElbo: 107.8 },
] as const;

/** The paper's row each of our estimators corresponds to (SF: score function, i.e. REINFORCE with a baseline). */
export const PAPER_ANALOGUE: Record<EstimatorName, string | null> = {
  'relaxed-gs': 'Gumbel-Softmax',
  'st-gs': 'ST Gumbel-Softmax',
  'gumbel-rao': null,
  reinmax: null,
  'reinforce-ema': 'SF',
  'reinforce-loo': 'SF',
};

export interface Budget {
  readonly config: RunConfig;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
}

/**
 * "paper-lite": 1,500 steps of batch 100 (≈ 17 epochs of the 9,000 training digits), Adam 1e-3,
 * τ = max(0.5, exp(−5.5e-4·250·⌊t/250⌋)) so τ falls from 1 to 0.5 at step 1,250 (the paper's
 * r = 1e-4 every 1,000 steps would stay near 0.9 this short), held-out evaluation every 250 steps
 * with m = 10 hard samples per digit. Unloaded, tfjs-wasm runs the slowest estimators (REINFORCE with
 * m = 4 draws per digit, Gumbel-Rao) at ~6.5 steps/s: ~4 minutes each; this session's runs, on a
 * machine at load 8–13, took longer (README). Batch 50 with Adam 2e-3 was tried first: relaxed GS
 * then stayed on the posterior-collapse plateau (the mean-digit level, ≈ 208 nats) for all 1,500 steps.
 */
export const PAPER_LITE: Budget = {
  config: { ...DEFAULT_CONFIG, steps: 1500, batch: 100, lr: 1e-3, tauRate: 5.5e-4, tauEvery: 250, tauMin: 0.5, evalSamples: 10 },
  evalEvery: 250,
  checkpointEvery: 250,
};

export interface CompareOptions {
  readonly budget: Budget;
  readonly estimators: readonly EstimatorName[];
  readonly out: string;
  readonly onRun?: (estimator: EstimatorName, status: 'skip' | 'resume' | 'start') => void;
  readonly onProgress?: (estimator: EstimatorName, p: Progress) => void;
  readonly onEval?: (estimator: EstimatorName, row: MetricsRow) => void;
  readonly shouldStop?: () => boolean;
}

const KEYS_THAT_MAY_DIFFER = new Set(['estimator', 'steps']);

/** Trains every estimator not yet complete (sequentially), then writes the table and the plot. */
export async function compare(options: CompareOptions): Promise<{ interrupted: boolean }> {
  const { budget, out } = options;
  await mkdir(out, { recursive: true });
  for (const estimator of options.estimators) {
    const dir = join(out, estimator);
    const config: RunConfig = { ...budget.config, estimator };
    let resume = false;
    if (hasCheckpoint(dir)) {
      const saved = await readCheckpointState<RunConfig>(dir);
      for (const [key, value] of Object.entries(config)) {
        if (!KEYS_THAT_MAY_DIFFER.has(key) && (saved.config as unknown as Record<string, unknown>)[key] !== value) {
          throw new Error(`compare: ${dir} was trained with ${key} = ${String((saved.config as unknown as Record<string, unknown>)[key])}, this budget has ${String(value)}; use another --out`);
        }
      }
      if (saved.step >= config.steps) {
        options.onRun?.(estimator, 'skip');
        continue;
      }
      resume = true;
    }
    options.onRun?.(estimator, resume ? 'resume' : 'start');
    const result = await train({
      config, out: dir, resume, evalEvery: budget.evalEvery, checkpointEvery: budget.checkpointEvery,
      onProgress: (p) => options.onProgress?.(estimator, p),
      onEval: (row) => options.onEval?.(estimator, row),
      ...(options.shouldStop === undefined ? {} : { shouldStop: options.shouldStop }),
    });
    result.vae.dispose();
    await writeComparison(out, options.estimators);
    if (result.interrupted) return { interrupted: true };
  }
  await writeComparison(out, options.estimators);
  return { interrupted: false };
}

export interface ComparisonRow {
  readonly estimator: EstimatorName;
  readonly paperMethod: string | null;
  readonly paperNegElbo: number | null;
  readonly step: number;
  readonly steps: number;
  readonly complete: boolean;
  readonly heldOutNegElbo: number | null;
  readonly bestHeldOutNegElbo: number | null;
  readonly trainEvalNegElbo: number | null;
  readonly trainObjective: number | null;
  readonly seconds: number | null;
  readonly meanLoad1: number | null;
}

interface RunMetrics { readonly config: RunConfig; readonly rows: MetricsRow[] }

async function readRun(dir: string): Promise<RunMetrics | null> {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) return null;
  return JSON.parse(await readFile(path, 'utf8')) as RunMetrics;
}

const fmt = (v: number | null, digits = 1): string => (v === null ? '—' : v.toFixed(digits));

/** Writes comparison.md, comparison.json and comparison.svg from the run folders in `out`. */
export async function writeComparison(out: string, estimators: readonly EstimatorName[] = ESTIMATORS): Promise<ComparisonRow[]> {
  const runs = new Map<EstimatorName, RunMetrics>();
  for (const e of estimators) {
    const run = await readRun(join(out, e));
    if (run !== null) runs.set(e, run);
  }
  const rows: ComparisonRow[] = estimators.map((estimator) => {
    const run = runs.get(estimator);
    const last = run?.rows.at(-1);
    const method = PAPER_ANALOGUE[estimator];
    const loads = (run?.rows ?? []).flatMap((r) => (r.load1 === undefined ? [] : [r.load1]));
    return {
      estimator,
      paperMethod: method,
      paperNegElbo: PAPER_TABLE_1.find((p) => p.method === method)?.negElbo ?? null,
      step: last?.step ?? 0,
      steps: run?.config.steps ?? 0,
      complete: run !== undefined && last !== undefined && last.step >= run.config.steps,
      heldOutNegElbo: last?.heldOutNegElbo ?? null,
      bestHeldOutNegElbo: run === undefined ? null : Math.min(...run.rows.map((r) => r.heldOutNegElbo)),
      trainEvalNegElbo: last?.trainEvalNegElbo ?? null,
      trainObjective: last?.trainNegElbo ?? null,
      seconds: last?.seconds ?? null,
      meanLoad1: loads.length === 0 ? null : loads.reduce((a, b) => a + b, 0) / loads.length,
    };
  });
  const anyRun = [...runs.values()][0];
  const c = anyRun?.config;
  const budgetLine = c === undefined ? 'no runs yet' :
    `seed ${c.seed}, ${c.steps} steps of batch ${c.batch}, Adam lr ${c.lr}, τ = max(${c.tauMin}, exp(−${c.tauRate}·${c.tauEvery}·⌊t/${c.tauEvery}⌋)), ` +
    `${c.trainSubset > 0 ? `first ${c.trainSubset}` : 'all 9,000'} training digits, held-out −ELBO with m = ${c.evalSamples} hard samples on ${c.evalSubset > 0 ? `the first ${c.evalSubset}` : 'all 1,000'} held-out digits`;
  const md = [
    '# Categorical VAE on binarized MNIST: every estimator, one budget',
    '',
    `Budget: ${budgetLine}. Lower is better (nats per digit).`,
    '',
    '| estimator | held-out −ELBO (last) | best held-out | train digits −ELBO (hard, last) | train objective (last window) | steps | wall time | mean load | paper Table 1 (50k training digits) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.estimator} | ${fmt(r.heldOutNegElbo)} | ${fmt(r.bestHeldOutNegElbo)} | ${fmt(r.trainEvalNegElbo)} | ${fmt(r.trainObjective)} | ${r.step}/${r.steps}${r.complete ? '' : ' (unfinished)'} | ${r.seconds === null ? '—' : `${(r.seconds / 60).toFixed(1)} min`} | ${fmt(r.meanLoad1)} | ${r.paperMethod === null ? '—' : `${r.paperMethod} ${r.paperNegElbo}`} |`),
    '',
    `Paper's Table 1 in full: ${PAPER_TABLE_1.map((p) => `${p.method} ${p.negElbo}`).join(', ')}.`,
    '',
  ].join('\n');
  await writeFile(join(out, 'comparison.md'), md);
  await writeFile(join(out, 'comparison.json'), `${JSON.stringify({ budget: c ?? null, paper: PAPER_TABLE_1, rows }, null, 2)}\n`);
  const svg = lineChart({
    title: 'Held-out −ELBO (hard samples) by estimator',
    xLabel: 'step', yLabel: '−ELBO (nats per digit)',
    series: estimators.flatMap((e, i) => {
      const run = runs.get(e);
      return run === undefined ? [] : [{ name: e, color: PALETTE[i % PALETTE.length]!, points: run.rows.map((r) => [r.step, r.heldOutNegElbo] as const) }];
    }),
    references: [
      { y: 101.5, label: 'paper: Gumbel-Softmax 101.5', color: PALETTE[0] },
      { y: 107.8, label: 'paper: ST GS 107.8', color: PALETTE[1] },
      { y: 110.6, label: 'paper: SF 110.6', color: PALETTE[4] },
    ],
    yMax: 215,
  });
  await writeFile(join(out, 'comparison.svg'), svg);
  return rows;
}
