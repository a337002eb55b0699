/**
 * The training CLI's flags (node's util.parseArgs, strict). A bad flag is a UsageError naming the flag
 * and the value; the CLI prints it with the usage and exits 2.
 */
import { parseArgs } from 'node:util';
import { METHODS, type Method } from './objective.js';
import { defaultTauMin, TAU_SCHEDULE_DEFAULTS, type TrainConfig } from './train.js';
import { INITS, type M2Init } from './model.js';
import { BACKENDS, type BackendName } from '@gumbel/mnist-shared/node';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const TRAIN_USAGE = `usage: train-cli [--method marginal|relaxed-gs|st-gs] [--steps 1000] [--seed 0] [--label-seed 0]
                 [--batch 100] [--labelled-batch 100] [--lr 3e-4] [--alpha 200] [--unlabelled-weight 1] [--tau 1] [--tau-rate 0] [--tau-every 2000] [--tau-min 0.5]
                 [--train-digits 50000] [--test-digits 10000] [--valid-digits 10000] [--eval-every 500] [--init glorot|kingma] [--backend wasm|cpu]
                 [--out DIR] [--checkpoint-every 500] [--resume] [--until-seconds S]
  --resume continues the run in --out from its checkpoint with its saved settings; only --steps (the
  target step) and --until-seconds apply. --until-seconds stops once the run's training time reaches S.
  --unlabelled-weight 0 trains the classifier on the labelled digits alone (the supervised baseline).
  --tau-rate R anneals τ(t) = max(tau-min, tau·exp(−R·N·⌊t/N⌋)), N = tau-every; Jang et al. §4.3 used
  --tau-rate 3e-5 --tau-every 2000 --tau-min 0.5 (default: R = 0, constant τ).
  --init kingma starts every weight at N(0, 0.001²) as Kingma et al.'s code does (default: Glorot-uniform).`;

/**
 * α weighs −log q(y | x) on the labelled minibatch against the unlabelled minibatch's mean bound.
 * Kingma et al.'s code (dpkingma/nips14-ssl, learn_yz_x_ss.py) weights each labelled digit's
 * log q(y | x) by α·N/N_l with α = 0.1 in a sum over all N digits (the paper's α = 0.1·N on a mean
 * over labelled digits); divided by N, that is 0.1 × the mean over labelled digits beside ≈ the mean
 * bound over unlabelled ones — our loss's form, so `--alpha 0.1` is the authors' weight. The default
 * is 200, chosen on the validation digits (README, "Choosing α"): in our budget (a few epochs, not
 * their 3,000) every α from 0.1 to 50 let the unlabelled term pull test accuracy down from its early
 * peak, to 37–61 % after 3,000 steps; 200 held 69 %.
 */
const DEFAULTS = { steps: 1000, seed: 0, labelSeed: 0, batch: 100, labelledBatch: 100, lr: 3e-4, alpha: 200, unlabelledWeight: 1, tau: 1, ...TAU_SCHEDULE_DEFAULTS, trainDigits: 50_000, testDigits: 10_000, validDigits: 10_000, evalEvery: 500, checkpointEvery: 500 };

export interface TrainCli {
  readonly config: TrainConfig;
  readonly backend: BackendName;
  readonly out?: string;
  readonly resume: boolean;
  readonly checkpointEvery: number;
  readonly untilSeconds?: number;
}

