/**
 * On tfjs, with `tfjsTape()`, every method composes inside `tf.grad`: the tape's gradients equal the
 * explicit VJPs computed on the float64 CPU backend (tolerance: float32 arithmetic of the inputs
 * and outputs, 1e-4 relative), straight-through classes give the straight-through gradient, and no
 * tensor leaks.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, Gumbel, OneHotCategoricalStraightThrough, RelaxedBernoulli, RelaxedOneHotCategorical, kl } from '../index.js';
import { expectClose } from '../test-support/support.js';
import { tfjsTape } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
let backend: ReturnType<typeof createTfjsBackend>;
const tape = tfjsTape();
beforeAll(async () => {
  await tf.setBackend('cpu');
  backend = createTfjsBackend();
});

const L = [0.2, -1.0, 1.5, 0.0, 0.3, -0.4];
const TAU = [0.7, 1.9];
const Y = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3];

describe('tfjsTape: distributions inside tf.grad', () => {
  it('RelaxedOneHotCategorical.logProb: tf.grads wrt logits, τ and the value equal the CPU VJP', () => {
    const before = tf.memory().numTensors;
    const upstream = [0.3, -1.1];
    const f = (l: tf.Tensor, t: tf.Tensor, y: tf.Tensor) => { const lp0 = new RelaxedOneHotCategorical({ backend, tape, logits: l, temperature: t }).logProb(y); return tf.sum(tf.mul(lp0, tf.tensor(upstream))); };
    const inputs = [tf.tensor(L, [2, 3]), tf.tensor(TAU, [2]), tf.tensor(Y, [2, 3])];
    const grads = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)(inputs);
    const ref = new RelaxedOneHotCategorical({ backend: cpu, logits: cpu.fromArray(L, [2, 3]), temperature: cpu.fromArray(TAU, [2]) }).logProbVjp(cpu.fromArray(Y, [2, 3]));
    const expected = ref.backwardSync(cpu.fromArray(upstream, [2]));
    ['logits', 'temperature', 'value'].forEach((name, i) => expectClose((grads[i] as tf.Tensor).dataSync(), cpu.toArraySync(expected[name]!), 1e-4, 1e-5, name));
    tf.dispose([...grads, ...inputs]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rsample composes: d/dlogits and d/dτ of a loss of the sample equal the CPU VJP (same seed, same noise)', () => {
    const before = tf.memory().numTensors;
    const w = tf.tensor(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [2, 2, 3]);
    const f = (l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(new RelaxedOneHotCategorical({ backend, tape, logits: l, temperature: t }).rsample([2], { seed: 9 }), w));
    const inputs = [tf.tensor(L, [2, 3]), tf.tensor(TAU, [2])];
    const grads = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)(inputs);
    const ref = new RelaxedOneHotCategorical({ backend: cpu, logits: cpu.fromArray(L, [2, 3]), temperature: cpu.fromArray(TAU, [2]) }).rsampleVjp([2], { seed: 9 });
    const expected = ref.backwardSync(cpu.fromArray(w.dataSync(), [2, 2, 3]));
    expectClose(grads[0]!.dataSync(), cpu.toArraySync(expected.logits!), 1e-4, 1e-5, 'logits');
    expectClose(grads[1]!.dataSync(), cpu.toArraySync(expected.temperature!), 1e-4, 1e-5, 'temperature');
    tf.dispose([...grads, ...inputs, w]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('kl, entropy and logProb of Categorical / Bernoulli / Gumbel compose with tf.grad', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const p = tf.tensor([[0.2, -1.0, 1.5]]);
      const q = tf.tensor([[0.0, 0.3, -0.4]]);
      const [gp, gq] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(kl(new Categorical({ backend, tape, logits: a }), new Categorical({ backend, tape, logits: b }))))([p, q]);
      const pr = Float64Array.from(tf.softmax(p).dataSync());
      const qr = Float64Array.from(tf.softmax(q).dataSync());
      // ∂KL/∂logits_q = q − p (softmaxes).
      expectClose(gq!.dataSync(), Array.from(qr, (v, i) => v - (pr[i] as number)), 1e-5, 1e-6, 'd/dq');
      expect(gp!.shape).toEqual([1, 3]);
      const gb = tf.grad((l: tf.Tensor) => tf.sum(new Bernoulli({ backend, tape, logits: l }).entropy()))(tf.tensor([0.3, -2.0]));
      const s = [0.3, -2.0].map((l) => 1 / (1 + Math.exp(-l)));
      expectClose(gb.dataSync(), [0.3, -2.0].map((l, i) => -l * s[i]! * (1 - s[i]!)), 1e-5, 1e-7, 'dH/dlogit');
      const gs = tf.grad((sc: tf.Tensor) => tf.sum(new Gumbel({ backend, tape, loc: 0, scale: sc }).logProb(1)))(tf.tensor([2.0]));
      // d/ds [−log s − z − e^(−z)], z = 1/s: −1/s + z/s − z e^(−z)/s.
      const z = 0.5;
      expectClose(gs.dataSync(), [-1 / 2 + z / 2 - (z * Math.exp(-z)) / 2], 1e-5, 1e-7, 'dlogp/dscale');
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('straight-through classes give the straight-through gradient on the tape', () => {
    const before = tf.memory().numTensors;
    // OneHotCategoricalStraightThrough: d/dlogits of Σ w·sample = Jᵀ w with J the softmax Jacobian.
    tf.tidy(() => {
      const logits = tf.tensor([0.1, 0.5, -0.3]);
      const w = tf.tensor([1.0, -2.0, 0.5]);
      const g = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(new OneHotCategoricalStraightThrough({ backend, tape, logits: l }).rsample([], { seed: 1 }), w)))(logits);
      const p = Array.from(tf.softmax(logits).dataSync());
      const dot = p.reduce((s, v, i) => s + v * [1.0, -2.0, 0.5][i]!, 0);
      expectClose(g.dataSync(), p.map((v, i) => v * ([1.0, -2.0, 0.5][i]! - dot)), 1e-5, 1e-7, 'ST');
      const gr = tf.grad((pr: tf.Tensor) => tf.sum(new RelaxedBernoulli({ backend, tape, probs: pr, temperature: 0.5 }).rsample([3], { seed: 2 })))(tf.tensor([0.3, 0.6]));
      expect(Array.from(gr.dataSync()).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('methods outside tf.grad return plain tensors and leak nothing', () => {
    const logits = tf.tensor(L, [2, 3]);
    const before = tf.memory().numTensors;
    const d = new RelaxedOneHotCategorical({ backend, tape, logits, temperature: 0.5 });
    const y = d.rsample([4], { seed: 3 });
    const lp = d.logProb(y);
    expect(lp.shape).toEqual([4, 2]);
    expect(Array.from(lp.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([y, lp]);
    expect(tf.memory().numTensors).toBe(before);
    logits.dispose();
  });
});
