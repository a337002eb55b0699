import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { wasmSimdAvailable } from '@gumbel/wasm-simd';
import { CounterRng, GumbelRangeError, fillUniforms, reserveFrom } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';
import '../testing/support.js';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { gumbelSoftmax } from '../ops/gumbel-softmax.js';
import { relaxedBernoulli } from '../ops/relaxed-bernoulli.js';
import { opsHostNoise } from './host-noise.js';
import type { HostNoisePath } from './host-noise.js';

// Reference: core's fillUniforms (plain JS Threefry), and the transforms in float64 on those exact
// uniforms. [300, 250] = 75,000 elements crosses the wasm kernels' 2^16-element chunk boundary.
const SHAPE = [300, 250];
const SIZE = 75_000;
const PATHS: HostNoisePath[] = wasmSimdAvailable() ? ['wasm-simd', 'js'] : ['js'];

function coreUniforms(source: RandomSource, size: number): Float32Array {
  const data = new Float32Array(size);
  fillUniforms(data, reserveFrom(source, size));
  return data;
}

/** Indices where a and b differ as float32 bit patterns (first few). */
function bitDiffs(a: Float32Array, b: Float32Array): number[] {
  const out: number[] = [];
  if (a.length !== b.length) return [-1];
  const ia = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ia.length && out.length < 5; i++) if (ia[i] !== ib[i]) out.push(i);
  return out;
}

/** Largest |x − ref| / max(1, |ref|). */
function maxScaledError(x: Float32Array, ref: (i: number) => number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const r = ref(i);
    worst = Math.max(worst, Math.abs((x[i] as number) - r) / Math.max(1, Math.abs(r)));
  }
  return worst;
}

afterAll(() => tf.setBackend('cpu'));

describe.each(['cpu', 'wasm'])('host noise on tfjs %s', (tfBackend) => {
  it.each(PATHS)('%s: seeded uniforms are core fillUniforms bit for bit (seed, CounterRng offsets, rank 0; empty refused)', async (path) => {
    expect(await tf.setBackend(tfBackend)).toBe(true);
    const backend = createTfjsBackend({ hostNoise: path });
    expect(backend.hostNoise).toBe(path);
    for (const seed of [0, 42, 2 ** 53 - 1]) {
      const u = backend.uniformNoise(SHAPE, seed);
      expect(u.shape).toEqual(SHAPE);
      expect(bitDiffs(u.dataSync() as Float32Array, coreUniforms(seed, SIZE))).toEqual([]);
      u.dispose();
    }
    // A CounterRng advances by each tensor's size; the second draw starts at offset 7.
    const rng = CounterRng.fromSeed(9);
    const replay = CounterRng.fromSeed(9);
    const a = backend.uniformNoise([7], rng);
    const b = backend.uniformNoise(SHAPE, rng);
    expect(bitDiffs(a.dataSync() as Float32Array, coreUniforms(replay, 7))).toEqual([]);
    expect(bitDiffs(b.dataSync() as Float32Array, coreUniforms(replay, SIZE))).toEqual([]);
    const scalar = backend.uniformNoise([], 3);
    expect(scalar.shape).toEqual([]);
    expect(bitDiffs(scalar.dataSync() as Float32Array, coreUniforms(3, 1))).toEqual([]);
    // A dimension of size 0 is refused, as on every backend (core's validateShape).
    expect(() => backend.uniformNoise([0, 4], 3)).toThrow(GumbelRangeError);
    tf.dispose([a, b, scalar]);
  });

  it.each(PATHS)('%s: Gumbel and logistic noise are the float64 transforms of those uniforms', async (path) => {
    expect(await tf.setBackend(tfBackend)).toBe(true);
    const backend = createTfjsBackend({ hostNoise: path });
    const u = coreUniforms(17, SIZE);
    const g = backend.gumbelNoise(SHAPE, 17);
    const l = backend.logisticNoise(SHAPE, 17);
    // wasm-simd: the documented bound of the CPU backend's fast log, 2^-20·max(1, |x|) (checked
    // there over every float32 uniform). js: tf's float32 ops, a handful of roundings of ≤ 2^-24
    // relative each on a result scaled by max(1, |x|): 2^-21 (measured here: 2^-23.3).
    const bound = path === 'wasm-simd' ? 2 ** -20 : 2 ** -21;
    const gErr = maxScaledError(g.dataSync() as Float32Array, (i) => -Math.log(-Math.log(u[i] as number)));
    const lErr = maxScaledError(l.dataSync() as Float32Array, (i) => Math.log(u[i] as number) - Math.log1p(-(u[i] as number)));
    expect(gErr).toBeLessThanOrEqual(bound);
    expect(lErr).toBeLessThanOrEqual(bound);
    tf.dispose([g, l]);
  });

  it('a tensor handed out is not rewritten by the next draw (no shared upload buffer)', async () => {
    expect(await tf.setBackend(tfBackend)).toBe(true);
    const backend = createTfjsBackend();
    const first = backend.gumbelNoise(SHAPE, 1);
    const before = Float32Array.from(first.dataSync());
    const second = backend.gumbelNoise(SHAPE, 2);
    const third = backend.uniformNoise(SHAPE, 3);
    expect(bitDiffs(first.dataSync() as Float32Array, before)).toEqual([]);
    expect(bitDiffs(second.dataSync() as Float32Array, before).length).toBeGreaterThan(0);
    tf.dispose([first, second, third]);
  });

  it('the ops draw their seeded noise from the same generator as the backend', async () => {
    expect(await tf.setBackend(tfBackend)).toBe(true);
    const backend = createTfjsBackend({ hostNoise: opsHostNoise() });
    const logits = tf.randomNormal([64, 10], 0, 1, 'float32', 4);
    const seeded = gumbelSoftmax(logits, { tau: 0.7, seed: 11 });
    const g = backend.gumbelNoise([64, 10], 11);
    const given = gumbelSoftmax(logits, { tau: 0.7, noise: g });
    expect(bitDiffs(seeded.dataSync() as Float32Array, given.dataSync() as Float32Array)).toEqual([]);
    const bSeeded = relaxedBernoulli(logits, { tau: 0.7, seed: 12 });
    const n = backend.logisticNoise([64, 10], 12);
    const bGiven = relaxedBernoulli(logits, { tau: 0.7, noise: n });
    expect(bitDiffs(bSeeded.dataSync() as Float32Array, bGiven.dataSync() as Float32Array)).toEqual([]);
    tf.dispose([logits, seeded, g, given, bSeeded, n, bGiven]);
  });
});

it('hostNoise: auto reports the generator it picked; a bad value is a typed error naming it', () => {
  expect(createTfjsBackend().hostNoise).toBe(wasmSimdAvailable() ? 'wasm-simd' : 'js');
  expect(opsHostNoise()).toBe(wasmSimdAvailable() ? 'wasm-simd' : 'js');
  expect(createTfjsBackend({ hostNoise: 'js' }).hostNoise).toBe('js');
  expect(() => createTfjsBackend({ hostNoise: 'gpu' as 'js' })).toThrow(GumbelRangeError);
  expect(() => createTfjsBackend({ hostNoise: 'gpu' as 'js' })).toThrow(/options\.hostNoise/);
});
