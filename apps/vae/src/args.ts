/** Command-line flags (node's util.parseArgs, strict): bad flags throw a UsageError with a clear message. */
import { parseArgs } from 'node:util';
import { ESTIMATORS, SETTING_ESTIMATORS, takesSetting } from './estimators.js';
import { BACKENDS, type BackendName } from './tf-setup.js';
import { CHUNG_SLOPE_MAX, DATASETS, DEFAULT_CONFIG, type DatasetName, type RunConfig } from './trainer.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Flags of one estimator's settings, shared by `pnpm vae` and `pnpm vae:compare` (`estimatorSettings`). */
export const ESTIMATOR_FLAGS = {
  'slope-per-epoch': { type: 'string' }, 'slope-max': { type: 'string' }, 'reinforce-samples': { type: 'string' }, 'kl-warmup-steps': { type: 'string' },
} as const;
export const ESTIMATOR_FLAGS_USAGE = '[--slope-per-epoch D [--slope-max A]] [--reinforce-samples M] [--kl-warmup-steps W]';
export const ESTIMATOR_FLAGS_HELP = `  --slope-per-epoch D [--slope-max A] (annealed-st alone): slope a = min(A, 1 + D·epoch), τ = 1/a, in place of the τ schedule (Chung et al. 2017: D = 0.04, A = 5).
  --reinforce-samples M (reinforce-ema, reinforce-loo): joint samples per digit (default 4; leave-one-out needs 2).
  --kl-warmup-steps W (reinforce-ema, reinforce-loo, muprop): KL warm-up, the encoder's KL gradient weighted by min(1, step/W).`;

export const USAGE = `usage: pnpm vae [--estimator ${ESTIMATORS.join('|')}] [--steps N] [--seed S] [--batch B] [--lr LR]
                [--eval-every N] [--checkpoint-every N] [--out DIR] [--resume] [--backend ${BACKENDS.join('|')}]
                [--train-subset N] [--eval-subset N] [--eval-samples M] [--tau-rate R] [--tau-every N] [--dataset ${DATASETS.join('|')}]
                ${ESTIMATOR_FLAGS_USAGE}
${ESTIMATOR_FLAGS_HELP}`;

export interface CliOptions {
  readonly config: RunConfig;
  readonly out: string;
  readonly resume: boolean;
  readonly backend: BackendName;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
  readonly help: boolean;
}

export function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min) throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${raw}'`);
  return v;
}

export function positive(flag: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new UsageError(`--${flag} must be a finite number ${allowZero ? '≥' : '>'} 0, got '${raw}'`);
  return v;
}

/**
 * The estimator settings among the flags, checked against the run's estimators: `--slope-per-epoch D
 * [--slope-max A]` is annealed ST's slope a = min(A, 1 + D·epoch), τ = 1/a, in place of the τ schedule
 * (Chung et al. 2017: D = 0.04, A = 5, the default), with annealed-st alone; `--reinforce-samples M`
 * sets REINFORCE's samples per digit, with reinforce-ema/-loo alone; `--kl-warmup-steps W` is KL
 * warm-up for the score-function estimators. Absent flags add no config field.
 */
export function estimatorSettings(
  values: { readonly [F in keyof typeof ESTIMATOR_FLAGS]?: string | undefined },
  estimators: readonly string[],
): Pick<RunConfig, 'slopePerEpoch' | 'slopeMax' | 'reinforceSamples' | 'klWarmupSteps'> {
  const only = (flag: string, setting: keyof typeof SETTING_ESTIMATORS) => {
    const other = estimators.find((e) => !takesSetting(setting, e));
    const allowed = SETTING_ESTIMATORS[setting];
    if (other !== undefined) throw new UsageError(`--${flag} is ${allowed.join('/')}'s setting: use it with ${allowed.join(' or ')} alone, got estimator '${other}'`);
  };
  const settings: { slopePerEpoch?: number; slopeMax?: number; reinforceSamples?: number; klWarmupSteps?: number } = {};
  const perEpoch = values['slope-per-epoch'];
  if (perEpoch === undefined) {
    if (values['slope-max'] !== undefined) throw new UsageError(`--slope-max needs --slope-per-epoch, got only --slope-max '${values['slope-max']}'`);
  } else {
    only('slope-per-epoch', 'slopePerEpoch');
    settings.slopePerEpoch = positive('slope-per-epoch', perEpoch, 0);
    settings.slopeMax = positive('slope-max', values['slope-max'], CHUNG_SLOPE_MAX);
    if (settings.slopeMax < 1) throw new UsageError(`--slope-max must be ≥ 1 (the slope starts at 1), got '${values['slope-max']}'`);
  }
  const m = values['reinforce-samples'];
  if (m !== undefined) {
    only('reinforce-samples', 'reinforceSamples');
    const loo = estimators.includes('reinforce-loo');
    settings.reinforceSamples = integer('reinforce-samples', m, 0, loo ? 2 : 1);
  }
  const warmup = values['kl-warmup-steps'];
  if (warmup !== undefined) {
    only('kl-warmup-steps', 'klWarmupSteps');
    settings.klWarmupSteps = integer('kl-warmup-steps', warmup, 0, 1);
  }
  return settings;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        estimator: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' },
        lr: { type: 'string' }, 'eval-every': { type: 'string' }, 'checkpoint-every': { type: 'string' }, out: { type: 'string' },
        resume: { type: 'boolean' }, backend: { type: 'string' }, 'train-subset': { type: 'string' }, 'eval-subset': { type: 'string' },
        'eval-samples': { type: 'string' }, 'tau-rate': { type: 'string' }, 'tau-every': { type: 'string' }, dataset: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        ...ESTIMATOR_FLAGS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const estimator = v.estimator ?? DEFAULT_CONFIG.estimator;
  if (!(ESTIMATORS as readonly string[]).includes(estimator)) throw new UsageError(`--estimator must be one of ${ESTIMATORS.join(', ')}, got '${estimator}'`);
  const backend = v.backend ?? 'wasm';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  const dataset = v.dataset ?? DEFAULT_CONFIG.dataset;
  if (!(DATASETS as readonly (string | undefined)[]).includes(dataset)) throw new UsageError(`--dataset must be one of ${DATASETS.join(', ')}, got '${dataset}'`);
  const config: RunConfig = {
    ...DEFAULT_CONFIG,
    estimator,
    dataset: dataset as DatasetName,
    steps: integer('steps', v.steps, DEFAULT_CONFIG.steps, 1),
    seed: integer('seed', v.seed, DEFAULT_CONFIG.seed, 0),
    batch: integer('batch', v.batch, DEFAULT_CONFIG.batch, 1),
    lr: positive('lr', v.lr, DEFAULT_CONFIG.lr),
    trainSubset: integer('train-subset', v['train-subset'], 0, 0),
    evalSubset: integer('eval-subset', v['eval-subset'], 0, 0),
    evalSamples: integer('eval-samples', v['eval-samples'], DEFAULT_CONFIG.evalSamples, 1),
    tauRate: positive('tau-rate', v['tau-rate'], DEFAULT_CONFIG.tauRate, true),
    tauEvery: integer('tau-every', v['tau-every'], DEFAULT_CONFIG.tauEvery, 1),
    ...estimatorSettings(v, [estimator]),
  };
  return {
    config,
    out: v.out ?? `results/vae-${estimator}-seed${config.seed}`,
    resume: v.resume ?? false,
    backend: backend as BackendName,
    evalEvery: integer('eval-every', v['eval-every'], 500, 1),
    checkpointEvery: integer('checkpoint-every', v['checkpoint-every'], 500, 1),
    help: v.help ?? false,
  };
}
