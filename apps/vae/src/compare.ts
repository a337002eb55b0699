/**
 * The comparison: every estimator trained with the same seed and budget, one after the other, each in
 * `<out>/<estimator>/` (a normal run folder: resumable, with its own metrics and plot.svg), then one
 * table (comparison.md, comparison.json) and one plot (comparison.svg) of held-out −ELBO against
 * step, beside Jang, Gu & Poole's Table 1. A run whose checkpoint already reaches the budget is
 * skipped; an unfinished one is resumed, so an interrupted comparison continues where it stopped.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EstimatorName } from './estimators.js';
import { hasCheckpoint, readCheckpointState } from './checkpoint.js';
import { writeComparison } from './compare-report.js';
import { DEFAULT_CONFIG, train, type MetricsRow, type Progress, type RunConfig } from './trainer.js';

export { writeComparison, type ComparisonRow } from './compare-report.js';

export { PAPER_ANALOGUE, PAPER_TABLE_1 } from './paper.js';

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

/**
 * "paper-full": the paper's data and the authors' budget. Jang, Gu & Poole (2017, §4) train on MNIST
 * with a fixed binarization, 50,000 / 10,000 / 10,000 (dataset `mnist-full`), anneal
 * τ = max(0.5, exp(−r·t)) updated every N steps with N ∈ {500, 1000}, r ∈ {1e-5, 1e-4} picked on the
 * validation set, and pick the learning rate from {1e-5 … 3e-3} the same way; the budget is not in
 * the paper: the authors' notebook (github.com/ericjang/gumbel-softmax) trains 50,000 steps of batch
 * 100 (100 epochs of 50,000) with Adam 1e-3. We run one point of those grids (no search): Adam 1e-3,
 * N = 1000, r = 1e-4 (τ reaches 0.5 at step 7,000). The paper says SGD with momentum 0.9 for its
 * experiments; we keep the notebook's Adam (see the README). Evaluation every 1,000 steps on the
 * whole validation and test sets and the first 10,000 training digits, m = 2 hard samples per digit
 * (the mean over 10,000 digits is what we report; its standard error is ~0.1 nat).
 */
export const PAPER_FULL: Budget = {
  config: { ...DEFAULT_CONFIG, dataset: 'mnist-full', steps: 50_000, batch: 100, lr: 1e-3, tauRate: 1e-4, tauEvery: 1000, tauMin: 0.5, evalSamples: 2 },
  evalEvery: 1000,
  checkpointEvery: 1000,
};

export interface CompareOptions {
  readonly budget: Budget;
  readonly estimators: readonly EstimatorName[];
  readonly out: string;
  /** Where each run's `checkpoint/` goes: `<checkpointRoot>/<estimator>/` (default: beside its metrics). */
  readonly checkpointRoot?: string;
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
    const ckpt = options.checkpointRoot === undefined ? dir : join(options.checkpointRoot, estimator);
    const config: RunConfig = { ...budget.config, estimator };
    let resume = false;
    if (hasCheckpoint(ckpt)) {
      const saved = await readCheckpointState<RunConfig>(ckpt);
      const savedConfig = saved.config as unknown as Record<string, unknown>;
      const now = config as unknown as Record<string, unknown>;
      // Both key sets: a field only one side has (say the slope schedule) is a difference too.
      for (const key of new Set([...Object.keys(now), ...Object.keys(savedConfig)])) {
        const value = now[key];
        // Configs written before `dataset` existed trained on the 10,000-digit set.
        const was = savedConfig[key] ?? (key === 'dataset' ? 'mnist-10k' : undefined);
        if (!KEYS_THAT_MAY_DIFFER.has(key) && was !== value) {
          throw new Error(`compare: ${ckpt} was trained with ${key} = ${String(was)}, this budget has ${String(value)}; use another --out`);
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
      config, out: dir, checkpointOut: ckpt, resume, evalEvery: budget.evalEvery, checkpointEvery: budget.checkpointEvery,
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
