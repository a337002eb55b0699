import { CounterRng, fillUniforms } from '@gumbel/core';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from './index.js';

const backend = createGpujsBackend({ mode: 'cpu' });
afterAll(() => backend.destroy());

/** core's float32 stream at positions offset … offset + n − 1 (the reference the device must hit). */
function coreUniforms(seedOrRng: CounterRng, n: number): Float32Array {
  const out = new Float32Array(n);
  fillUniforms(out, seedOrRng.reserve(n));
  return out;
}

describe('device Threefry noise (cpu mode)', () => {
  it('uniformNoise equals core fillUniforms bit for bit, for seeds 0, 42 and 2^53 − 1, 1-D and 2-D', async () => {
    for (const seed of [0, 42, Number.MAX_SAFE_INTEGER]) {
      for (const shape of [[37], [5, 9], [2, 3, 4]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const t = backend.uniformNoise(shape, seed);
        expect(Array.from(await backend.toArray(t)), `seed ${seed}, shape ${shape.join('x')}`).toEqual(Array.from(coreUniforms(CounterRng.fromSeed(seed), n)));
        backend.dispose(t);
      }
    }
  });

  it('a CounterRng advances: consecutive tensors are consecutive blocks, across a 2^32 counter carry', async () => {
    // Start 3 positions below 2^32 so the block crosses into the second counter word.
    const state = { key: [0x12345678, 0x9abcdef0] as [number, number], position: 2 ** 32 - 3, splits: 0 };
    const rng = CounterRng.fromState(state);
    const ref = CounterRng.fromState(state);
    const a = backend.uniformNoise([2, 4], rng);
    const b = backend.uniformNoise([6], rng);
    expect(Array.from(await backend.toArray(a))).toEqual(Array.from(coreUniforms(ref, 8)));
    expect(Array.from(await backend.toArray(b))).toEqual(Array.from(coreUniforms(ref, 6)));
    backend.dispose(a, b);
  });

  it('gumbelNoise = −log(−log u) and logisticNoise = log u − log(1 − u) of core\'s uniforms (float32 tolerance)', async () => {
    const u = coreUniforms(CounterRng.fromSeed(7), 64 * 16);
    const g = await backend.toArray(backend.gumbelNoise([64, 16], 7));
    const l = await backend.toArray(backend.logisticNoise([64, 16], 7));
    for (let i = 0; i < u.length; i++) {
      const ui = u[i] as number;
      const gRef = -Math.log(-Math.log(ui));
      const lRef = Math.log(ui) - Math.log1p(-ui);
      // float32 storage: half an ulp of |g| ≤ 17 is < 1e-6; 2e-6·(1 + |ref|) leaves room for the logs.
      expect(Math.abs((g[i] as number) - gRef), `gumbel ${i}`).toBeLessThan(2e-6 * (1 + Math.abs(gRef)));
      expect(Math.abs((l[i] as number) - lRef), `logistic ${i}`).toBeLessThan(2e-6 * (1 + Math.abs(lRef)));
    }
  });

  it('same seed ⇒ same noise across calls; a different seed ⇒ different noise', async () => {
    const a = await backend.toArray(backend.gumbelNoise([32, 8], 123));
    const b = await backend.toArray(backend.gumbelNoise([32, 8], 123));
    const c = await backend.toArray(backend.gumbelNoise([32, 8], 124));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.some((v, i) => v !== c[i])).toBe(true);
  });

  it('host-uniform mode matches the CPU backend sample for sample (float32 tolerance)', async () => {
    const cpu = createCpuBackend({ precision: 32 });
    const u = coreUniforms(CounterRng.fromSeed(99), 12 * 10);
    const logits = Array.from({ length: 120 }, (_, i) => Math.sin(i) * 3);
    const ours = backend.gumbelFromUniforms(backend.fromArray(u, [12, 10]));
    const theirs = cpu.gumbelFromUniforms(cpu.fromArray(u, [12, 10]));
    const y = await backend.toArray(backend.relaxedSample({ logits: backend.fromArray(logits, [12, 10]), tau: 0.5, noise: ours }));
    const yCpu = await cpu.toArray(cpu.relaxedSample({ logits: cpu.fromArray(logits, [12, 10]), tau: 0.5, noise: theirs }));
    const lo = await backend.toArray(backend.logisticFromUniforms(backend.fromArray(u, [120])));
    const loCpu = await cpu.toArray(cpu.logisticFromUniforms(cpu.fromArray(u, [120])));
    for (let i = 0; i < 120; i++) {
      expect(Math.abs((y[i] as number) - (yCpu[i] as number)), `y ${i}`).toBeLessThan(1e-5);
      expect(Math.abs((lo[i] as number) - (loCpu[i] as number)), `logistic ${i}`).toBeLessThan(1e-5 * (1 + Math.abs(loCpu[i] as number)));
    }
  });

  it('the seeded device noise of seed s equals gumbelFromUniforms of core\'s uniforms for s', async () => {
    const device = await backend.toArray(backend.gumbelNoise([9, 7], 2024));
    const host = await backend.toArray(backend.gumbelFromUniforms(backend.fromArray(coreUniforms(CounterRng.fromSeed(2024), 63), [9, 7])));
    expect(Array.from(device)).toEqual(Array.from(host));
  });
});
