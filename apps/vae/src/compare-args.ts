/** Flags of `pnpm vae:compare` (node's util.parseArgs, strict): bad flags throw a UsageError naming flag and value. */
import { parseArgs } from 'node:util';
import { ESTIMATOR_FLAGS, ESTIMATOR_FLAGS_HELP, ESTIMATOR_FLAGS_USAGE, estimatorSettings, integer, positive, UsageError } from './args.js';
import { PAPER_FULL, PAPER_LITE, type Budget } from './compare.js';
import { ESTIMATORS, type EstimatorName } from './estimators.js';
import { BACKENDS } from './tf-setup.js';
import { DEFAULT_CONFIG } from './trainer.js';

const describeBudget = (b: Budget): string =>
  `${b.config.dataset}, ${b.config.steps} steps, batch ${b.config.batch}, lr ${b.config.lr}, τ rate ${b.config.tauRate} every ${b.config.tauEvery}, eval every ${b.evalEvery} with m = ${b.config.evalSamples}`;

export const BUDGETS: Readonly<Record<string, Budget>> = {
  'paper-lite': PAPER_LITE,
  'paper-full': PAPER_FULL,
  default: { config: DEFAULT_CONFIG, evalEvery: 500, checkpointEvery: 500 },
};

export const COMPARE_USAGE = `usage: pnpm vae:compare [--budget ${Object.keys(BUDGETS).join('|')}] [--estimators a,b,...] [--out DIR] [--checkpoint-root DIR]
                [--backend ${BACKENDS.join('|')}] [--steps N] [--seed S] [--batch B] [--lr LR] [--tau-rate R] [--tau-every N]
                [--eval-every N] [--eval-samples M] [--checkpoint-every N] [--train-subset N] [--eval-subset N] [--report-only]
                ${ESTIMATOR_FLAGS_USAGE}
  --budget paper-lite (the default): ${describeBudget(PAPER_LITE)}
  --budget paper-full: ${describeBudget(PAPER_FULL)}
${ESTIMATOR_FLAGS_HELP}
  other flags override the budget; --checkpoint-root puts each run's checkpoint in DIR/<estimator>/ (e.g. outside git).`;

export interface CompareCli {
  readonly budget: Budget;
  readonly estimators: EstimatorName[];
  readonly out: string;
  readonly checkpointRoot?: string;
  readonly backend: string;
  readonly reportOnly: boolean;
  readonly help: boolean;
}

export function parseCompareCli(argv: readonly string[]): CompareCli {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: {
        budget: { type: 'string' }, estimators: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' },
        steps: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' },
        'tau-rate': { type: 'string' }, 'tau-every': { type: 'string' }, 'eval-every': { type: 'string' }, 'eval-samples': { type: 'string' },
        'checkpoint-every': { type: 'string' }, 'train-subset': { type: 'string' }, 'eval-subset': { type: 'string' },
        'checkpoint-root': { type: 'string' }, 'report-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        ...ESTIMATOR_FLAGS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const budgetName = v.budget ?? 'paper-lite';
  const base = BUDGETS[budgetName];
  if (base === undefined || !Object.hasOwn(BUDGETS, budgetName)) throw new UsageError(`--budget must be one of ${Object.keys(BUDGETS).join(', ')}, got '${budgetName}'`);
  const estimators = (v.estimators ?? ESTIMATORS.join(',')).split(',').map((s) => s.trim());
  for (const e of estimators) if (!(ESTIMATORS as readonly string[]).includes(e)) throw new UsageError(`--estimators: each must be one of ${ESTIMATORS.join(', ')}, got '${e}'`);
  const backend = v.backend ?? 'wasm';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  const c = base.config;
  const config = {
    ...c,
    steps: integer('steps', v.steps, c.steps, 1),
    seed: integer('seed', v.seed, c.seed, 0),
    batch: integer('batch', v.batch, c.batch, 1),
    lr: positive('lr', v.lr, c.lr),
    tauRate: positive('tau-rate', v['tau-rate'], c.tauRate, true),
    tauEvery: integer('tau-every', v['tau-every'], c.tauEvery, 1),
    evalSamples: integer('eval-samples', v['eval-samples'], c.evalSamples, 1),
    trainSubset: integer('train-subset', v['train-subset'], c.trainSubset, 0),
    evalSubset: integer('eval-subset', v['eval-subset'], c.evalSubset, 0),
    ...estimatorSettings(v, estimators),
  };
  return {
    budget: { config, evalEvery: integer('eval-every', v['eval-every'], base.evalEvery, 1), checkpointEvery: integer('checkpoint-every', v['checkpoint-every'], base.checkpointEvery, 1) },
    estimators: estimators as EstimatorName[],
    out: v.out ?? `results/compare-${budgetName}-seed${config.seed}`,
    ...(v['checkpoint-root'] === undefined ? {} : { checkpointRoot: v['checkpoint-root'] }),
    backend,
    reportOnly: v['report-only'] ?? false,
    help: v.help ?? false,
  };
}

