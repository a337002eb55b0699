import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import {
  createGumbelRao,
  createReinMax,
  createReinforce,
  createRelaxedBernoulli,
  createRelaxedGumbelSoftmax,
  createStraightThroughBernoulli,
  createStraightThroughGumbelSoftmax,
} from '@gumbel/estimators';
import type { PathwiseEstimator } from '@gumbel/estimators';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { closeTo, useCpuBackend } from '../testing/support.js';
import { estimatorOp } from './estimator-op.js';

beforeAll(useCpuBackend);

const LOGITS = [
  [0.3, -1.2, 0.8, 0.1],
  [1.5, 0.2, -0.4, -2],
  [0, 0, 0, 0],
];
const WEIGHTS = [
  [1, -2, 0.5, 3],
  [-1, 0.25, 2, -0.5],
  [0.7, 0.7, -1.5, 1],
];

type Make = (backend: ReturnType<typeof createTfjsBackend>) => PathwiseEstimator<tf.Tensor>;

const PATHWISE: ReadonlyArray<{ readonly label: string; readonly make: Make }> = [
  { label: 'relaxed Gumbel-Softmax', make: (b) => createRelaxedGumbelSoftmax(b, { tau: 0.7 }) },
  { label: 'straight-through Gumbel-Softmax', make: (b) => createStraightThroughGumbelSoftmax(b, { tau: 0.7 }) },
  { label: 'Gumbel-Rao K=5', make: (b) => createGumbelRao(b, { tau: 0.7, samples: 5 }) },
  { label: 'ReinMax', make: (b) => createReinMax(b, { tau: 1.5 }) },
  { label: 'relaxed Bernoulli', make: (b) => createRelaxedBernoulli(b, { tau: 0.7 }) },
  { label: 'straight-through Bernoulli', make: (b) => createStraightThroughBernoulli(b, { tau: 0.7 }) },
];

