/**
 * The conformance suite on GPU.js's headlessgl mode: headless-gl (the npm package `gl`, built from
 * source) under Xvfb, WebGL1 through Mesa's software rasteriser. Run by ../headlessgl.test.ts in a
 * child vitest; not part of the root run, because it needs a display and the native build.
 *
 * headless-gl is WebGL1 (GLSL ES 1.00, no unsigned integers): `seededNoise` and
 * `conditionalGumbel` are false and the suite's cases that need them are skipped by capability;
 * every other case (topK included) must pass.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { describeBackend } from '@gumbel/conformance';
import { CounterRng, UnsupportedOperationError } from '@gumbel/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from '../index.js';
import { countHeadlessGlTextures } from './texture-counter.js';

if (!process.env['DISPLAY']) throw new Error('headlessgl suite: DISPLAY is not set; run it through packages/backend-gpujs/src/headlessgl.test.ts (xvfb-run)');

const textures = countHeadlessGlTextures();

describe('headless-gl backend', () => {
  const backend = createGpujsBackend({ mode: 'headlessgl' });
  afterAll(() => backend.destroy());

  it('runs on mode headlessgl (no fallback) with WebGL1 capabilities', async () => {
    expect(backend.mode).toBe('headlessgl');
    expect(backend.fellBackToCpu).toBe(false);
    expect(backend.supports.seededNoise).toBe(false);
    expect(() => backend.gumbelNoise([2, 3], 1)).toThrow(UnsupportedOperationError);
    expect(backend.supports.conditionalGumbel).toBe(false);
    expect(backend.supports.topK).toBe(true);
    const l = backend.fromArray([0, 1, 2], [1, 3]);
    const index = backend.fromArray([2], [1]);
    expect(() => backend.conditionalGumbelNoise(l, index, 1)).toThrow(UnsupportedOperationError);
    backend.dispose(l, index);
    // A kernel really runs on the GL kernel class (the backend throws after a run on any other).
    const logits = backend.fromArray([0, Math.log(3), -Infinity], [1, 3]);
    const noise = backend.fromArray([0, 0, 0], [1, 3]);
    const y = backend.relaxedSample({ logits, tau: 1, noise });
    const values = Array.from(await backend.toArray(y));
    expect(values[0]).toBeCloseTo(0.25, 6); // softmax([0, ln 3]) = [1/4, 3/4]
    expect(values[1]).toBeCloseTo(0.75, 6);
    expect(values[2]).toBe(0);
    backend.dispose(logits, noise, y);
  });

  it('long rows (k = 300, the two-stage logsumexp in GLSL ES 1.00) match the CPU backend', async () => {
    const [batch, k] = [4, 300];
    const rng = CounterRng.fromSeed(300);
    const logits = Array.from({ length: batch * k }, (_, i) => (Math.floor(i / k) === 1 && i % 3 === 0 ? -Infinity : 6 * rng.next() - 3));
    const noise = Array.from({ length: batch * k }, () => -Math.log(-Math.log(rng.next())));
    const cpu = createCpuBackend({ precision: 32 });
    const args = { logits: backend.fromArray(logits, [batch, k]), noise: backend.fromArray(noise, [batch, k]), tau: 0.5 };
    const y = backend.relaxedSample(args);
    const ours = await backend.toArray(y);
    const reference = await cpu.toArray(cpu.relaxedSample({ logits: cpu.fromArray(logits, [batch, k]), noise: cpu.fromArray(noise, [batch, k]), tau: 0.5 }));
    // float32 logits/τ up to |30|/0.5: a few ulps of the row statistics, as in long-rows.test.ts.
    for (let i = 0; i < batch * k; i++) expect(Math.abs((ours[i] as number) - (reference[i] as number)), `y[${i}]`).toBeLessThan(1e-5);
    for (let i = k; i < 2 * k; i += 3) expect(ours[i]).toBe(0);
    backend.dispose(args.logits, args.noise, y);
  });

  it('no growth of GL textures, tensors or compiled kernels over 1000 relaxed sample + VJP steps', () => {
    const [batch, k] = [64, 10];
    const device = (values: (i: number) => number) => {
      const host = backend.fromArray(Array.from({ length: batch * k }, (_, i) => values(i)), [batch, k]);
      const onDevice = backend.toDevice(host);
      backend.dispose(host);
      return onDevice;
    };
    const logits = device(Math.sin);
    const dy = device(Math.cos);
    const uniforms = device((i) => (i + 0.5) / (batch * k));
    const step = () => {
      const noise = backend.gumbelFromUniforms(uniforms);
      const y = backend.relaxedSample({ logits, tau: 0.5, noise });
      const { dLogits, dTau } = backend.relaxedSampleVjp({ logits, tau: 0.5, noise, y, dy });
      backend.dispose(noise, y, dLogits, dTau);
    };
    step(); // compiles every kernel once
    const snapshot = () => ({ textures: textures.live(), tensors: backend.liveTensors, kernels: backend.compiledKernels });
    const before = snapshot();
    expect(before.textures).toBeGreaterThan(0); // the counter sees the backend's textures
    for (let i = 0; i < 1000; i++) step();
    expect(snapshot()).toEqual(before);
    backend.dispose(logits, dy, uniforms);
    expect(backend.liveTensors).toBe(before.tensors - 3);
  });
});

describeBackend({ name: 'gpujs headlessgl mode', create: () => createGpujsBackend({ mode: 'headlessgl' }) });
