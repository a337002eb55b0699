/** topK on GPU.js's cpu mode (the GL run of the same source is the conformance suite in the browser). */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { CounterRng } from '@gumbel/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from './index.js';

const backend = createGpujsBackend({ mode: 'cpu' });
afterAll(() => backend.destroy());

async function topK(logits: number[], shape: [number, number], count: number, noise?: number[]): Promise<number[]> {
  const l = backend.fromArray(logits, shape);
  const n = noise === undefined ? undefined : backend.fromArray(noise, shape);
  const out = backend.topK({ logits: l, ...(n ? { noise: n } : {}), count });
  expect(backend.shapeOf(out)).toEqual([shape[0], count]);
  const values = Array.from(await backend.toArray(out));
  backend.dispose(l, out, ...(n ? [n] : []));
  return values;
}

describe('topK (cpu mode)', () => {
  it('largest first, ties to the lowest index, masked classes last (in index order)', async () => {
    const logits = [1, 3, 3, 0, 3, /* row 1 */ -Infinity, 2, 2, -Infinity, 5];
    expect(await topK(logits, [2, 5], 4)).toEqual([1, 2, 4, 0, /* */ 4, 1, 2, 0]);
    expect(await topK(logits, [2, 5], 5)).toEqual([1, 2, 4, 0, 3, /* */ 4, 1, 2, 0, 3]);
    expect(await topK(logits, [2, 5], 1)).toEqual([1, 4]);
  });

  it('adds the noise, except at masked classes (−∞ + anything stays −∞)', async () => {
    // Perturbed rows: [1.5, 2.5, −∞, 0] and [−∞ (noise 100 ignored), −1, 7, −1].
    const logits = [1, 3, -Infinity, 0, -Infinity, 0, 4, -2];
    const noise = [0.5, -0.5, 100, 0, 100, -1, 3, 1];
    expect(await topK(logits, [2, 4], 4, noise)).toEqual([1, 0, 3, 2, /* */ 2, 1, 3, 0]);
  });

  it('equals the CPU backend for every count on noisy rows with masks, and slot 0 is argmax', async () => {
    const cpu = createCpuBackend({ precision: 32, path: 'js' });
    const rng = CounterRng.fromSeed(17);
    const [batch, k] = [40, 7];
    const logits = Array.from({ length: batch * k }, (_, i) => (i % k === (i / k) % 5 ? -Infinity : Math.round(8 * rng.next()) / 4));
    const uniforms = Array.from({ length: batch * k }, () => rng.next());
    const cl = cpu.fromArray(logits, [batch, k]);
    const cn = cpu.gumbelFromUniforms(cpu.fromArray(uniforms, [batch, k]));
    const gl = backend.fromArray(logits, [batch, k]);
    const gn = backend.gumbelFromUniforms(backend.fromArray(uniforms, [batch, k]));
    for (let count = 1; count <= k; count++) {
      const want = Array.from(await cpu.toArray(cpu.topK({ logits: cl, noise: cn, count })));
      const got = backend.topK({ logits: gl, noise: gn, count });
      expect(Array.from(await backend.toArray(got)), `count ${count}`).toEqual(want);
      backend.dispose(got);
    }
    const logY = backend.relaxedLogSample({ logits: gl, tau: 1, noise: gn });
    const argmax = backend.argmax(logY);
    const first = backend.topK({ logits: gl, noise: gn, count: 1 });
    expect(Array.from(await backend.toArray(first))).toEqual(Array.from(await backend.toArray(argmax)));
    backend.dispose(gl, gn, logY, argmax, first);
  });

  it('refuses a count that is not an integer in [1, k], naming it', () => {
    const l = backend.fromArray([1, 2, 3], [1, 3]);
    expect(() => backend.topK({ logits: l, count: 4 })).toThrow(/count must be an integer in \[1, 3\] \(k\), got 4/);
    expect(() => backend.topK({ logits: l, count: '2' as never })).toThrow(TypeError);
    backend.dispose(l);
  });
});
