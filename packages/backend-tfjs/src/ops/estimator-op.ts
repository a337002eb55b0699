/**
 * The estimator → tfjs op adapter: any estimator from @gumbel/estimators, running on
 * `createTfjsBackend()`, becomes a tfjs op whose gradient is the estimator's, so it sits inside
 * `tf.grad`, `tf.variableGrads`, `optimizer.minimize` and `model.fit` like any other op.
 *
 * - Pathwise estimators (relaxed / straight-through Gumbel-Softmax, Gumbel-Rao, ReinMax, the
 *   Bernoulli ones): `op(logits)` returns the sample; its gradient is `sample.backwardSync(dy)`.
 * - Score-function estimators (REINFORCE): `op.loss(logits, f)` draws z, evaluates the per-sample
 *   loss `f(z)` (one value per sample row) and returns it; its gradient wrt the logits is the
 *   estimator's, and f's own gradient (e.g. wrt a decoder) flows as usual.
 * - Control-variate estimators (MuProp): `op.loss(logits, f)` likewise, and also evaluates f and
 *   ∇_z f = tf.grad(Σ_rows f / N) at each of the sample's points in the forward pass (N = the
 *   estimator's `rowsPerLoss`); they enter the gradient function as saved inputs with zero
 *   gradient, so no gradient reaches f's variables through them (the direct term is f(z)'s).
 * - Estimators whose objective is not a per-row loss (VIMCO's bound, the unordered set's weighted
 *   sum; their samples have `objective`) are refused by `op.loss` with a typed error: any reduction
 *   of the rows would give their decoder the wrong gradient, and VIMCO's signal is not linear in
 *   the weighted f the op could feed it. `estimatorGrads` (estimator-step.ts) runs them.
 *
 * Why a replay: a gradient function runs later, inside tfjs's backward pass, after the forward
 * scope has disposed every intermediate it did not return, and it may never run at all (inference,
 * or an output the loss ignores). Rather than keep the sample's intermediates alive across that
 * gap (they would leak whenever the gradient is skipped), the forward pass keeps only the stream
 * position and the step; the gradient function draws the identical sample again (counter-based
 * noise: same position, same numbers) and asks it for the gradient. Nothing outlives a call, at
 * the price of drawing each training sample twice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelTypeError } from '@gumbel/core';
import type { Backend, Temperature } from '@gumbel/core';
import { customOp } from './custom-op.js';
import { opLogits, opSource, opTau } from './op-args.js';

interface SyncGradients {
  readonly dLogits: tf.Tensor;
  readonly dTau?: tf.Tensor;
}

/** A control-variate upstream: f per row at the sample, then f and ∇_z f at each point. */
interface PointUpstream {
  readonly losses: tf.Tensor;
  readonly atPoints: readonly { readonly losses: tf.Tensor; readonly gradient: tf.Tensor }[];
}

interface SyncSample {
  readonly value: tf.Tensor;
  /** Control-variate estimators: where f and ∇f are wanted. */
  readonly points?: readonly tf.Tensor[];
  /** Present on samples whose estimator has an objective of its own (refused by op.loss). */
  readonly objective?: unknown;
  backwardSync(upstream: tf.Tensor | ArrayLike<number> | PointUpstream): SyncGradients;
  dispose(): void;
}

/** The structural shape of a @gumbel/estimators estimator over tf.Tensor (no import of the package). */
export interface SyncEstimator {
  readonly name: string;
  readonly kind: 'pathwise' | 'score-function' | 'control-variate';
  /** Control-variate estimators: rows of `value` that share one loss (default 1). */
  readonly rowsPerLoss?: number;
  readonly backend: Backend<tf.Tensor>;
  sampleSync(logits: tf.Tensor, options?: { readonly tau?: number | tf.Tensor; readonly step?: number; readonly seed?: CounterRng }): SyncSample;
}

export interface EstimatorOpOptions {
  /** Seed of the op's noise stream (an integer or a CounterRng); omitted = fresh. */
  readonly seed?: number | CounterRng;
}

export interface EstimatorCallOptions {
  /**
   * τ for this call: a number, or a tensor / tf.Variable of shape `[batch]` (one per row), which
   * then gets a gradient where the estimator gives one (dTau). Default: the estimator's own τ.
   */
  readonly tau?: Temperature<tf.Tensor>;
}

export interface EstimatorOp {
  /** Pathwise estimators: the sample as a differentiable op. */
  (logits: tf.Tensor, options?: EstimatorCallOptions): tf.Tensor;
  /**
   * Score-function and control-variate estimators: f(z) for z drawn from the logits, one loss per
   * sample row (`[batch·m]`); differentiate any reduction of it. Control-variate ones also call f
   * at their points (forward pass). Refused for estimators with an objective of their own (VIMCO,
   * the unordered set): use `estimatorGrads`.
   */
  loss(logits: tf.Tensor, f: (z: tf.Tensor) => tf.Tensor, options?: EstimatorCallOptions): tf.Tensor;
  readonly estimator: SyncEstimator;
  /** Calls so far; the step a schedule τ is evaluated at (the estimator's own counter also counts replays). */
  readonly step: number;
}