export function parseTrainArgs(argv: readonly string[]): TrainCli {
  let values: Record<string, string | boolean | undefined>;
  try {
    const names = ['method', 'steps', 'seed', 'label-seed', 'batch', 'labelled-batch', 'lr', 'alpha', 'unlabelled-weight', 'tau', 'tau-rate', 'tau-every', 'tau-min', 'train-digits', 'test-digits', 'valid-digits', 'eval-every', 'init', 'backend', 'out', 'checkpoint-every', 'until-seconds'];
    const options = { ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), resume: { type: 'boolean' as const } };
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }) as { values: Record<string, string | boolean | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const num = (flag: string, fallback: number, rule: 'int>0' | 'int>=0' | '>0' | '>=0'): number => {
    const text = values[flag] as string | undefined;
    if (text === undefined) return fallback;
    const v = Number(text);
    const ok = Number.isFinite(v) && (rule === '>0' ? v > 0 : rule === '>=0' ? v >= 0 : Number.isSafeInteger(v) && (rule === 'int>0' ? v > 0 : v >= 0));
    const wanted = { '>0': 'a number > 0', '>=0': 'a number ≥ 0', 'int>0': 'an integer > 0', 'int>=0': 'an integer ≥ 0' }[rule];
    if (!ok) throw new UsageError(`--${flag} must be ${wanted}, got ${text}`);
    return v;
  };
  const method = (values.method as string | undefined) ?? 'relaxed-gs';
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got ${method}`);
  const backend = (values.backend as string | undefined) ?? 'wasm';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got ${backend}`);
  const init = (values.init as string | undefined) ?? 'glorot';
  if (!(INITS as readonly string[]).includes(init)) throw new UsageError(`--init must be one of ${INITS.join(', ')}, got ${init}`);
  const trainDigits = num('train-digits', DEFAULTS.trainDigits, 'int>0');
  if (trainDigits > 50_000) throw new UsageError(`--train-digits must be at most 50000 (the last 10,000 are validation), got ${trainDigits}`);
  const testDigits = num('test-digits', DEFAULTS.testDigits, 'int>0');
  if (testDigits > 10_000) throw new UsageError(`--test-digits must be at most 10000, got ${testDigits}`);
  const validDigits = num('valid-digits', DEFAULTS.validDigits, 'int>=0');
  if (validDigits > 10_000) throw new UsageError(`--valid-digits must be at most 10000, got ${validDigits}`);
  const tau = num('tau', DEFAULTS.tau, '>0');
  const tauMin = values['tau-min'] === undefined ? defaultTauMin(tau) : num('tau-min', defaultTauMin(tau), '>0');
  if (tauMin > tau) throw new UsageError(`--tau-min must be at most --tau (${tau}), got ${tauMin}`);
  const config: TrainConfig = {
    method: method as Method,
    steps: num('steps', DEFAULTS.steps, 'int>0'),
    seed: num('seed', DEFAULTS.seed, 'int>=0'),
    labelSeed: num('label-seed', DEFAULTS.labelSeed, 'int>=0'),
    batch: num('batch', DEFAULTS.batch, 'int>0'),
    labelledBatch: num('labelled-batch', DEFAULTS.labelledBatch, 'int>0'),
    lr: num('lr', DEFAULTS.lr, '>0'),
    alpha: num('alpha', DEFAULTS.alpha, '>0'),
    unlabelledWeight: num('unlabelled-weight', DEFAULTS.unlabelledWeight, '>=0'),
    tau,
    tauRate: num('tau-rate', DEFAULTS.tauRate, '>=0'),
    tauEvery: num('tau-every', DEFAULTS.tauEvery, 'int>0'),
    tauMin,
    trainDigits,
    testDigits,
    validDigits,
    evalEvery: num('eval-every', DEFAULTS.evalEvery, 'int>0'),
    init: init as M2Init,
  };
  const resume = values.resume === true;
  const out = values.out as string | undefined;
  if (resume && out === undefined) throw new UsageError('--resume needs --out (the run folder holding checkpoint/)');
  const untilSeconds = values['until-seconds'] === undefined ? undefined : num('until-seconds', 0, '>0');
  return {
    config, backend: backend as BackendName, resume, checkpointEvery: num('checkpoint-every', DEFAULTS.checkpointEvery, 'int>0'),
    ...(out === undefined ? {} : { out }), ...(untilSeconds === undefined ? {} : { untilSeconds }),
  };
}
