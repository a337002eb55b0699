/**
 * REINFORCE / the score-function estimator (Williams 1992) for categorical and Bernoulli samples:
 * ∇ E[f(z)] = E[(f(z) − b) ∇ log p(z)], with m samples per input and a baseline b (baselines.ts).
 * It needs no derivative of f, so `backward` takes the per-sample losses f(z), one per sample row.
 *
 * Categorical: z is the backend's exact Gumbel-max sample (`gumbelMax`), so with one sample per
 * input the one-hot never leaves the device; its indices are read back for the gradient.
 * ∇_logits log p(z) = onehot(z) − softmax(logits). Rather than doing that arithmetic
 * on the host, backward builds the sparse upstream dlog y = (1/m) Σ_s c_s·onehot(z_s) and runs the
 * backend's log-softmax VJP at τ = 1 without noise, whose rule dlogits = dlog y − softmax·Σ dlog y
 * is exactly Σ_s c_s (onehot(z_s) − softmax)/m.
 * Bernoulli: ∇ log p(z) = z − σ(logits) elementwise, combined on the host.
 */
import { GumbelRangeError } from '@gumbel/core';
import type { Backend, CounterRng, RandomSource } from '@gumbel/core';
import { MovingAverage, baselineKind, centredLosses } from './baselines.js';
import type { BaselineKind } from './baselines.js';
import { requireBackend } from './capabilities.js';
import { readAndDispose, readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, bernoulliShape, categoricalShape, decayValue, optionsObject, positiveInteger } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, LossValues, SampleOptions, ScoreFunctionEstimator } from './types.js';

export interface ReinforceOptions {
  readonly seed?: RandomSource;
  /** Default `none`. `leave-one-out` needs `samples` ≥ 2. */
  readonly baseline?: BaselineKind;
  /** m, samples drawn per input (default 1). The sample has batch·m rows, input-major. */
  readonly samples?: number;
  /** EMA decay in [0, 1) (default 0.9). */
  readonly decay?: number;
  /** EMA starting value (default 0). */
  readonly initialBaseline?: number;
}

export interface ReinforceSample<T> extends EstimatorSample<T, LossValues<T>> {
  /** m, samples per input: row b·m + s of `value` is sample s of input b. */
  readonly samples: number;
  /** The baseline value an EMA estimator used for this sample (0 for the others). */
  readonly baselineValue: number;
}

export interface CategoricalReinforceSample<T> extends ReinforceSample<T> {
  /** The sampled class of every row of `value`, read back to the host. */
  readonly indices: Int32Array;
}

export interface ReinforceEstimator<T, S extends ReinforceSample<T>> extends ScoreFunctionEstimator<T> {
  readonly baseline: BaselineKind;
  readonly samples: number;
  /** The current EMA value (`ema` baseline), or 0. */
  readonly baselineValue: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<S>;
  sampleSync(logits: T, options?: SampleOptions<T>): S;
}

function resolveReinforce(options: ReinforceOptions): { kind: BaselineKind; m: number; ema: MovingAverage } {
  const kind = baselineKind(options.baseline);
  const m = positiveInteger(options.samples, 1, 'samples');
  if (kind === 'leave-one-out' && m < 2) throw new GumbelRangeError('samples', m, "≥ 2 with baseline 'leave-one-out'");
  const ema = new MovingAverage(options.initialBaseline ?? 0, decayValue(options.decay, 0.9, 'decay'));
  return { kind, m, ema };
}

interface Centring<T> {
  /** The baseline value this sample uses (the EMA's value when it was drawn, else 0). */
  readonly used: number;
  centred(upstream: LossValues<T>): Reading<T, Float64Array>;
}

/**
 * Shared bookkeeping: the centred losses of one sample, folding them into the EMA on the first
 * backward pass only (a second backward of the same sample repeats the answer, not the update).
 */
function centring<T>(kind: BaselineKind, ema: MovingAverage, batch: number, m: number): Centring<T> {
  const used = kind === 'ema' ? ema.value : 0;
  let updated = false;
  return {
    used,
    *centred(upstream: LossValues<T>): Reading<T, Float64Array> {
      const losses = yield* readLosses(upstream, batch * m);
      const c = centredLosses(kind, losses, batch, m, used);
      if (kind === 'ema' && !updated) {
        ema.update(losses);
        updated = true;
      }
      return c;
    },
  };
}

/**
 * The estimator object both REINFORCE variants share: options, baseline state, the step counter and
 * the call protocol (check the shape, resolve the stream, count the call, then draw). `draw` makes
 * one sample; `centring()` binds the baseline as it stands when the draw is done.
 */