function checkEstimator(estimator: unknown): SyncEstimator {
  const e = estimator as Partial<SyncEstimator> | null;
  if (typeof e !== 'object' || e === null || typeof e.sampleSync !== 'function') {
    throw new GumbelTypeError('estimator', estimator, 'an estimator from @gumbel/estimators');
  }
  if (e.backend?.name !== 'tfjs') throw new GumbelTypeError('estimator.backend', e.backend?.name, 'the tfjs backend (createTfjsBackend())');
  return e as SyncEstimator;
}

/** τ as the estimators take it: a number or a `[batch]` tensor; rank-0 tensors are broadcast. */
function callTau(options: EstimatorCallOptions | undefined, logits: tf.Tensor): Temperature<tf.Tensor> | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new GumbelTypeError('options', options, 'an object or undefined');
  return options?.tau === undefined ? undefined : opTau(options.tau, logits);
}

function perRowTau(tau: tf.Tensor, batch: number): tf.Tensor {
  return tau.rank === 0 ? tf.broadcastTo(tau, [batch]) : tau;
}

/** f's output at n rows must be `[n]`, one loss per row (a typed error naming what returned it). */
function checkRowLosses(losses: tf.Tensor, rows: number, argument: string): void {
  if (losses.rank !== 1 || losses.shape[0] !== rows) {
    throw new GumbelTypeError(argument, losses.shape, `one loss per sample row, shape [${rows}]`, `shape [${losses.shape.join(', ')}]`);
  }
}

