/** Bad input is rejected on the host with core's typed errors, naming the argument. */
import { describe, expect, it } from 'vitest';
import { CounterRng, GumbelRangeError, GumbelTypeError, UnsupportedOperationError } from '@gumbel/core';
import { createCpuBackend, wasmSimdAvailable } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
const logits = cpu.fromArray([0, 1, 2, 3, 4, 5], [2, 3]);

function throwsNamed(f: () => unknown, type: typeof GumbelRangeError | typeof GumbelTypeError, argument: string, text?: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as GumbelRangeError).argument).toBe(argument);
  if (text) expect((caught as Error).message).toMatch(text);
}

describe('createCpuBackend options', () => {
  it('defaults to float32 and reports what it is', () => {
    const b = createCpuBackend();
    expect(b.floatPrecision).toBe(32);
    expect(b.name).toBe('cpu');
    expect(b.mode).toBe(wasmSimdAvailable() ? 'wasm-simd' : 'js');
    expect(Object.values(b.supports).every((v) => v === true)).toBe(true);
    expect(b.fromArray([1], [1]).data).toBeInstanceOf(Float32Array);
    expect(createCpuBackend({ precision: 64 }).fromArray([1], [1]).data).toBeInstanceOf(Float64Array);
  });
  it('rejects an unknown precision', () => {
    throwsNamed(() => createCpuBackend({ precision: 16 as 32 }), GumbelRangeError, 'options.precision');
  });
  it('path: js on request; wasm-simd only for float32 and never silently; float64 auto is js', () => {
    expect(createCpuBackend({ precision: 32, path: 'js' }).mode).toBe('js');
    expect(createCpuBackend({ precision: 64 }).mode).toBe('js');
    expect(createCpuBackend({ precision: 64, path: 'auto' }).mode).toBe('js');
    expect(() => createCpuBackend({ precision: 64, path: 'wasm-simd' })).toThrow(UnsupportedOperationError);
    throwsNamed(() => createCpuBackend({ path: 'gpu' as 'js' }), GumbelRangeError, 'options.path');
  });
});

describe('tensors', () => {
  it('fromArray checks the length against the shape and shows both', () => {
    throwsNamed(() => cpu.fromArray([1, 2, 3], [2, 2]), GumbelTypeError, 'values', /length 4.*\[2, 2\].*length 3/);
  });
  it('shapes are positive integers; [] is a scalar', () => {
    throwsNamed(() => cpu.fromArray([], [0]), GumbelRangeError, 'shape[0]');
    throwsNamed(() => cpu.fromArray([1, 2], [1.5]), GumbelRangeError, 'shape[0]');
    throwsNamed(() => cpu.fromArray([1], 'x' as unknown as number[]), GumbelTypeError, 'shape');
    expect(cpu.shapeOf(cpu.fromArray([7], []))).toEqual([]);
  });
  it('values must be numbers', () => {
    throwsNamed(() => cpu.fromArray(['a'] as unknown as number[], [1]), GumbelTypeError, 'values[0]');
  });
  it('toArray returns a copy, dispose is a harmless no-op', async () => {
    const x = cpu.fromArray([1, 2], [2]);
    const a = await cpu.toArray(x);
    a[0] = 99;
    expect(Array.from(await cpu.toArray(x))).toEqual([1, 2]);
    cpu.dispose(x, x);
    expect(Array.from(await cpu.toArray(x))).toEqual([1, 2]);
    await expect(cpu.toArray({ data: [1], shape: [1] } as never)).rejects.toBeInstanceOf(GumbelTypeError);
  });
});

