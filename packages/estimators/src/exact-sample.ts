/**
 * Pieces the score-function-style categorical estimators share (MuProp, DARN): the exact draw —
 * a one-hot z ~ Cat(softmax θ) from the backend's `gumbelMax`, its class indices read back for the
 * host's arithmetic, and softmax(θ) (π: the mean-field point and the centre of the score
 * onehot(z) − π) — and a checked read of an upstream tensor.
 */
import { GumbelRangeError, GumbelTypeError, describeValue } from '@gumbel/core';
import type { Backend, CounterRng } from '@gumbel/core';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';

export interface ExactCategoricalDraw<T> {
  /** The one-hot sample, `[batch, k]` (the caller's `value`). */
  readonly hard: T;
  /** The sampled class of each row. */
  readonly indices: Int32Array;
  /** softmax(θ) on the device, `[batch, k]` (owned by the estimator's sample). */
  readonly probs: T;
  /** softmax(θ) on the host, float64. */
  readonly probValues: Float64Array;
}

export function* drawExactCategorical<T>(backend: Backend<T>, logits: T, batch: number, k: number, rng: CounterRng): Reading<T, ExactCategoricalDraw<T>> {
  const noise = backend.gumbelNoise([batch, k], rng);
  const hard = backend.gumbelMax({ logits, noise });
  backend.dispose(noise);
  const indices = Int32Array.from(yield* readAndDispose(backend, backend.argmax(hard)));
  // softmax(θ): the relaxed sample at τ = 1 without noise.
  const probs = backend.relaxedSample({ logits, tau: 1 });
  const probValues = Float64Array.from(yield* read(probs));
  return { hard, indices, probs, probValues };
}

/** A `[batch, k]` upstream tensor read back as float64, every value finite (else a typed error naming it). */
export function* readRows<T>(backend: Backend<T>, tensor: T, batch: number, k: number, argument: string): Reading<T, Float64Array> {
  if (typeof tensor !== 'object' || tensor === null) throw new GumbelTypeError(argument, tensor, `a tensor of shape [${batch}, ${k}]`);
  const shape = backend.shapeOf(tensor);
  if (shape.length !== 2 || shape[0] !== batch || shape[1] !== k) {
    throw new GumbelTypeError(argument, shape, `a tensor of shape [${batch}, ${k}] (like the sample)`, `a tensor of shape ${describeValue(shape)}`);
  }
  const values = Float64Array.from(yield* read(tensor));
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new GumbelRangeError(`${argument}[${Math.floor(i / k)}, ${i % k}]`, v, 'finite');
  });
  return values;
}