function defineReinforce<T, Dims extends { readonly batch: number }, S extends ReinforceSample<T>>(
  backend: Backend<T>,
  name: string,
  options: ReinforceOptions,
  measure: (logits: T) => Dims,
  draw: (logits: T, dims: Dims, rng: CounterRng, m: number, centring: () => Centring<T>) => Reading<T, S>,
): ReinforceEstimator<T, S> {
  const { kind, m, ema } = resolveReinforce(options);
  const state = new EstimatorState(options.seed);
  return {
    name,
    kind: 'score-function',
    backend,
    baseline: kind,
    samples: m,
    get baselineValue() {
      return kind === 'ema' ? ema.value : 0;
    },
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, S> {
      const opts = optionsObject(sampleOptions);
      const dims = measure(logits);
      const { rng } = state.resolve(opts);
      state.commit();
      return yield* draw(logits, dims, rng, m, () => centring<T>(kind, ema, dims.batch, m));
    }),
  };
}

export function createReinforce<T>(backend: Backend<T>, options: ReinforceOptions = {}): ReinforceEstimator<T, CategoricalReinforceSample<T>> {
  requireBackend(backend, 'REINFORCE', ['seededNoise', 'gradients']);
  const measure = (logits: T) => {
    const [batch, k] = categoricalShape(backend, logits);
    return { batch, k };
  };
  return defineReinforce(backend, 'reinforce', options, measure, function* (logits, { batch, k }, rng, m, centring) {
    const indices = new Int32Array(batch * m);
    const draws: T[] = [];
    for (let s = 0; s < m; s++) {
      const noise = backend.gumbelNoise([batch, k], rng);
      const hard = backend.gumbelMax({ logits, noise });
      backend.dispose(noise);
      draws.push(hard);
      const classes = yield* readAndDispose(backend, backend.argmax(hard));
      for (let b = 0; b < batch; b++) indices[b * m + s] = classes[b] as number;
    }
    const logY = backend.relaxedLogSample({ logits, tau: 1 });
    const centre = centring();
    return finishSample(backend, {
      value: m === 1 ? (draws[0] as T) : interleave(backend, draws, indices, k),
      samples: m,
      indices,
      baselineValue: centre.used,
      *backward(upstream: LossValues<T>): Reading<T, EstimatorGradients<T>> {
        const c = yield* centre.centred(upstream);
        const dLogYValues = new Float64Array(batch * k);
        c.forEach((ci, row) => {
          const b = Math.floor(row / m);
          const at = b * k + (indices[row] as number);
          dLogYValues[at] = (dLogYValues[at] as number) + ci / m;
        });
        const dLogY = backend.fromArray(dLogYValues, [batch, k]);
        const { dLogits, dTau } = backend.relaxedLogSampleVjp({ logits, tau: 1, logY, dLogY });
        backend.dispose(dLogY, dTau);
        return { dLogits };
      },
      dispose: () => backend.dispose(logY),
    });
  });
}

/**
 * The m draws of `[batch, k]` as one `[batch·m, k]` one-hot, input-major (row b·m + s is draw s of
 * input b). No kernel interleaves rows, so it is built on the host from the indices already read.
 */
function interleave<T>(backend: Backend<T>, draws: readonly T[], indices: Int32Array, k: number): T {
  backend.dispose(...draws);
  const oneHot = new Float64Array(indices.length * k);
  indices.forEach((z, row) => (oneHot[row * k + z] = 1));
  return backend.fromArray(oneHot, [indices.length, k]);
}

export function createReinforceBernoulli<T>(backend: Backend<T>, options: ReinforceOptions = {}): ReinforceEstimator<T, ReinforceSample<T>> {
  requireBackend(backend, 'REINFORCE (Bernoulli)', ['seededNoise', 'bernoulli']);
  const measure = (logits: T) => bernoulliShape(backend, logits);
  return defineReinforce(backend, 'reinforce-bernoulli', options, measure, function* (logits, { shape, batch, rowSize }, rng, m, centring) {
    const bits = new Float64Array(batch * m * rowSize);
    for (let s = 0; s < m; s++) {
      const noise = backend.logisticNoise(shape, rng);
      const drawn = yield* readAndDispose(backend, backend.hardBernoulli({ logits, noise }));
      backend.dispose(noise);
      for (let b = 0; b < batch; b++) bits.set(drawn.subarray(b * rowSize, (b + 1) * rowSize), (b * m + s) * rowSize);
    }
    // σ(logits): the relaxed Bernoulli at τ = 1 without noise.
    const probs = yield* readAndDispose(backend, backend.relaxedBernoulli({ logits, tau: 1 }));
    const centre = centring();
    return finishSample(backend, {
      value: backend.fromArray(bits, [batch * m, ...shape.slice(1)]),
      samples: m,
      baselineValue: centre.used,
      *backward(upstream: LossValues<T>): Reading<T, EstimatorGradients<T>> {
        const c = yield* centre.centred(upstream);
        const grad = new Float64Array(batch * rowSize);
        for (let b = 0; b < batch; b++) {
          for (let s = 0; s < m; s++) {
            const w = (c[b * m + s] as number) / m;
            const row = (b * m + s) * rowSize;
            for (let j = 0; j < rowSize; j++) {
              grad[b * rowSize + j] = (grad[b * rowSize + j] as number) + w * ((bits[row + j] as number) - (probs[b * rowSize + j] as number));
            }
          }
        }
        return { dLogits: backend.fromArray(grad, shape) };
      },
      dispose: () => {},
    });
  });
}