describe('kernel arguments', () => {
  it('τ as a number must be finite and > 0', () => {
    for (const tau of [0, -1, NaN, Infinity]) throwsNamed(() => cpu.relaxedSample({ logits, tau }), GumbelRangeError, 'tau');
    throwsNamed(() => cpu.relaxedSample({ logits, tau: '1' as unknown as number }), GumbelTypeError, 'tau');
  });
  it('τ as a tensor must be [batch] with entries finite and > 0', () => {
    throwsNamed(() => cpu.relaxedSample({ logits, tau: cpu.fromArray([1, 1, 1], [3]) }), GumbelTypeError, 'tau', /\[2\].*\[3\]/);
    throwsNamed(() => cpu.relaxedSample({ logits, tau: cpu.fromArray([1, 1], [1, 2]) }), GumbelTypeError, 'tau');
    throwsNamed(() => cpu.relaxedSample({ logits, tau: cpu.fromArray([1, 0], [2]) }), GumbelRangeError, 'tau[1]');
    throwsNamed(() => cpu.relaxedBernoulli({ logits, tau: cpu.fromArray([NaN, 1], [2]) }), GumbelRangeError, 'tau[0]');
    throwsNamed(() => cpu.concreteLogProb({ logits, y: logits, tau: cpu.fromArray([1, Infinity], [2]) }), GumbelRangeError, 'tau[1]');
  });
  it('logits: NaN and +∞ rejected, all-masked rows rejected, −∞ allowed', () => {
    throwsNamed(() => cpu.relaxedLogSample({ logits: cpu.fromArray([0, NaN], [1, 2]), tau: 1 }), GumbelRangeError, 'logits[1]');
    throwsNamed(() => cpu.relaxedLogSample({ logits: cpu.fromArray([Infinity, 0], [1, 2]), tau: 1 }), GumbelRangeError, 'logits[0]');
    throwsNamed(() => cpu.topK({ logits: cpu.fromArray([0, 1, -Infinity, -Infinity], [2, 2]), count: 1 }), GumbelRangeError, 'logits row 1');
    expect(() => cpu.relaxedLogSample({ logits: cpu.fromArray([0, -Infinity], [1, 2]), tau: 1 })).not.toThrow();
    throwsNamed(() => cpu.relaxedBernoulli({ logits: cpu.fromArray([NaN], [1]), tau: 1 }), GumbelRangeError, 'logits[0]');
  });
  it('categorical kernels need [batch, k] tensors', () => {
    throwsNamed(() => cpu.relaxedSample({ logits: cpu.fromArray([0, 1], [2]), tau: 1 }), GumbelTypeError, 'logits', /\[batch, k\]/);
    throwsNamed(() => cpu.relaxedSample({ logits: [0, 1] as never, tau: 1 }), GumbelTypeError, 'logits');
    throwsNamed(() => cpu.argmax(cpu.fromArray([0, 1], [2])), GumbelTypeError, 'x');
  });
  it('shape mismatches name the argument and show both shapes', () => {
    const wrong = cpu.fromArray([0, 0, 0, 0], [2, 2]);
    throwsNamed(() => cpu.relaxedSample({ logits, tau: 1, noise: wrong }), GumbelTypeError, 'noise', /\[2, 3\].*\[2, 2\]/);
    const ok = cpu.relaxedSample({ logits, tau: 1 });
    throwsNamed(() => cpu.relaxedSampleVjp({ logits, tau: 1, y: wrong, dy: ok }), GumbelTypeError, 'y');
    throwsNamed(() => cpu.relaxedSampleVjp({ logits, tau: 1, y: ok, dy: wrong }), GumbelTypeError, 'dy');
    throwsNamed(() => cpu.relaxedLogSampleVjp({ logits, tau: 1, logY: ok, dLogY: wrong }), GumbelTypeError, 'dLogY');
    throwsNamed(() => cpu.relaxedBernoulliVjp({ logits, tau: 1, y: ok, dy: wrong }), GumbelTypeError, 'dy');
    throwsNamed(() => cpu.concreteLogProb({ logits, tau: 1, y: wrong }), GumbelTypeError, 'y');
    throwsNamed(() => cpu.expConcreteLogProb({ logits, tau: 1, x: wrong }), GumbelTypeError, 'x');
    throwsNamed(() => cpu.concreteLogProbVjp({ logits, tau: 1, y: ok, dOut: wrong }), GumbelTypeError, 'dOut');
    throwsNamed(() => cpu.binConcreteLogProbVjp({ logits, tau: 1, y: ok, dOut: wrong }), GumbelTypeError, 'dOut');
    throwsNamed(() => cpu.hardBernoulli({ logits, noise: wrong }), GumbelTypeError, 'noise');
    throwsNamed(() => cpu.topK({ logits, noise: wrong, count: 1 }), GumbelTypeError, 'noise');
  });
  it('topK count is an integer in [1, k]', () => {
    for (const count of [0, 4, 1.5, NaN]) throwsNamed(() => cpu.topK({ logits, count }), GumbelRangeError, 'count');
    throwsNamed(() => cpu.topK({ logits, count: '2' as unknown as number }), GumbelTypeError, 'count');
  });
  it('argmax rejects NaN', () => {
    throwsNamed(() => cpu.argmax(cpu.fromArray([0, NaN], [1, 2])), GumbelRangeError, 'x[1]');
  });
  it('seeds are integers in [0, 2^53 − 1]; a rejected call does not advance a stream', () => {
    for (const seed of [-1, 0.5, 2 ** 53, NaN]) throwsNamed(() => cpu.gumbelNoise([2, 2], seed), GumbelRangeError, 'seed');
    throwsNamed(() => cpu.uniformNoise([2], 'x' as unknown as number), GumbelTypeError, 'seed');
    const rng = CounterRng.fromSeed(3);
    throwsNamed(() => cpu.gumbelNoise([2, 0], rng), GumbelRangeError, 'shape[1]');
    expect(rng.position).toBe(0);
    throwsNamed(() => cpu.conditionalGumbelNoise(logits, cpu.fromArray([0, 3], [2]), rng), GumbelRangeError, 'index[1]');
    expect(rng.position).toBe(0);
  });
  it('host uniforms must lie in (0, 1)', () => {
    for (const u of [0, 1, -0.5, NaN]) throwsNamed(() => cpu.gumbelFromUniforms(cpu.fromArray([0.5, u], [2])), GumbelRangeError, 'uniforms[1]');
    throwsNamed(() => cpu.logisticFromUniforms(cpu.fromArray([1], [1])), GumbelRangeError, 'uniforms[0]');
  });
  it('conditional Gumbel: index must be [batch] integers of unmasked classes', () => {
    const masked = cpu.fromArray([0, -Infinity, 1, 2], [2, 2]);
    throwsNamed(() => cpu.conditionalGumbelNoise(masked, cpu.fromArray([1, 0], [2]), 1), GumbelRangeError, 'index[0]', /unmasked/);
    throwsNamed(() => cpu.conditionalGumbelNoise(masked, cpu.fromArray([0], [1]), 1), GumbelTypeError, 'index');
    throwsNamed(() => cpu.conditionalGumbelNoise(masked, cpu.fromArray([0, 0.5], [2]), 1), GumbelRangeError, 'index[1]');
  });
  it('arguments must be objects', () => {
    throwsNamed(() => cpu.relaxedSample(null as never), GumbelTypeError, 'args');
  });
});
