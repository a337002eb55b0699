/**
 * The tfjs ops at the edges (issue 13), on tfjs-backend-cpu: the fast path's documented returns,
 * the `validate` option's typed errors, and the ops' own samples in their own densities. Expected
 * values at the edges come from conformance's edges.json (mpmath), not from this code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GumbelRangeError } from '@gumbel/core';
import { loadEdges } from '@gumbel/conformance';
import { useCpuBackend } from '../testing/support.js';
import { binConcreteLogProb, concreteLogProb, expConcreteLogProb } from './density-ops.js';
import { relaxedBernoulli } from './relaxed-bernoulli.js';

beforeAll(useCpuBackend);

const VALIDATE = { validate: true } as const;

function argumentOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof GumbelRangeError) return e.argument;
    throw e;
  }
  return 'no error';
}

describe('density ops off the support', () => {
  const logits = tf.tensor2d([[0.1, -0.4, 0.8]]);
  it('validate: true gives typed errors naming the point (issue 13 #1–#3)', () => {
    expect(argumentOf(() => concreteLogProb(tf.tensor2d([[0.4, 0.1, 0.3]]), logits, 0.5, VALIDATE))).toBe('y');
    expect(argumentOf(() => expConcreteLogProb(tf.tensor2d([[-0.2, 0.5, 0.3]]), logits, 0.5, VALIDATE))).toBe('x[1]');
    expect(argumentOf(() => binConcreteLogProb(tf.tensor1d([0.3, 0.1, 1.2]), tf.tensor1d([0.2, 0.6, 0.5]), 0.01, VALIDATE))).toBe('y[2]');
    expect(argumentOf(() => binConcreteLogProb(tf.tensor1d([0.3, 0.1]), tf.tensor1d([0.2, NaN]), 0.01, VALIDATE))).toBe('logits[1]');
    expect(argumentOf(() => concreteLogProb(tf.tensor2d([[0.2, 0.3, 0.5]]), logits, tf.tensor1d([-1]), VALIDATE))).toBe('tau[0]');
  });
  it('the fast path reads nothing back and returns what its doc says: NaN for y outside [0, 1], a number off the simplex', () => {
    expect(Array.from(binConcreteLogProb(tf.tensor1d([1.2]), tf.tensor1d([0.2]), 0.5).dataSync())).toEqual([NaN]);
    expect(Number.isFinite(concreteLogProb(tf.tensor2d([[0.4, 0.1, 0.3]]), logits, 0.5).dataSync()[0])).toBe(true);
    expect(Number.isNaN(concreteLogProb(tf.tensor2d([[0.5, -0.2, 0.7]]), logits, 0.5).dataSync()[0])).toBe(true);
  });
});

describe('density ops at the edges (edges.json)', () => {
  const edges = loadEdges();
  it('BinConcrete at y ∈ {0, 1} and for logits ±∞: the limits, with tf.grad wrt logits finite', () => {
    const cases = [...edges.binConcreteEnds.filter((c) => c.dLogit !== null), ...edges.binConcreteSure];
    for (const c of cases) {
      const got = binConcreteLogProb(tf.tensor1d([c.y]), tf.tensor1d([c.logit]), c.tau, VALIDATE).dataSync()[0] as number;
      if (Number.isFinite(c.logProb)) expect(Math.abs(got - c.logProb), `logit ${c.logit} τ ${c.tau} y ${c.y}`).toBeLessThan(1e-5);
      else expect(got, `logit ${c.logit} τ ${c.tau} y ${c.y}`).toBe(c.logProb);
      const dl = tf.grad((l: tf.Tensor) => binConcreteLogProb(tf.tensor1d([c.y]), l, c.tau))(tf.tensor1d([c.logit])).dataSync()[0] as number;
      expect(Number.isFinite(dl), `∂/∂logit at logit ${c.logit} y ${c.y}: ${dl}`).toBe(true);
    }
  });
  it('Concrete at boundary points and low-τ samples with underflowed entries', () => {
    for (const c of edges.concreteBoundary) {
      const got = concreteLogProb(tf.tensor2d([c.y as number[]]), tf.tensor2d([c.logits as number[]]), c.tau, VALIDATE).dataSync()[0] as number;
      if (Number.isFinite(c.logProb)) expect(Math.abs(got - c.logProb)).toBeLessThan(1e-4);
      else expect(got).toBe(c.logProb);
    }
    for (const c of edges.lowTau) {
      const l = tf.tensor2d([c.logits as number[]]);
      const x = expConcreteLogProb(tf.tensor2d([c.x as number[]]), l, c.tau, VALIDATE).dataSync()[0] as number;
      expect(Math.abs(x - c.expConcreteLogProb) / Math.abs(c.expConcreteLogProb)).toBeLessThan(1e-4);
      expect(concreteLogProb(tf.tensor2d([c.y as number[]]), l, c.tau, VALIDATE).dataSync()[0]).toBe(c.concreteLogProb);
    }
  });
});

describe('relaxedBernoulli op samples in its own density', () => {
  it('issue 13 #5: logit +∞ samples 1 and its log p is +∞, not NaN', () => {
    const logits = tf.tensor1d([Infinity, -Infinity]);
    const y = relaxedBernoulli(logits, { tau: 0.5, seed: 3 });
    expect(Array.from(y.dataSync())).toEqual([1, 0]);
    expect(Array.from(binConcreteLogProb(y, logits, 0.5).dataSync())).toEqual([Infinity, Infinity]);
  });
  it('issue 13 #6: at τ = 0.5 no float32 sample is 1; the mean log p and its gradients are finite', () => {
    const n = 100_000;
    const logits = tf.fill([n], 2);
    const tau = tf.scalar(0.5);
    const y = relaxedBernoulli(logits, { tau: 0.5, seed: 20261307 });
    const ys = y.dataSync();
    expect(ys.every((v) => v > 0 && v < 1)).toBe(true);
    expect(ys.filter((v) => v === 1 - 2 ** -24).length, 'the clamp was exercised').toBeGreaterThan(100);
    const [dl, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.mean(binConcreteLogProb(relaxedBernoulli(l, { tau: t, seed: 20261307 }), l, t)))([logits, tau]);
    expect(Number.isFinite(tf.mean(binConcreteLogProb(y, logits, 0.5)).dataSync()[0])).toBe(true);
    expect(dl!.dataSync().every(Number.isFinite)).toBe(true);
    expect(dt!.dataSync().every(Number.isFinite)).toBe(true);
  });
});
