import { CounterRng, GumbelTypeError, fillUniforms } from '@gumbel/core';
import { GPU, WebAssemblyKernel } from 'gpu.js';
import { seededNoiseSource } from './elementwise-sources.js';
import { THREEFRY_JS } from './threefry-sources.js';
import { afterAll, describe, expect, it } from 'vitest';
import { GpujsModeError, createGpujsBackend } from './index.js';

describe('mode reporting: no silent fallback', () => {
  it('in Node (no GL context) GPU.js offers no GL mode; asking for the GPU throws GpujsModeError', () => {
    // What GPU.js itself picks here when asked for nothing: its WebAssembly kernel, not a GPU.
    const plain = new GPU();
    expect((plain as unknown as { mode: string }).mode).toBe('webasm');
    void plain.destroy();
    expect(() => createGpujsBackend()).toThrow(GpujsModeError);
    expect(() => createGpujsBackend({ mode: 'webgl2' })).toThrow(/asked for mode 'webgl2'/);
  });

  it("GPU.js's webasm mode runs kernels but miscomputes the 32-bit Threefry hash: why the backend refuses webasm", async () => {
    const gpu = new GPU({ mode: 'webasm' });
    gpu.addFunction(THREEFRY_JS as unknown as () => number);
    const kernel = gpu.createKernel(seededNoiseSource('uniform') as unknown as () => number, { output: [4], pipeline: true });
    const onWasm = Array.from((kernel as unknown as (...a: number[]) => Float32Array)(42, 0, 0, 0, 0, 0, 0, 0));
    const reference = new Float32Array(4);
    fillUniforms(reference, CounterRng.fromSeed(42).reserve(4));
    expect((kernel as unknown as { kernel: unknown }).kernel).toBeInstanceOf(WebAssemblyKernel);
    expect(onWasm).not.toEqual(Array.from(reference));
    await gpu.destroy();
  });

  it('allowCpuFallback runs on the cpu mode and says so (mode, fellBackToCpu)', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const backend = createGpujsBackend({ mode: 'gpu', allowCpuFallback: true });
      expect(backend.mode).toBe('cpu');
      expect(backend.fellBackToCpu).toBe(true);
      expect(backend.requestedMode).toBe('gpu');
      expect(warnings.length).toBe(1);
      await backend.destroy();
    } finally {
      console.warn = warn;
    }
  });

  it('an explicit cpu request is not a fallback', async () => {
    const backend = createGpujsBackend({ mode: 'cpu' });
    expect([backend.mode, backend.fellBackToCpu, backend.supports.seededNoise]).toEqual(['cpu', false, true]);
    await backend.destroy();
  });

  it('bad options are typed errors naming the option', () => {
    expect(() => createGpujsBackend({ mode: 'webasm' as never })).toThrow(/options\.mode/);
    expect(() => createGpujsBackend({ allowCpuFallback: 'yes' as never })).toThrow(/options\.allowCpuFallback/);
  });
});

describe('dispose: no growth over 10,000 calls', () => {
  const backend = createGpujsBackend({ mode: 'cpu' });
  afterAll(() => backend.destroy());

  it('relaxed sample + VJP with device noise, disposed each step: live tensors and kernels stay flat', async () => {
    const logits = backend.fromArray(Array.from({ length: 2 * 3 }, (_, i) => i / 3), [2, 3]);
    const dy = backend.fromArray([1, -1, 0.5, 0, 2, -2], [2, 3]);
    const baseline = backend.liveTensors;
    let kernelsAfterFirst = -1;
    for (let step = 0; step < 10_000; step++) {
      const noise = backend.gumbelNoise([2, 3], step);
      const y = backend.relaxedSample({ logits, tau: 0.7, noise });
      const { dLogits, dTau } = backend.relaxedSampleVjp({ logits, tau: 0.7, noise, y, dy });
      backend.dispose(noise, y, dLogits, dTau);
      if (step === 0) kernelsAfterFirst = backend.compiledKernels;
    }
    expect(backend.liveTensors).toBe(baseline);
    expect(backend.compiledKernels).toBe(kernelsAfterFirst);
    const last = backend.relaxedSample({ logits, tau: 0.7 });
    expect((await backend.toArray(last)).length).toBe(6); // still usable
    backend.dispose(last, last); // twice is harmless
    expect(backend.liveTensors).toBe(baseline);
  });

  it('a disposed tensor is rejected by name, and tensors of another backend are rejected', async () => {
    const other = createGpujsBackend({ mode: 'cpu' });
    const t = backend.fromArray([1, 2], [1, 2]);
    backend.dispose(t);
    expect(() => backend.relaxedSample({ logits: t, tau: 1 })).toThrow(GumbelTypeError);
    expect(() => backend.relaxedSample({ logits: t, tau: 1 })).toThrow(/logits must be a GpujsTensor made by this backend that has not been disposed/);
    expect(() => backend.relaxedSample({ logits: other.fromArray([1, 2], [1, 2]), tau: 1 })).toThrow(/logits must be a GpujsTensor made by this backend/);
    await other.destroy();
  });
});

describe('toDevice', () => {
  it('copies values (the copy is a new tensor; disposing one leaves the other)', async () => {
    const backend = createGpujsBackend({ mode: 'cpu' });
    const t = backend.fromArray([1.5, -Infinity, 3, 4], [2, 2]);
    const d = backend.toDevice(t);
    backend.dispose(t);
    expect(Array.from(await backend.toArray(d))).toEqual([1.5, -Infinity, 3, 4]);
    expect(backend.shapeOf(d)).toEqual([2, 2]);
    backend.dispose(d);
    expect(backend.liveTensors).toBe(0);
    await backend.destroy();
  });
});

describe('size limit', () => {
  it('noise tensors above 2^24 elements are a typed error, and the stream does not advance', async () => {
    const backend = createGpujsBackend({ mode: 'cpu' });
    const rng = CounterRng.fromSeed(5);
    expect(() => backend.gumbelNoise([4097, 4096], rng)).toThrow(/at most 16777216 elements/);
    expect(rng.getState().position).toBe(0);
    await backend.destroy();
  });
});
