import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { exponentialDecaySchedule, GumbelRangeError } from '@gumbel/core';
import { closeTo, useCpuBackend } from '../testing/support.js';
import { GumbelSoftmax, temperatureSchedule } from './index.js';

beforeAll(useCpuBackend);

/** 256 points in 8-d, labelled by the argmax of a fixed linear teacher over 4 classes. */
function teacherData(): { x: tf.Tensor2D; labels: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([256, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
    const w = tf.randomNormal([8, 4], 0, 1, 'float32', 4);
    const labels = tf.cast(tf.oneHot(tf.argMax(tf.matMul(x, w), -1), 4), 'float32') as tf.Tensor2D;
    return { x, labels };
  });
}

function model(layer: GumbelSoftmax): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 4, inputShape: [8], kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }));
  m.add(layer);
  return m;
}

/** Save a model's topology and weights in memory (what `tf.io.fromMemory` loads back). */
async function saveToMemory(m: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts === undefined) throw new Error('the save handler was not called');
  return artifacts;
}

describe('GumbelSoftmax layer', () => {
  it('dense → GumbelSoftmax → loss trains with model.fit and its loss falls', async () => {
    const { x, labels } = teacherData();
    const m = model(new GumbelSoftmax({ tau: 1, seed: 1 }));
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const history = await m.fit(x, labels, { epochs: 40, batchSize: 64, verbose: 0 });
    const loss = history.history['loss'] as number[];
    // The noisy relaxed sample is pulled towards the teacher's one-hot; averaging 5 epochs
    // (20 batches) each makes the comparison robust to the noise of single batches.
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(loss.slice(-5))).toBeLessThan(0.6 * mean(loss.slice(0, 5)));
    // and predict (hard inference) agrees with the teacher on most points
    const predicted = m.predict(x) as tf.Tensor;
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(predicted, -1), tf.argMax(labels, -1)), 'float32')).dataSync()[0]!;
    expect(accuracy).toBeGreaterThan(0.8);
  });

  it('training draws noise; inference is deterministic: hard = one-hot argmax, soft = softmax(logits/τ)', () => {
    const logits = tf.tensor([[0.5, 2, -1], [3, 0, 1]]);
    const hard = new GumbelSoftmax({ tau: 0.5 });
    const soft = new GumbelSoftmax({ tau: 0.5, inference: 'soft' });
    expect(Array.from((hard.apply(logits) as tf.Tensor).dataSync())).toEqual([0, 1, 0, 1, 0, 0]);
    const expected = [[0.5, 2, -1], [3, 0, 1]].flatMap((row) => {
      const e = row.map((v) => Math.exp(v / 0.5));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    expect(closeTo((soft.apply(logits) as tf.Tensor).dataSync(), expected, 1e-6, 1e-7)).toEqual([]);
    const a = (soft.apply(logits, { training: true }) as tf.Tensor).dataSync();
    const b = (soft.apply(logits, { training: true }) as tf.Tensor).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(expected.map(Math.fround));
  });

  it('saves and loads: class registered, config and τ weight restored, same predictions', async () => {
    const layer = new GumbelSoftmax({ tau: 0.8, hard: true, inference: 'soft', seed: 9 });
    const m = model(layer);
    layer.setTemperature(0.37);
    const artifacts = await saveToMemory(m);
    expect(JSON.stringify(artifacts.modelTopology)).toContain('GumbelSoftmax');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const restored = loaded.layers[1];
    expect(restored).toBeInstanceOf(GumbelSoftmax);
    const g = restored as GumbelSoftmax;
    expect([g.hard, g.inference, g.seed]).toEqual([true, 'soft', 9]);
    expect(g.temperature).toBeCloseTo(0.37, 6);
    const x = tf.randomNormal([5, 8], 0, 1, 'float32', 8);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(x) as tf.Tensor).dataSync()));
  });

  it('temperatureSchedule anneals τ during fit, one step per batch', async () => {
    const { x, labels } = teacherData();
    const layer = new GumbelSoftmax({ tau: 1 });
    const m = model(layer);
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const schedule = exponentialDecaySchedule({ initial: 1, rate: 0.1, min: 0.5 });
    const seen: number[] = [];
    await m.fit(x, labels, {
      epochs: 2,
      batchSize: 64,
      verbose: 0,
      callbacks: [temperatureSchedule(layer, schedule), new tfl.CustomCallback({ onBatchEnd: () => void seen.push(layer.temperature) })],
    });
    // 2 epochs × 4 batches; the callback sets τ(step) before batch `step`.
    expect(seen.map((t) => Number(t.toFixed(5)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((s) => Number(Math.fround(Math.max(0.5, Math.exp(-0.1 * s))).toFixed(5))));
  });

  it('the schedule step is saved with the model: a reloaded model continues its annealing', async () => {
    const { x, labels } = teacherData();
    const schedule = exponentialDecaySchedule({ initial: 1, rate: 0.1, min: 0.3 });
    const layer = new GumbelSoftmax({ tau: 1 });
    const m = model(layer);
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await m.fit(x, labels, { epochs: 1, batchSize: 64, verbose: 0, callbacks: [temperatureSchedule(layer, schedule)] });
    expect(layer.scheduleStep).toBe(4);
    const artifacts = await saveToMemory(m);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const g = loaded.layers[1] as GumbelSoftmax;
    expect(g.scheduleStep).toBe(4);
    loaded.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const seen: number[] = [];
    await loaded.fit(x, labels, {
      epochs: 1,
      batchSize: 64,
      verbose: 0,
      callbacks: [temperatureSchedule(g, schedule), new tfl.CustomCallback({ onBatchEnd: () => void seen.push(g.temperature) })],
    });
    // Steps 4..7 after the reload, not 0..3 again.
    expect(seen.map((t) => Number(t.toFixed(5)))).toEqual([4, 5, 6, 7].map((s) => Number(Math.fround(Math.max(0.3, Math.exp(-0.1 * s))).toFixed(5))));
    expect(g.scheduleStep).toBe(8);
    expect(() => g.setScheduleStep(-1)).toThrow(GumbelRangeError);
  });

  it('with a seed, a saved and reloaded model continues the noise stream where the original is', async () => {
    const layer = new GumbelSoftmax({ tau: 0.7, seed: 21 });
    const m = model(layer);
    const x = tf.randomNormal([6, 8], 0, 1, 'float32', 2);
    const train = (mm: tfl.LayersModel) => Array.from((mm.apply(x, { training: true }) as tf.Tensor).dataSync());
    const first = train(m);
    train(m);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(await saveToMemory(m)));
    expect((loaded.layers[1] as GumbelSoftmax).getConfig()['streamPosition']).toBe(2 * 6 * 4);
    // The next draw of both is the same; neither repeats the first one.
    const next = train(m);
    expect(train(loaded)).toEqual(next);
    expect(next).not.toEqual(first);
    expect(() => new GumbelSoftmax({ streamPosition: 3 })).toThrow(/streamPosition/);
    expect(() => new GumbelSoftmax({ seed: 1, streamPosition: -1 })).toThrow(GumbelRangeError);
  });

  it('bad config: typed errors', () => {
    expect(() => new GumbelSoftmax({ tau: 0 })).toThrow(GumbelRangeError);
    expect(() => new GumbelSoftmax({ inference: 'argmax' as 'hard' })).toThrow(/inference/);
    expect(() => new GumbelSoftmax({ seed: -1 })).toThrow(/seed/);
    expect(() => new GumbelSoftmax().setTemperature(Number.NaN)).toThrow(/tau/);
  });
});
