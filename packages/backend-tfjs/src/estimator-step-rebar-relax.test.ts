/**
 * REBAR and RELAX (control-variate estimators with two points, σ_λ(z) and σ_λ(z̃)) through tfjs:
 * `estimatorGrads` and `op.loss` must give what the estimator's own async `backward` gives when fed
 * f and ∇f in closed form here (not through tf.grad as the adapters do), chained through a linear
 * encoder. RELAX's φ is trained through `estimatorGrads`' returned sample (`relax.update(sample)`),
 * which must move φ exactly as updating with a sample drawn and fed by hand. No tensors leak.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import { createRebar, createRelax } from '@gumbel/estimators';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { estimatorGrads } from './estimator-step.js';
import { estimatorOp } from './ops/estimator-op.js';
import { closeTo, useCpuBackend } from './testing/support.js';
import { A, host, k, loss, model, W0, X } from './testing/linear-encoder-fixture.js';

beforeAll(useCpuBackend);

type Make = (seed: number) => ReturnType<typeof createRebar<tf.Tensor>>;
const backend = () => createTfjsBackend();
const makers: Record<string, Make> = {
  'REBAR (λ 0.5, η 0.7)': (seed) => createRebar(backend(), { seed, tau: 0.5, eta: 0.7 }) as ReturnType<Make>,
  'RELAX (λ 0.5, a saved φ = (η, a, q))': (seed) => {
    const relax = createRelax(backend(), { seed, tau: 0.5, eta: 0.8, initial: { linear: [0.3, -0.2, 0.1, 0.5], quadratic: [0.2, 0, -0.4, 0.1] } });
    return relax as unknown as ReturnType<Make>;
  },
};

/** The estimator's own backward fed f at z and f, ∇f at both points in closed form (weight `scale` per row). */
async function byHand(sample: Awaited<ReturnType<ReturnType<Make>['sample']>>, scale = 1) {
  const atZ = host(await sample.value.data(), scale);
  const [p0, p1] = sample.points as [tf.Tensor, tf.Tensor];
  const at0 = host(await p0.data(), scale);
  const at1 = host(await p1.data(), scale);
  const rows = sample.value.shape[0] as number;
  const g0 = tf.tensor2d(at0.dz, [rows, k]);
  const g1 = tf.tensor2d(at1.dz, [rows, k]);
  const { dLogits } = await sample.backward({ losses: atZ.f, atPoints: [{ losses: at0.f, gradient: g0 }, { losses: at1.f, gradient: g1 }] });
  tf.dispose([g0, g1]);
  return { atZ, dLogits };
}

