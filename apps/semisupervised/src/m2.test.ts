import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError } from '@gumbel/core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { createM2, KINGMA_INIT_STD, PIXELS, type M2 } from './model.js';
import { labelledNegBound, semiSupervisedLoss, unlabelledNegBound, METHODS } from './objective.js';
import { normalNoise } from './normal-noise.js';
import { createTrainer } from './step.js';
import { loadFullMnist, useBackend } from '@gumbel/mnist-shared/node';

const TINY = { classes: 4, hidden: 12, latent: 3 };
/** Training digits [start, start + count) of the shared 50,000 / 10,000 / 10,000 split. */
const loadDigits = (start: number, count: number) => {
  const d = loadFullMnist({ train: start + count, valid: 0, test: 0 }).train;
  return { pixels: d.pixels.subarray(start * PIXELS), labels: d.labels.subarray(start), count };
};
const digits = () => loadDigits(0, 6);
const tensorOf = (d: { pixels: Float32Array; count: number }) => tf.tensor2d(d.pixels, [d.count, PIXELS]);

beforeAll(async () => {
  await useBackend('cpu');
});

/** The model's forward pass in float64 JS from its parameter values: an expected value that shares no tfjs code. */
function reference(m: M2, x: Float32Array, eps: Float32Array, batch: number) {
  const P = new Map(m.params.map(([n, v]) => [n, { data: v.dataSync(), cols: v.shape[v.shape.length - 1] as number }]));
  const dense = (inp: number[], name: string): number[] => {
    const { data, cols } = P.get(name)!;
    const out = new Array<number>(cols).fill(0);
    inp.forEach((a, i) => { for (let j = 0; j < cols; j++) out[j]! += a * (data[i * cols + j] as number); });
    return out;
  };
  const add = (a: number[], name: string) => a.map((v, j) => v + (P.get(name)!.data[j] as number));
  const sum2 = (a: number[], b: number[]) => a.map((v, j) => v + (b[j] as number));
  const sp = (v: number) => (v > 30 ? v : Math.log1p(Math.exp(v)));
  const { classes: k, latent: d } = m;
  const rows = [];
  for (let i = 0; i < batch; i++) {
    const xi = Array.from(x.subarray(i * PIXELS, (i + 1) * PIXELS));
    const ei = Array.from(eps.subarray(i * d, (i + 1) * d));
    const logits = add(dense(add(dense(xi, 'cls1/W'), 'cls1/b').map(sp), 'cls2/W'), 'cls2/b');
    const mx = Math.max(...logits);
    const lse = mx + Math.log(logits.reduce((s, l) => s + Math.exp(l - mx), 0));
    const q = logits.map((l) => Math.exp(l - lse));
    const negL: number[] = [];
    for (let c = 0; c < k; c++) {
      const y = Array.from({ length: k }, (_, j) => (j === c ? 1 : 0));
      const a = add(sum2(dense(xi, 'enc1/Wx'), dense(y, 'enc1/Wy')), 'enc1/b').map(sp);
      const mean = add(dense(a, 'encMean/W'), 'encMean/b');
      const logVar = add(dense(a, 'encLogVar/W'), 'encLogVar/b');
      const z = mean.map((mu, j) => mu + Math.exp(0.5 * (logVar[j] as number)) * (ei[j] as number));
      const out = add(dense(add(sum2(dense(y, 'dec1/Wy'), dense(z, 'dec1/Wz')), 'dec1/b').map(sp), 'dec2/W'), 'dec2/b');
      const nll = out.reduce((s, l, j) => s + sp(l) - (xi[j] as number) * l, 0);
      const kl = 0.5 * mean.reduce((s, mu, j) => s + mu * mu + Math.exp(logVar[j] as number) - 1 - (logVar[j] as number), 0);
      negL.push(nll + kl + Math.log(k));
    }
    rows.push({ q, negL, marginal: q.reduce((s, qc, c) => s + qc * (negL[c] as number) + qc * Math.log(qc), 0) });
  }
  return rows;
}