describe('estimatorOp: any estimator as a tfjs op', () => {
  for (const { label, make } of PATHWISE) {
    it(`${label}: value and tf.grad equal the estimator's own sample/backward from the same stream`, async () => {
      const backend = createTfjsBackend();
      const op = estimatorOp(make(backend), { seed: 77 });
      const logits = tf.tensor2d(LOGITS);
      const w = tf.tensor2d(WEIGHTS);
      for (let step = 0; step < 2; step++) {
        // The independent path: the async API, fed the stream position and step the op used.
        const stream = CounterRng.fromSeed(77);
        for (let s = 0; s < step; s++) make(backend).sampleSync(logits, { seed: stream, step: s }).dispose();
        const reference = make(backend);
        const sample = await reference.sample(logits, { seed: stream, step });
        const expected = await sample.backward(w);

        const value = op(logits);
        expect(Array.from(value.dataSync())).toEqual(Array.from(await sample.value.data()));
        // tf.grad runs the op again on its own tape: the op's step has moved on, so rewind via a fresh op.
        const fresh = estimatorOp(make(backend), { seed: 77 });
        for (let s = 0; s < step; s++) fresh(logits).dispose();
        const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fresh(x), w)))(logits);
        expect(closeTo(grad.dataSync(), expected.dLogits.dataSync(), 1e-6, 1e-7)).toEqual([]);
        expect(Array.from(grad.dataSync()).some((v) => v !== 0)).toBe(true);
        tf.dispose([value, grad, sample.value, expected.dLogits, ...(expected.dTau ? [expected.dTau] : [])]);
        sample.dispose();
      }
      tf.dispose([logits, w]);
    });
  }

  it('a [batch] τ variable gets the estimator\'s dTau; a scalar τ variable gets their sum', async () => {
    const backend = createTfjsBackend();
    const logits = tf.tensor2d(LOGITS);
    const w = tf.tensor2d(WEIGHTS);
    const reference = createRelaxedGumbelSoftmax(backend);
    const tauRows = tf.tensor1d([0.5, 0.9, 2]);
    const sample = await reference.sample(logits, { seed: CounterRng.fromSeed(3), step: 0, tau: tauRows });
    const expected = await sample.backward(w);

    const perRow = tf.variable(tf.tensor1d([0.5, 0.9, 2]));
    const op = estimatorOp(createRelaxedGumbelSoftmax(backend), { seed: 3 });
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(op(logits, { tau: perRow }), w)) as tf.Scalar, [perRow]);
    expect(closeTo(grads[perRow.name]!.dataSync(), expected.dTau!.dataSync(), 1e-5, 1e-7)).toEqual([]);

    const scalar = tf.variable(tf.scalar(0.8));
    const sample2 = await createRelaxedGumbelSoftmax(backend).sample(logits, { seed: CounterRng.fromSeed(4), step: 0, tau: tf.tensor1d([0.8, 0.8, 0.8]) });
    const expected2 = await sample2.backward(w);
    const op2 = estimatorOp(createRelaxedGumbelSoftmax(backend), { seed: 4 });
    const g2 = tf.variableGrads(() => tf.sum(tf.mul(op2(logits, { tau: scalar }), w)) as tf.Scalar, [scalar]);
    expect(g2.grads[scalar.name]!.shape).toEqual([]);
    expect(g2.grads[scalar.name]!.dataSync()[0]).toBeCloseTo(tf.sum(expected2.dTau!).dataSync()[0]!, 5);
  });

  it('REINFORCE: op.loss returns f(z) with the estimator\'s gradient wrt the logits and f\'s own wrt its variables', async () => {
    const backend = createTfjsBackend();
    const m = 4;
    const logits = tf.tensor2d(LOGITS);
    const V = tf.variable(tf.tensor2d(WEIGHTS[0]!.map((v) => [v])), true, 'V'); // [k, 1]
    const f = (z: tf.Tensor) => tf.reshape(tf.square(tf.matMul(z, V)), [-1]); // one loss per sample row

    const reference = createReinforce(backend, { samples: m, baseline: 'leave-one-out' });
    const sample = await reference.sample(logits, { seed: CounterRng.fromSeed(12), step: 0 });
    const losses = f(sample.value);
    // Objective mean over the batch·m rows: each row's weight is 1/(batch·m), so REINFORCE is fed f/batch.
    const expected = await sample.backward(tf.div(losses, LOGITS.length));
    const expectedDV = tf.grad((v: tf.Tensor) => tf.mean(tf.square(tf.matMul(sample.value, v))))(V);

    const op = estimatorOp(createReinforce(backend, { samples: m, baseline: 'leave-one-out' }), { seed: 12 });
    const logitsVar = tf.variable(logits, true, 'theta');
    let value: number[] = [];
    const { grads } = tf.variableGrads(() => {
      const l = op.loss(logitsVar, f);
      value = Array.from(l.dataSync());
      return tf.mean(l) as tf.Scalar;
    }, [logitsVar, V]);
    expect(value).toEqual(Array.from(losses.dataSync()));
    expect(closeTo(grads['theta']!.dataSync(), expected.dLogits.dataSync(), 1e-5, 1e-7)).toEqual([]);
    expect(Array.from(grads['theta']!.dataSync()).some((v) => v !== 0)).toBe(true);
    expect(closeTo(grads['V']!.dataSync(), expectedDV.dataSync(), 1e-5, 1e-7)).toEqual([]);
  });

  it('Gumbel-Rao inside model.fit (a layer around the op): the loss falls', async () => {
    const backend = createTfjsBackend();
    const op = estimatorOp(createGumbelRao(backend, { tau: 0.5, samples: 4 }), { seed: 9 });
    class EstimatorSample extends tfl.layers.Layer {
      static readonly className = 'EstimatorSampleForTest';
      override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        return kwargs.training === true ? op(x) : tf.cast(tf.oneHot(tf.argMax(x, -1), x.shape[1] as number), "float32");
      }
    }
    // Task: pick the class named by the input's one-hot; the decoder maps the sampled class back.
    const k = 4;
    const n = 64;
    const classes = Array.from({ length: n }, (_, i) => i % k);
    const xs = tf.cast(tf.oneHot(tf.tensor1d(classes, "int32"), k), "float32");
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [k], units: k, kernelInitializer: 'zeros' }),
        new EstimatorSample({}),
        tfl.layers.dense({ units: k, kernelInitializer: tfl.initializers.randomNormal({ seed: 1 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const history = await model.fit(xs, xs, { epochs: 60, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history['loss'] as number[];
    const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(last).toBeLessThan(0.5 * first);
    // The decoder alone could lower the loss; naming the class needs the encoder, which learns
    // only through the estimator's gradient (it starts at zero: every class equally likely, and
    // inference's argmax of equal logits is class 0, i.e. 25% right).
    const predicted = tf.argMax(model.predict(xs) as tf.Tensor, -1).dataSync();
    const right = classes.filter((c, i) => predicted[i] === c).length;
    expect(right / n).toBeGreaterThan(0.9);
    expect(op.step).toBe(60 * (n / 16));
  });

  it('no tensors leak: 2,000 training steps (pathwise op and REINFORCE loss) and inference calls', () => {
    const backend = createTfjsBackend();
    const pathwise = estimatorOp(createGumbelRao(backend, { samples: 3 }), { seed: 1 });
    const score = estimatorOp(createReinforce(backend, { samples: 2, baseline: 'ema' }), { seed: 2 });
    const theta = tf.variable(tf.zeros([2, 3]));
    const w = tf.tensor2d([[1, 0, -1], [0.5, 2, 0]]);
    const optimizer = tf.train.sgd(0.01);
    const step = () => {
      optimizer.minimize(() => tf.sum(tf.mul(pathwise(theta), w)) as tf.Scalar);
      optimizer.minimize(() => tf.mean(score.loss(theta, (z) => tf.sum(z, 1))) as tf.Scalar);
      pathwise(theta).dispose(); // inference, outside any tidy: the gradient never runs
    };
    for (let i = 0; i < 20; i++) step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses what it cannot do, with typed errors naming the argument', () => {
    const backend = createTfjsBackend();
    expect(() => estimatorOp({})).toThrow(/estimator/);
    expect(() => estimatorOp({})).toThrow(TypeError);
    const relaxed = estimatorOp(createRelaxedGumbelSoftmax(backend));
    expect(() => relaxed.loss(tf.zeros([1, 2]), (z) => tf.sum(z, 1))).toThrow(/score-function/);
    const reinforce = estimatorOp(createReinforce(backend));
    expect(() => reinforce(tf.zeros([1, 2]))).toThrow(/pathwise/);
    expect(() => reinforce.loss(tf.zeros([2, 3]), (z) => tf.sum(z))).toThrow(/f\(z\)/);
    expect(() => relaxed(tf.zeros([3]))).toThrow(/logits/);
    expect(() => relaxed(tf.zeros([2, 3]), { tau: -1 })).toThrow(/tau/);
  });
});
