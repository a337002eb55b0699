/**
 * The tensor-native categorical KL of `tfjsTape()` against the host computation it mirrors (`klVjp`
 * on the float64 CPU backend, itself tested against scipy in golden.test.ts): values and gradients
 * on random logits, probabilities with a zero, masked classes on either side, broadcast batches —
 * to float32 tolerance; it never reads a tensor to the host, and leaks nothing.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import { CounterRng, fillUniforms } from '@gumbel/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Categorical, OneHotCategorical, kl, klVjp } from '../index.js';
import { expectClose } from '../test-support/support.js';
import { tfjsTape } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
const tape = tfjsTape();
let backend: ReturnType<typeof createTfjsBackend>;
beforeAll(async () => {
  await tf.setBackend('cpu');
  backend = createTfjsBackend();
});

/** Logits in (−4, 4) from a fixed stream. */
function randomLogits(n: number, seed: number): number[] {
  const u = new Float64Array(n);
  fillUniforms(u, CounterRng.fromSeed(seed).reserve(n));
  return Array.from(u, (v) => 8 * v - 4);
}

interface Side {
  readonly kind: 'logits' | 'probs';
  readonly values: readonly number[];
  readonly shape: readonly number[];
}

const CASES: ReadonlyArray<{ name: string; p: Side; q: Side; cls?: typeof Categorical | typeof OneHotCategorical }> = [
  { name: 'random logits [64, 10] vs [64, 10]', p: { kind: 'logits', values: randomLogits(640, 1), shape: [64, 10] }, q: { kind: 'logits', values: randomLogits(640, 2), shape: [64, 10] } },
  { name: 'random logits [40, 10] vs uniform [10] (the VAE)', p: { kind: 'logits', values: randomLogits(400, 3), shape: [40, 10] }, q: { kind: 'logits', values: new Array(10).fill(0), shape: [10] } },
  { name: 'broadcast batches [2, 1, 3] vs [4, 3]', p: { kind: 'logits', values: randomLogits(6, 4), shape: [2, 1, 3] }, q: { kind: 'logits', values: randomLogits(12, 5), shape: [4, 3] } },
  { name: 'probs with a zero vs logits', p: { kind: 'probs', values: [0.2, 0, 0.8, 0.5, 0.25, 0.25], shape: [2, 3] }, q: { kind: 'logits', values: [0.1, -0.3, 2], shape: [3] } },
  { name: 'p masks a class (−∞ logit)', p: { kind: 'logits', values: [1, -Infinity, 0.5, 0, 0, 0], shape: [2, 3] }, q: { kind: 'probs', values: [0.3, 0.3, 0.4], shape: [3] } },
  { name: 'q masks a class p can take: +∞ (row 0), finite (row 1)', p: { kind: 'logits', values: [0.3, 1, -1, 0.2, -Infinity, 1], shape: [2, 3] }, q: { kind: 'logits', values: [0, -Infinity, 0], shape: [3] } },
  { name: 'OneHotCategorical pair', cls: OneHotCategorical, p: { kind: 'probs', values: [0.1, 0.6, 0.3], shape: [3] }, q: { kind: 'probs', values: [0.5, 0.25, 0.25, 0.2, 0.2, 0.6], shape: [2, 3] } },
];

describe('tfjsTape().kernels.categoricalKl equals the host computation', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const D = c.cls ?? Categorical;
      const before = tf.memory().numTensors;
      const xp = tf.tensor(c.p.values as number[], c.p.shape as number[]);
      const xq = tf.tensor(c.q.values as number[], c.q.shape as number[]);
      const make = (k: Side, x: tf.Tensor) => new D({ backend, tape, [k.kind]: x });
      const reference = klVjp(
        new D({ backend: cpu, [c.p.kind]: cpu.fromArray(c.p.values, c.p.shape) }),
        new D({ backend: cpu, [c.q.kind]: cpu.fromArray(c.q.values, c.q.shape) }),
      );
      const expected = Array.from(cpu.toArraySync(reference.value));
      const upstream = expected.map((_, i) => Math.cos(i + 0.5));
      const refGrads = reference.backwardSync(cpu.fromArray(upstream, cpu.shapeOf(reference.value)));

      const value = kl(make(c.p, xp), make(c.q, xq));
      expect(value.shape).toEqual(cpu.shapeOf(reference.value));
      const got = Array.from(value.dataSync());
      got.forEach((v, i) => (expected[i] === Infinity ? expect(v).toBe(Infinity) : undefined));
      expectClose(got.filter((_, i) => Number.isFinite(expected[i])), expected.filter(Number.isFinite), 2e-5, 2e-6, 'KL');

      const w = tf.tensor(upstream, value.shape);
      const [gp, gq] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(kl(make(c.p, a), make(c.q, b)), w)))([xp, xq]);
      expect(gp!.shape).toEqual(c.p.shape);
      expect(gq!.shape).toEqual(c.q.shape);
      expectClose(gp!.dataSync(), cpu.toArraySync(refGrads[`p.${c.p.kind}`]!), 2e-5, 2e-6, 'd/dp');
      expectClose(gq!.dataSync(), cpu.toArraySync(refGrads[`q.${c.q.kind}`]!), 2e-5, 2e-6, 'd/dq');
      tf.dispose([value, w, gp!, gq!, xp, xq]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('with validateArgs: false it never reads a tensor to the host (inside tf.grad too)', () => {
    let reads = 0;
    const counting = { ...backend, toArraySync: (t: tf.Tensor) => (reads++, backend.toArraySync(t)), toArray: async (t: tf.Tensor) => (reads++, backend.toArray(t)) };
    const logits = tf.tensor(randomLogits(30, 6), [3, 10]);
    const g = tf.grad((l: tf.Tensor) => {
      const p = new Categorical({ backend: counting, tape, logits: l, validateArgs: false });
      return tf.sum(kl(p, new Categorical({ backend: counting, tape, logits: tf.zeros([10]), validateArgs: false })));
    })(logits);
    expect(reads).toBe(0);
    expect(g.shape).toEqual([3, 10]);
    tf.dispose([g, logits]);
  });

  it('the checks still run before the kernel: classes, batch shapes, backend', () => {
    const p = new Categorical({ backend, tape, logits: tf.zeros([2, 3]) });
    expect(() => tf.tidy(() => kl(p, new Categorical({ backend, tape, logits: tf.zeros([4]) })))).toThrow(/same number of classes/);
    expect(() => tf.tidy(() => kl(p, new Categorical({ backend, tape, logits: tf.zeros([5, 3]) })))).toThrow(/batchShape/);
    expect(() => tf.tidy(() => kl(p, new Categorical({ backend: createTfjsBackend(), tape, logits: tf.zeros([3]) })))).toThrow(/same backend/);
  });
});
