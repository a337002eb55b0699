/**
 * `estimatorGrads` beyond REINFORCE: control-variate estimators (MuProp: f and ∇_z f at the
 * sample's points come from the caller's loss) and score-function estimators with an objective of
 * their own (VIMCO's bound, the unordered set's weighted sum), whose direct term must use the
 * sample's weights — w̃ = softmax(−f) for VIMCO — not REINFORCE's 1/m. Every expected gradient is
 * written out by hand: the estimator's async backward fed closed-form f and ∇f, the encoder's
 * chain rule xᵀ·dLogits (logits = xW), and the decoder's Σ_r w_r ∇_V f_r with ∇_V f_r in closed
 * form. No tensors leak over repeated steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMuProp, createUnorderedSet, createVimco } from '@gumbel/estimators';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { estimatorGrads } from './estimator-step.js';
import { closeTo, useCpuBackend } from './testing/support.js';
import { A, decoderGrad, encoderGrad, host, k, loss, model, W0, X } from './testing/linear-encoder-fixture.js';

beforeAll(useCpuBackend);

describe('estimatorGrads with a control-variate estimator (MuProp)', () => {
  it('gradients = MuProp fed f(z), f(π), ∇f(π) by hand, chained through the encoder; the decoder gets ∇ Σ f(z)', async () => {
    const backend = createTfjsBackend();
    const m = model();
    const result = await estimatorGrads(createMuProp(backend, { seed: 8 }), { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });

    const logits = m.logits();
    const sample = await createMuProp(backend, { seed: 8 }).sample(logits);
    const atZ = host(await sample.value.data());
    const atPi = host(await (sample.points[0] as tf.Tensor).data());
    const gradient = tf.tensor2d(atPi.dz, [X.length, k]);
    const { dLogits } = await sample.backward({ losses: atZ.f, atPoints: [{ losses: atPi.f, gradient }] });
    expect(closeTo(result.grads[m.W.name]!.dataSync(), encoderGrad(await dLogits.data()), 1e-5, 1e-6)).toEqual([]);
    expect(closeTo(result.grads[m.V.name]!.dataSync(), decoderGrad(atZ.da, [1, 1, 1]), 1e-5, 1e-6)).toEqual([]);
    expect(result.loss).toBeCloseTo(atZ.f.reduce((a, v) => a + v, 0) / X.length, 5);
    tf.dispose([logits, gradient, dLogits, sample.value, ...Object.values(result.grads)]);
    sample.dispose();
    m.dispose();
  });

  it('rowsPerLoss 2: ∇f at π is the gradient of the shared loss (Σ_rows f / 2), not twice it', async () => {
    // Rows 0–1 share G = f_0 + f_1 (passed on both rows); with two inputs of two rows each.
    const backend = createTfjsBackend();
    const x = tf.tensor2d([...X, [0.1, 0.4]]);
    const W = tf.variable(tf.tensor2d(W0), true);
    const V = tf.variable(tf.tensor2d(A, [k, 1]), true);
    const shared = (z: tf.Tensor) => {
      const f = tf.reshape(loss(V)(z), [-1, 2]);
      return tf.reshape(tf.tile(tf.sum(f, 1, true), [1, 2]), [-1]);
    };
    const result = await estimatorGrads(createMuProp(backend, { seed: 3, rowsPerLoss: 2 }), { logits: () => tf.matMul(x, W), loss: shared, varList: [W, V] });
    const logits = tf.matMul(x, W);
    const sample = await createMuProp(backend, { seed: 3, rowsPerLoss: 2 }).sample(logits);
    const pair = (values: number[]) => values.map((_, r) => (values[r - (r % 2)] as number) + (values[r - (r % 2) + 1] as number));
    const atZ = host(await sample.value.data());
    const atPi = host(await (sample.points[0] as tf.Tensor).data());
    const gradient = tf.tensor2d(atPi.dz, [4, k]); // ∇_{z_r} G = ∇ f_r
    const { dLogits } = await sample.backward({ losses: pair(atZ.f), atPoints: [{ losses: pair(atPi.f), gradient }] });
    const expectedW = tf.matMul(x, dLogits, true, false);
    expect(closeTo(result.grads[W.name]!.dataSync(), expectedW.dataSync(), 1e-5, 1e-6)).toEqual([]);
    expect(closeTo(result.grads[V.name]!.dataSync(), decoderGrad(atZ.da, [1, 1, 1, 1]), 1e-5, 1e-6)).toEqual([]);
    tf.dispose([x, W, V, logits, gradient, dLogits, expectedW, sample.value, ...Object.values(result.grads)]);
    sample.dispose();
  });
});

describe('estimatorGrads with an objective of the estimator\'s own', () => {
  it('VIMCO: the decoder gets Σ_s w̃_s ∇f_s (w̃ = softmax(−f) per input), the encoder VIMCO\'s gradient; loss = the mean bound', async () => {
    const backend = createTfjsBackend();
    const K = 3;
    const m = model();
    const result = await estimatorGrads(createVimco(backend, { seed: 12, samples: K }), { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });

    const logits = m.logits();
    const sample = await createVimco(backend, { seed: 12, samples: K }).sample(logits);
    const { f, da } = host(await sample.value.data());
    const { dLogits } = await sample.backward(f);
    const tilde: number[] = [];
    let bound = 0;
    for (let b = 0; b < X.length; b++) {
      const group = f.slice(b * K, (b + 1) * K);
      const e = group.map((v) => Math.exp(-v));
      const total = e.reduce((s, v) => s + v, 0);
      tilde.push(...e.map((v) => v / total));
      bound += -Math.log(total / K) / X.length;
    }
    expect(closeTo(result.grads[m.W.name]!.dataSync(), encoderGrad(await dLogits.data()), 1e-5, 1e-6)).toEqual([]);
    expect(closeTo(result.grads[m.V.name]!.dataSync(), decoderGrad(da, tilde), 1e-5, 1e-6)).toEqual([]);
    // What the adapter used to add, Σ f / K, is a different gradient here: the test can tell them apart.
    expect(closeTo(decoderGrad(da, tilde.map(() => 1 / K)), decoderGrad(da, tilde), 1e-3, 1e-3)).not.toEqual([]);
    expect(result.loss).toBeCloseTo(bound, 4);
    tf.dispose([logits, dLogits, sample.value, ...Object.values(result.grads)]);
    sample.dispose();
    m.dispose();
  });

  it('the unordered set: the decoder gets Σ_r p(s)R(S, s) ∇f_r; loss = the mean of Σ weight·f', async () => {
    const backend = createTfjsBackend();
    const n = 3;
    const m = model();
    const result = await estimatorGrads(createUnorderedSet(backend, { seed: 5, samples: n }), { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });
    const logits = m.logits();
    const sample = await createUnorderedSet(backend, { seed: 5, samples: n }).sample(logits);
    const { f, da } = host(await sample.value.data());
    const { dLogits } = await sample.backward(f);
    expect(closeTo(result.grads[m.W.name]!.dataSync(), encoderGrad(await dLogits.data()), 1e-5, 1e-6)).toEqual([]);
    expect(closeTo(result.grads[m.V.name]!.dataSync(), decoderGrad(da, sample.weights), 1e-5, 1e-6)).toEqual([]);
    const estimate = f.reduce((s, v, r) => s + (sample.weights[r] as number) * v, 0) / X.length;
    expect(result.loss).toBeCloseTo(estimate, 4);
    tf.dispose([logits, dLogits, sample.value, ...Object.values(result.grads)]);
    sample.dispose();
    m.dispose();
  });

  it('no tensors leak over 30 steps of MuProp, VIMCO and the unordered set; a wrong loss shape is a typed error', async () => {
    const backend = createTfjsBackend();
    const m = model();
    const estimators = [createMuProp(backend, { seed: 1 }), createVimco(backend, { seed: 2 }), createUnorderedSet(backend, { seed: 3, samples: 2 })];
    const step = async () => {
      for (const e of estimators) tf.dispose(Object.values((await estimatorGrads(e, { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] })).grads));
    };
    await step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) await step();
    expect(tf.memory().numTensors).toBe(before);
    for (const e of estimators) {
      await expect(estimatorGrads(e, { logits: m.logits, loss: (z) => tf.sum(z), varList: [m.W, m.V] })).rejects.toThrow(/options\.loss\(value\)/);
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
