/**
 * `GumbelSoftmax`: a tf.layers Layer that turns logits into a Gumbel-Softmax sample while training
 * and into a deterministic output at inference.
 *
 * - training (`model.fit`, or `apply(x, { training: true })`): `gumbelSoftmax(logits, { tau, hard })`
 *   with fresh noise each call (from `seed`'s stream when one is configured);
 * - inference (`predict`): `'hard'` (default) = one-hot of argmax(logits), `'soft'` = softmax(logits/τ),
 *   no noise in either.
 * τ is a non-trainable weight (`tau`), so it is saved with the model; `setTemperature` changes it
 * and `temperatureSchedule` (./temperature-callback.ts) anneals it during `fit`. The schedule's
 * step is a second non-trainable weight (`schedule_step`), so a saved and reloaded model resumes
 * its annealing where it stopped (float32 holds every step count up to 2^24 exactly). The class is
 * registered with tf.serialization under `gumbel>GumbelSoftmax` so saved models load; with a `seed`,
 * the noise stream's position is saved in the config, so a reloaded model continues the stream.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CounterRng, GumbelRangeError, GumbelTypeError, validateSeed, validateTemperature } from '@gumbel/core';
import { gumbelSoftmax } from '../ops/gumbel-softmax.js';

export type InferenceMode = 'soft' | 'hard';

export interface GumbelSoftmaxLayerArgs {
  /** Initial temperature (default 1). */
  readonly tau?: number;
  /** Straight-through in training: one-hot forward, soft gradient (default false). */
  readonly hard?: boolean;
  /** What `predict` returns: `'hard'` one-hot argmax (default) or `'soft'` softmax(logits/τ). */
  readonly inference?: InferenceMode;
  /** The class axis (default −1). */
  readonly axis?: number;
  /** Seed of the training-noise stream (reproducible training); omitted = fresh noise. */
  readonly seed?: number;
  /**
   * Where in `seed`'s stream training continues (default 0). Saved with the model, so a reloaded
   * model draws the noise the original would have drawn next.
   */
  readonly streamPosition?: number;
  readonly name?: string;
  readonly trainable?: boolean;
  readonly inputShape?: (number | null)[];
  readonly batchInputShape?: (number | null)[];
}

function inferenceMode(value: unknown): InferenceMode {
  if (value === undefined) return 'hard';
  if (value !== 'soft' && value !== 'hard') throw new GumbelRangeError('inference', value, "'soft' or 'hard'");
  return value;
}

export class GumbelSoftmax extends tfl.layers.Layer {
  static readonly className = 'GumbelSoftmax';
  readonly hard: boolean;
  readonly inference: InferenceMode;
  readonly axis: number;
  readonly seed: number | undefined;
  private tauValue: number;
  private tauWeight: tfl.LayerVariable | undefined;
  private stepWeight: tfl.LayerVariable | undefined;
  private stepValue = 0;
  private rng: CounterRng | undefined;

  constructor(args: GumbelSoftmaxLayerArgs = {}) {
    const { tau, hard, inference, axis, seed, streamPosition, ...layerArgs } = args;
    super(layerArgs);
    this.tauValue = tau === undefined ? 1 : validateTemperature(tau, 'tau');
    if (hard !== undefined && typeof hard !== 'boolean') throw new GumbelTypeError('hard', hard, 'a boolean');
    this.hard = hard ?? false;
    this.inference = inferenceMode(inference);
    if (axis !== undefined && !Number.isInteger(axis)) throw new GumbelRangeError('axis', axis, 'an integer');
    this.axis = axis ?? -1;
    this.seed = seed === undefined ? undefined : validateSeed(seed, 'seed');
    this.rng = this.seed === undefined ? undefined : CounterRng.fromSeed(this.seed);
    if (streamPosition !== undefined) {
      if (this.rng === undefined) throw new GumbelTypeError('streamPosition', streamPosition, 'omitted unless a seed is given');
      if (!(Number.isSafeInteger(streamPosition) && streamPosition >= 0)) throw new GumbelRangeError('streamPosition', streamPosition, 'an integer in [0, 2^53 − 1]');
      this.rng = CounterRng.fromState({ ...this.rng.getState(), position: streamPosition });
    }
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    void inputShape;
    this.tauWeight = this.addWeight('tau', [], 'float32', tfl.initializers.constant({ value: this.tauValue }), undefined, false);
    this.stepWeight = this.addWeight('schedule_step', [], 'float32', tfl.initializers.constant({ value: this.stepValue }), undefined, false);
    this.built = true;
  }

  /** The current temperature (a host copy; `setTemperature` and loaded weights keep it in sync). */
  get temperature(): number {
    if (this.tauWeight !== undefined) this.tauValue = this.tauWeight.read().dataSync()[0] as number;
    return this.tauValue;
  }

  setTemperature(tau: number): void {
    this.tauValue = validateTemperature(tau, 'tau');
    if (this.tauWeight !== undefined) {
      const value = tf.scalar(tau);
      this.tauWeight.write(value);
      value.dispose();
    }
  }

  /** Batches annealed so far by `temperatureSchedule` (saved with the model). */
  get scheduleStep(): number {
    if (this.stepWeight !== undefined) this.stepValue = this.stepWeight.read().dataSync()[0] as number;
    return this.stepValue;
  }

  setScheduleStep(step: number): void {
    if (!(Number.isInteger(step) && step >= 0 && step <= 2 ** 24)) throw new GumbelRangeError('step', step, 'an integer in [0, 2^24]');
    this.stepValue = step;
    if (this.stepWeight !== undefined) {
      const value = tf.scalar(step);
      this.stepWeight.write(value);
      value.dispose();
    }
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const logits = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    const tau = this.tauWeight === undefined ? this.tauValue : this.tauWeight.read();
    if (kwargs['training'] === true) {
      return gumbelSoftmax(logits, { tau, hard: this.hard, axis: this.axis, ...(this.rng === undefined ? {} : { seed: this.rng }) });
    }
    return tf.tidy(() => {
      const axis = this.axis < 0 ? this.axis + logits.rank : this.axis;
      if (this.inference === 'soft') return gumbelSoftmax(logits, { tau, axis, noise: tf.zerosLike(logits) });
      // One-hot of the argmax = the hard sample with zero noise.
      return gumbelSoftmax(logits, { hard: true, axis, noise: tf.zerosLike(logits) });
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { tau: this.tauValue, hard: this.hard, inference: this.inference, axis: this.axis };
    if (this.seed !== undefined) config['seed'] = this.seed;
    if (this.rng !== undefined) config['streamPosition'] = this.rng.position;
    return { ...config, ...super.getConfig() };
  }
}

/** Registers `GumbelSoftmax` for `tf.loadLayersModel` (idempotent; importing this module does it). */
export function registerGumbelSoftmaxLayer(): void {
  tf.serialization.registerClass(GumbelSoftmax, 'gumbel');
}

registerGumbelSoftmaxLayer();