describe('M2 model and objectives', () => {
  it('has the shapes of Kingma et al.\'s networks', () => {
    const m = createM2(TINY, 1);
    const x = tensorOf(digits());
    const eps = normalNoise(6, TINY.latent, 2);
    tf.tidy(() => {
      expect(m.classify(x).shape).toEqual([6, 4]);
      const { mean, logVar } = m.encode(m.encoderInput(x), tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4), 'float32') as tf.Tensor2D);
      expect(mean.shape).toEqual([6, 3]);
      expect(logVar.shape).toEqual([6, 3]);
      expect(m.decode(tf.zeros([6, 4]), tf.zeros([6, 3])).shape).toEqual([6, PIXELS]);
      for (const method of METHODS) expect(unlabelledNegBound(m, x, eps, { method, tau: 0.5, seed: 3 }).shape).toEqual([6]);
    });
    tf.dispose([x, eps]);
    m.dispose();
  });

  it('starts weights as asked: Glorot-uniform within its limit, or N(0, 0.001²) as Kingma et al.; biases at 0', () => {
    const shape = { classes: 10, hidden: 500, latent: 50 };
    const glorot = createM2(shape, 3);
    const kingma = createM2(shape, 3, 'kingma');
    const values = (m: M2, name: string) => Array.from(m.params.find(([n]) => n === name)![1].dataSync());
    const maxAbs = (a: number[]) => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    // cls1/W is 784 × 500: Glorot's limit is √(6 / (784 + 500)).
    const g = values(glorot, 'cls1/W');
    expect(maxAbs(g)).toBeLessThanOrEqual(Math.sqrt(6 / (784 + 500)));
    // 392,000 normal draws: the sample mean's standard error is σ/√n ≈ 1.6e-6 (bound at 5 of them); the
    // sample s.d.'s relative standard error is 1/√(2n) ≈ 0.11 % (bound at 1 %).
    const w = values(kingma, 'cls1/W');
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / (w.length - 1));
    expect(Math.abs(mean)).toBeLessThan(5 * KINGMA_INIT_STD / Math.sqrt(w.length));
    expect(Math.abs(sd / KINGMA_INIT_STD - 1)).toBeLessThan(0.01);
    // And a small layer is scaled too (dec1/Wy, 10 × 500).
    expect(maxAbs(values(kingma, 'dec1/Wy'))).toBeLessThan(6 * KINGMA_INIT_STD);
    for (const m of [glorot, kingma]) for (const [name, v] of m.params) if (name.endsWith('/b')) expect(maxAbs(Array.from(v.dataSync()))).toBe(0);
    glorot.dispose();
    kingma.dispose();
    expect(() => createM2(shape, 3, 'he' as 'glorot')).toThrow(GumbelRangeError);
  });

  it('marginal −U(x) equals Σ_y q(y|x)(−L(x, y)) − H[q] computed in float64 JS, class by class', () => {
    const m = createM2(TINY, 5);
    const d = digits();
    const x = tensorOf(d);
    const eps = normalNoise(d.count, TINY.latent, 9);
    const expected = reference(m, d.pixels, eps.dataSync() as Float32Array, d.count);
    const got = tf.tidy(() => unlabelledNegBound(m, x, eps, { method: 'marginal', tau: 1 }).arraySync());
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!.marginal, 2));
    // And each class's −L(x, y) on its own, through the same function the Gumbel path uses.
    const perClass = tf.tidy(() => labelledNegBound(m, m.encoderInput(x), x, tf.cast(tf.oneHot(tf.fill([d.count], 2, 'int32') as tf.Tensor1D, 4), 'float32') as tf.Tensor2D, eps).arraySync());
    perClass.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!.negL[2]!, 2));
    tf.dispose([x, eps]);
    m.dispose();
  });

  it('the Gumbel-Softmax objective averages to the marginal one at low τ (ST exactly in expectation)', () => {
    const m = createM2(TINY, 7);
    // Glorot weights give a near-uniform q and classes that barely change −L; scaled up, q is uneven and
    // −L differs by nats between classes, so a wrong weighting of the classes would show.
    for (const [name, v] of m.params) if (name === 'cls2/W' || name === 'dec1/Wy') v.assign(tf.mul(v, 30));
    const d = loadDigits(0, 2);
    const S = 1000;
    const x = tf.tile(tensorOf(d), [S, 1]) as tf.Tensor2D;
    const eps0 = normalNoise(2, TINY.latent, 11);
    const eps = tf.tile(eps0, [S, 1]) as tf.Tensor2D; // the same ε in every draw: only ỹ varies
    const exact = reference(m, d.pixels, eps0.dataSync() as Float32Array, 2).map((r) => r.marginal);
    const stats = (method: 'relaxed-gs' | 'st-gs', tau: number) => {
      const v = tf.tidy(() => unlabelledNegBound(m, x, eps, { method, tau, seed: 13 }).dataSync());
      return [0, 1].map((i) => {
        let s = 0, s2 = 0;
        for (let r = 0; r < S; r++) { const a = v[r * 2 + i] as number; s += a; s2 += a * a; }
        const mean = s / S;
        return { mean, se: Math.sqrt((s2 / S - mean * mean) / S) };
      });
    };
    const st = stats('st-gs', 0.1);
    const cold = stats('relaxed-gs', 0.1);
    const hot = stats('relaxed-gs', 5);
    for (const i of [0, 1]) {
      const e = exact[i]!;
      // ST's forward value is an exact categorical draw: unbiased, only Monte Carlo error.
      expect(Math.abs(st[i]!.mean - e)).toBeLessThan(4 * st[i]!.se);
      // Relaxed at τ = 0.1: Monte Carlo error plus a small relaxation bias.
      expect(Math.abs(cold[i]!.mean - e)).toBeLessThan(4 * cold[i]!.se + 0.5);
      // At τ = 5 ỹ is near the centre of the simplex, a different objective: the agreement above is not vacuous.
      expect(Math.abs(hot[i]!.mean - e)).toBeGreaterThan(4 * hot[i]!.se + 2);
    }
    tf.dispose([x, eps, eps0]);
    m.dispose();
  });

  it('gradients reach the classifier through the Gumbel-Softmax sample, relaxed and straight-through', () => {
    const m = createM2(TINY, 3);
    const x = tensorOf(digits());
    const eps = normalNoise(6, TINY.latent, 4);
    const cls = m.params.filter(([n]) => n.startsWith('cls')).map(([, v]) => v);
    for (const hard of [false, true]) {
      // Only −L(x, ỹ): no entropy term, so a nonzero classifier gradient can only come through ỹ.
      const { value, grads } = tf.variableGrads(
        () => tf.mean(labelledNegBound(m, m.encoderInput(x), x, gumbelSoftmax(m.classify(x), { tau: 0.5, hard, seed: 21 }) as tf.Tensor2D, eps)),
        cls,
      );
      for (const v of cls) {
        const g = grads[v.name]!.dataSync();
        expect(g.every(Number.isFinite)).toBe(true);
        expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(1e-6);
      }
      tf.dispose([value, grads]);
    }
    tf.dispose([x, eps]);
    m.dispose();
  });

  it('a training step of each method changes every parameter and leaves no tensors behind', async () => {
    const d = digits();
    for (const method of METHODS) {
      const m = createM2(TINY, 2);
      const trainer = createTrainer(m, { method, tau: 0.7, alpha: 1, lr: 1e-3 });
      const batch = { labelledX: tensorOf(loadDigits(10, 4)), labels: tf.tensor1d([3, 0, 1, 2]), unlabelledX: tensorOf(d) };
      const rng = CounterRng.fromSeed(8);
      const before = m.params.map(([, v]) => v.dataSync().slice());
      expect(Number.isFinite(await trainer.step(batch, rng))).toBe(true); // creates Adam's moments
      const count = tf.memory().numTensors;
      await trainer.step(batch, rng);
      expect(tf.memory().numTensors).toBe(count);
      m.params.forEach(([name, v], i) => expect(v.dataSync(), `${method} ${name}`).not.toEqual(before[i]));
      // A per-step τ (the annealing schedule's) is checked where it is used: by the Gumbel-Softmax op.
      if (method !== 'marginal') await expect(trainer.step(batch, rng, 0)).rejects.toThrow(/^tau must be finite and > 0, got 0$/);
      tf.dispose([batch.labelledX, batch.labels, batch.unlabelledX]);
      trainer.dispose();
      m.dispose();
    }
  });

  it('the unlabelled weight scales the unlabelled term; at 0 the classifier learns from its labelled cross-entropy alone', () => {
    const m = createM2(TINY, 3);
    const labels = [3, 0, 1, 2];
    const batch = { labelledX: tensorOf(loadDigits(10, 4)), labels: tf.tensor1d(labels), unlabelledX: tensorOf(digits()) };
    const epsL = normalNoise(4, TINY.latent, 1);
    const epsU = normalNoise(6, TINY.latent, 2);
    const loss = (w: number) => semiSupervisedLoss(m, batch, epsL, epsU, { method: 'marginal', tau: 1, alpha: 0.5, unlabelledWeight: w });
    const [l0, l1, l3] = [0, 1, 3].map((w) => { const t = loss(w); const v = t.dataSync()[0] as number; t.dispose(); return v; }) as [number, number, number];
    const u = unlabelledNegBound(m, batch.unlabelledX, epsU, { method: 'marginal', tau: 1 });
    const uMean = (Array.from(u.dataSync()) as number[]).reduce((a, b) => a + b, 0) / 6;
    expect(l1 - l0).toBeCloseTo(uMean, 3);
    expect(l3 - l0).toBeCloseTo(3 * uMean, 2);
    // The classifier's gradient at weight 0 is α·∇(mean cross-entropy), the cross-entropy written out here.
    const classifier = m.params.filter(([name]) => name.startsWith('cls')).map(([, v]) => v);
    expect(classifier.length).toBeGreaterThan(0);
    const g0 = tf.variableGrads(() => loss(0), classifier).grads;
    const gCe = tf.variableGrads(() => tf.tidy(() => {
      const logQ = tf.logSoftmax(m.classify(batch.labelledX));
      const picked = tf.sum(tf.mul(logQ, tf.oneHot(tf.tensor1d(labels, 'int32'), TINY.classes)), 1);
      return tf.mul(tf.mean(picked), -0.5) as tf.Scalar;
    }), classifier).grads;
    for (const v of classifier) {
      const a = Array.from(g0[v.name]!.dataSync());
      const b = Array.from(gCe[v.name]!.dataSync());
      expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-5);
      expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(1e-4);
    }
    tf.dispose([batch.labelledX, batch.labels, batch.unlabelledX, epsL, epsU, u, g0, gCe]);
    expect(() => loss(-1)).toThrow(/unlabelledWeight.*-1/);
    m.dispose();
  });

  it('bad arguments are typed errors naming the argument and the value', () => {
    expect(() => createM2({ ...TINY, classes: 1 }, 0)).toThrow(GumbelRangeError);
    expect(() => createM2({ ...TINY, hidden: 2.5 }, 0)).toThrow(/shape\.hidden.*2\.5/);
    const m = createM2(TINY, 0);
    const x = tensorOf(digits());
    const eps = normalNoise(6, TINY.latent, 0);
    expect(() => unlabelledNegBound(m, x, eps, { method: 'sum' as 'marginal', tau: 1 })).toThrow(/method.*sum/);
    expect(() => createTrainer(m, { method: 'st-gs', tau: 0, alpha: 1, lr: 1e-3 })).toThrow(/tau.*0/);
    tf.dispose([x, eps]);
    m.dispose();
  });
});
