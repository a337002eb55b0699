/**
 * Each input of a density kernel is read back at most once per call. On tfjs-webgl every read is a
 * GPU sync, and the categorical kernels used to read the logits twice when validating (once for the
 * logits rules, once for the support check). The reads are counted on tfjs cpu, where `dataSync` and
 * `data` are the same entry points webgl uses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError } from '@gumbel/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { useCpuBackend } from './testing/support.js';

beforeAll(useCpuBackend);
afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts `dataSync()` and `data()` calls per tensor while `run` runs. */
function countReads(run: () => void): Map<tf.Tensor, number> {
  const reads = new Map<tf.Tensor, number>();
  const count = (t: tf.Tensor): void => {
    reads.set(t, (reads.get(t) ?? 0) + 1);
  };
  const dataSync = tf.Tensor.prototype.dataSync;
  const data = tf.Tensor.prototype.data;
  vi.spyOn(tf.Tensor.prototype, 'dataSync').mockImplementation(function (this: tf.Tensor) {
    count(this);
    return dataSync.call(this);
  });
  vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(function (this: tf.Tensor) {
    count(this);
    return data.call(this);
  });
  try {
    run();
  } finally {
    vi.restoreAllMocks();
  }
  return reads;
}

describe('tfjs density kernels read each input once', () => {
  const backend = createTfjsBackend();
  const trusting = createTfjsBackend({ validateContents: false });
  // Row 1 masks class 0, so the support check needs the logits (the point must be on the simplex of
  // the unmasked classes).
  const logitsValues = [0.5, -1, 2, -Infinity, 0, 1];
  const yValues = [0.2, 0.3, 0.5, 0, 0.15, 0.85];

  it.each([
    ['concreteLogProb', 'y', false],
    ['concreteLogProbVjp', 'y', true],
    ['expConcreteLogProb', 'x', false],
    ['expConcreteLogProbVjp', 'x', true],
  ] as const)('%s: logits, the point and a τ tensor are read once each when validating, never when trusting', (kernel, name, vjp) => {
    const before = tf.memory().numTensors;
    const logits = tf.tensor(logitsValues, [2, 3]);
    const point = name === 'y' ? tf.tensor(yValues, [2, 3]) : tf.tensor(yValues.map(Math.log), [2, 3]);
    const tau = tf.tensor([0.5, 2], [2]);
    const dOut = tf.ones([2]);
    const args = { logits, [name]: point, tau, ...(vjp ? { dOut } : {}) };
    const call = (b: typeof backend) => () => {
      const out = b[kernel](args as never);
      tf.dispose(out as tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>);
    };

    const checked = countReads(call(backend));
    expect(checked.get(logits)).toBe(1);
    expect(checked.get(point)).toBe(1);
    expect(checked.get(tau)).toBe(1);
    expect(checked.get(dOut)).toBeUndefined();

    expect(countReads(call(trusting)).size).toBe(0);
    tf.dispose([logits, point, tau, dOut]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the support check still sees the logits it read once: y off the simplex of the unmasked classes is refused', () => {
    const logits = tf.tensor(logitsValues, [2, 3]);
    // Row 1 puts mass 0.1 on the masked class 0: on the full simplex, off the unmasked one.
    const y = tf.tensor([0.2, 0.3, 0.5, 0.1, 0.05, 0.85], [2, 3]);
    let error: unknown;
    const reads = countReads(() => {
      try {
        backend.concreteLogProb({ logits, y, tau: 0.5 });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(GumbelRangeError);
    expect(reads.get(logits)).toBe(1);
    tf.dispose([logits, y]);
  });

  it.each(['binConcreteLogProb', 'binConcreteLogProbVjp'] as const)('%s: logits and y are read once each', (kernel) => {
    const logits = tf.tensor([0.5, -Infinity, 2, Infinity], [2, 2]);
    const y = tf.tensor([0.2, 0, 0.9, 1], [2, 2]);
    const dOut = tf.ones([2, 2]);
    const reads = countReads(() => {
      tf.dispose(backend[kernel]({ logits, y, tau: 0.5, dOut } as never) as tf.Tensor | Record<string, tf.Tensor>);
    });
    expect(reads.get(logits)).toBe(1);
    expect(reads.get(y)).toBe(1);
    expect(reads.get(dOut)).toBeUndefined();
    tf.dispose([logits, y, dOut]);
  });
});