export function estimatorOp(estimator: unknown, options: EstimatorOpOptions = {}): EstimatorOp {
  const e = checkEstimator(estimator);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const source = opSource(options.seed);
  const stream = source instanceof CounterRng ? source : CounterRng.fromSeed(source);
  let step = 0;

  /** One draw's identity: where in the stream it starts and its step, so it can be drawn again. */
  function begin(): { readonly from: CounterRng; readonly step: number } {
    const from = stream.clone();
    const at = step;
    step += 1;
    return { from, step: at };
  }

  /**
   * One sample from `seed` at `step`: the op's own stream for the forward draw (advancing it), a
   * clone of the draw's starting point for the replay (same position and step ⇒ the same sample).
   * The returned `release` disposes the sample, its value and any τ made here for it.
   */
  function drawSample(
    logits: tf.Tensor,
    tau: tf.Tensor | number | undefined,
    seed: CounterRng,
    step: number,
  ): { readonly sample: SyncSample; release(keepValue?: boolean): void } {
    const batch = logits.shape[0] as number;
    const t = tau === undefined || typeof tau === 'number' ? tau : perRowTau(tau, batch);
    const made = t !== undefined && t !== tau ? (t as tf.Tensor) : undefined;
    let sample: SyncSample;
    try {
      sample = e.sampleSync(logits, { seed, step, ...(t === undefined ? {} : { tau: t }) });
    } catch (error) {
      made?.dispose();
      throw error;
    }
    return {
      sample,
      release(keepValue = false) {
        if (!keepValue) sample.value.dispose();
        sample.dispose();
        made?.dispose();
      },
    };
  }

  /** dTau reduced to the shape of the τ the caller passed (`[]` or `[batch]`), zeros where none. */
  function tauGradient(tau: tf.Tensor, dTau: tf.Tensor | undefined): tf.Tensor {
    if (dTau === undefined) return tf.zerosLike(tau);
    return tau.rank === 0 ? tf.sum(dTau) : tf.reshape(dTau, tau.shape);
  }

  const sampleOp = (logits: tf.Tensor, callOptions?: EstimatorCallOptions): tf.Tensor => {
    if (e.kind !== 'pathwise') {
      throw new GumbelTypeError('estimator', e.name, 'a pathwise estimator for op(logits); use op.loss(logits, f) for score-function ones');
    }
    const l = opLogits(logits, 2);
    const tau = callTau(callOptions, l);
    const draw = begin();
    const inputs = tau === undefined || typeof tau === 'number' ? [l] : [l, tau];
    return customOp(inputs, ([x, t], save) => {
      const drawn = drawSample(x as tf.Tensor, t ?? tau, stream, draw.step);
      const value = drawn.sample.value;
      drawn.release(true);
      // The inputs themselves may be intermediates that tfjs disposes before the backward pass.
      save(t === undefined ? [x as tf.Tensor] : [x as tf.Tensor, t]);
      return {
        value,
        gradFunc: (dy, saved) => {
          const [xs, ts] = saved;
          const replay = drawSample(xs as tf.Tensor, ts ?? tau, draw.from.clone(), draw.step);
          try {
            const { dLogits, dTau } = replay.sample.backwardSync(dy);
            if (ts === undefined) {
              if (dTau !== undefined) dTau.dispose();
              return [dLogits];
            }
            return [dLogits, tauGradient(ts, dTau)];
          } finally {
            replay.release();
          }
        },
      };
    });
  };

  const loss = (logits: tf.Tensor, f: (z: tf.Tensor) => tf.Tensor, callOptions?: EstimatorCallOptions): tf.Tensor => {
    if (e.kind === 'pathwise') {
      throw new GumbelTypeError('estimator', e.name, 'a score-function or control-variate estimator for op.loss(logits, f); use op(logits) for pathwise ones');
    }
    if (typeof f !== 'function') throw new GumbelTypeError('f', f, 'a function (z) => one loss per sample row');
    const l = opLogits(logits, 2);
    const tau = callTau(callOptions, l);
    const draw = begin();
    // z (and a control-variate estimator's points) are constants of the tape: the estimator's
    // gradient reaches the logits through the score term.
    const { z, points } = tf.tidy(() => {
      const drawn = drawSample(l, tau, stream, draw.step);
      if (drawn.sample.objective !== undefined) {
        drawn.release();
        throw new GumbelTypeError('estimator', e.name, 'an estimator whose objective is the per-row loss for op.loss; VIMCO and the unordered set have their own (sample.objective): use estimatorGrads');
      }
      // The points are the sample's; clones outlive its release.
      const kept = { z: drawn.sample.value, points: (drawn.sample.points ?? []).map((p) => tf.clone(p)) };
      drawn.release(true);
      return kept;
    });
    const made: tf.Tensor[] = [z, ...points];
    try {
      const losses = f(z);
      const rows = z.shape[0] as number;
      checkRowLosses(losses, rows, 'f(z)');
      const m = rows / (l.shape[0] as number);
      const N = e.kind === 'control-variate' ? (e.rowsPerLoss ?? 1) : 1;
      // f and ∇_z f at each point, evaluated now (the gradient function must not call f).
      const evaluations = points.flatMap((point) => {
        const fp = tf.tidy(() => f(point));
        made.push(fp);
        checkRowLosses(fp, rows, 'f(point)');
        const gp = tf.grad((v: tf.Tensor) => tf.div(tf.sum(f(v)), N) as tf.Scalar)(point);
        made.push(gp);
        return [fp, gp];
      });
      // The score term: value 0, gradient wrt the logits = the estimator's for the objective
      // Σ_r dy_r·f_r. REINFORCE is fed the weighted losses m·dy_r·f_r (its estimate averages over
      // the m samples of an input); a control-variate estimator, linear in (f, f(point), ∇f(point))
      // together, gets all three scaled by the weight of the row's loss (dy summed over the N rows
      // that share it). No gradient into f or the evaluations (f's own flows through `losses`).
      const score = customOp([l, losses, ...evaluations], ([x, fv, ...ev], save) => {
        save([x as tf.Tensor, fv as tf.Tensor, ...(ev as tf.Tensor[])]);
        return {
          value: tf.zerosLike(fv as tf.Tensor),
          gradFunc: (dy, [xs, fs, ...evs]) => {
            const replay = drawSample(xs as tf.Tensor, tau, draw.from.clone(), draw.step);
            const weighted: tf.Tensor[] = [];
            try {
              let upstream: tf.Tensor | PointUpstream;
              if (e.kind === 'control-variate') {
                const w = tf.tidy(() => tf.reshape(tf.tile(tf.sum(tf.reshape(dy, [rows / N, N]), 1, true), [1, N]), [rows]));
                weighted.push(w);
                const scaled = (t: tf.Tensor) => {
                  const out = tf.tidy(() => (t.rank === 1 ? tf.mul(t, w) : tf.mul(t, tf.expandDims(w, 1))));
                  weighted.push(out);
                  return out;
                };
                const atPoints = [];
                for (let i = 0; i < evs.length; i += 2) atPoints.push({ losses: scaled(evs[i] as tf.Tensor), gradient: scaled(evs[i + 1] as tf.Tensor) });
                upstream = { losses: scaled(fs as tf.Tensor), atPoints };
              } else {
                upstream = tf.tidy(() => tf.mul(tf.mul(dy, fs as tf.Tensor), m));
                weighted.push(upstream);
              }
              const { dLogits, dTau } = replay.sample.backwardSync(upstream);
              if (dTau !== undefined) dTau.dispose();
              return [dLogits, tf.zerosLike(fs as tf.Tensor), ...evs.map((t) => tf.zerosLike(t))];
            } finally {
              tf.dispose(weighted);
              replay.release();
            }
          },
        };
      });
      return tf.add(losses, score);
    } finally {
      tf.dispose(made);
    }
  };

  return Object.defineProperties(sampleOp as EstimatorOp, {
    loss: { value: loss, enumerable: true },
    estimator: { value: e, enumerable: true },
    step: { get: () => step, enumerable: true },
  });
}