describe('estimatorGrads with REBAR and RELAX', () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: gradients = its own backward fed f, ∇f at σ_λ(z), σ_λ(z̃) by hand, chained through the encoder; decoder gets ∇ Σ f(z)`, async () => {
      const m = model();
      const result = await estimatorGrads(make(8), { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });

      const logits = m.logits();
      const sample = await make(8).sample(logits);
      const { atZ, dLogits } = await byHand(sample);
      const expectedW = tf.matMul(m.x, dLogits, true, false);
      expect(Array.from(dLogits.dataSync()).some((v) => v !== 0)).toBe(true);
      expect(closeTo(result.grads[m.W.name]!.dataSync(), expectedW.dataSync(), 1e-5, 1e-6)).toEqual([]);
      const decoder = A.map((_, j) => atZ.da.reduce((s, g) => s + (g[j] as number), 0));
      expect(closeTo(result.grads[m.V.name]!.dataSync(), decoder, 1e-5, 1e-6)).toEqual([]);
      expect(result.loss).toBeCloseTo(atZ.f.reduce((a, v) => a + v, 0) / X.length, 5);
      tf.dispose([logits, dLogits, expectedW, sample.value, ...Object.values(result.grads)]);
      sample.dispose();
      m.dispose();
    });
  }

  it('RELAX: relax.update(result.sample) trains φ exactly as an update with the same sample fed by hand', async () => {
    const m = model();
    const viaGrads = createRelax(backend(), { seed: 5, tau: 0.5 });
    const viaHand = createRelax(backend(), { seed: 5, tau: 0.5 });
    for (let step = 0; step < 3; step++) {
      const result = await estimatorGrads(viaGrads, { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });
      viaGrads.update(result.sample);
      tf.dispose(Object.values(result.grads));

      const logits = m.logits();
      const sample = await viaHand.sample(logits);
      const { dLogits } = await byHand(sample);
      viaHand.update(sample);
      tf.dispose([logits, dLogits, sample.value]);
      sample.dispose();
    }
    const a = viaGrads.parameters();
    const b = viaHand.parameters();
    expect(viaGrads.updates).toBe(3);
    expect(a.eta).not.toBe(1); // φ moved
    expect(closeTo([a.eta, ...a.linear, ...a.quadratic], [b.eta, ...b.linear, ...b.quadratic], 1e-4, 1e-6)).toEqual([]);
    m.dispose();
  });

  it('no tensors leak over 20 steps of REBAR and of RELAX with relax.update; a wrong loss shape is a typed error', async () => {
    const m = model();
    const rebar = createRebar(backend(), { seed: 1, tau: 0.5 });
    const relax = createRelax(backend(), { seed: 2, tau: 0.5 });
    const step = async () => {
      tf.dispose(Object.values((await estimatorGrads(rebar, { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] })).grads));
      const r = await estimatorGrads(relax, { logits: m.logits, loss: loss(m.V), varList: [m.W, m.V] });
      relax.update(r.sample);
      tf.dispose(Object.values(r.grads));
    };
    await step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await step();
    expect(tf.memory().numTensors).toBe(before);
    for (const e of [rebar, relax]) {
      await expect(estimatorGrads(e, { logits: m.logits, loss: (z) => tf.sum(z), varList: [m.W, m.V] })).rejects.toThrow(/options\.loss\(value\)/);
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe('estimatorOp op.loss with REBAR and RELAX', () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: value f(z); gradient wrt the logits = its own backward fed f, ∇f by hand (tf.mean: weight 1/rows)`, async () => {
      const logits = tf.tensor2d(X.map((x) => W0[0]!.map((w, j) => (x[0] as number) * w + (x[1] as number) * (W0[1]![j] as number))));
      const rows = X.length;
      const V = tf.variable(tf.tensor2d(A, [k, 1]), true);
      const sample = await make(0).sample(logits, { seed: CounterRng.fromSeed(21), step: 0 });
      const { atZ, dLogits } = await byHand(sample, 1 / rows);

      const op = estimatorOp(make(0), { seed: 21 });
      const theta = tf.variable(logits, true);
      let value: number[] = [];
      const { grads } = tf.variableGrads(() => {
        const l = op.loss(theta, loss(V));
        value = Array.from(l.dataSync());
        return tf.mean(l) as tf.Scalar;
      }, [theta, V]);
      expect(closeTo(value, atZ.f.map((v) => v * rows), 1e-5, 1e-6)).toEqual([]);
      expect(closeTo(grads[theta.name]!.dataSync(), dLogits.dataSync(), 1e-5, 1e-6)).toEqual([]);
      const direct = tf.grad((v: tf.Tensor) => tf.mean(loss(v)(sample.value)))(V);
      expect(closeTo(grads[V.name]!.dataSync(), direct.dataSync(), 1e-5, 1e-6)).toEqual([]);
      tf.dispose([logits, dLogits, direct, sample.value, ...Object.values(grads)]);
      sample.dispose();
      theta.dispose();
      V.dispose();
    });
  }

  it('no tensors leak: 50 optimizer steps and inference calls of op.loss (REBAR, RELAX)', () => {
    const theta = tf.variable(tf.zeros([2, 4]));
    const V = tf.variable(tf.tensor2d(A, [4, 1]));
    const optimizer = tf.train.sgd(0.01);
    const ops = [estimatorOp(createRebar(backend()), { seed: 4 }), estimatorOp(createRelax(backend()), { seed: 5 })];
    const step = () => {
      for (const op of ops) {
        optimizer.minimize(() => tf.mean(op.loss(theta, loss(V))) as tf.Scalar);
        tf.tidy(() => {
          op.loss(theta, loss(V));
        });
      }
    };
    for (let i = 0; i < 5; i++) step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
