/**
 * Noise: the documented counter stream, reproducibility, and distributions (fixed seeds, so these
 * statistical checks are deterministic; thresholds are generous multiples of the standard error).
 */
import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import { createCpuBackend, wasmSimdAvailable } from './index.js';
import type { CpuPath } from './index.js';
import type { CpuTensor } from './index.js';

const gumbelCdf = (x: number): number => Math.exp(-Math.exp(-x));
const logisticCdf = (x: number): number => 1 / (1 + Math.exp(-x));

/** Kolmogorov–Smirnov statistic of a sample against a continuous CDF. */
function ks(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Array.from(sample).sort((a, b) => a - b);
  const n = xs.length;
  let d = 0;
  xs.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  });
  return d;
}
/** About the 99.9% point of the KS statistic: 1.95/√n. */
const ksLimit = (n: number): number => 1.95 / Math.sqrt(n);

function column(t: CpuTensor, j: number): number[] {
  const k = t.shape[1] as number;
  return Array.from({ length: t.shape[0] as number }, (_, b) => t.data[b * k + j] as number);
}

const CONFIGS: readonly { readonly precision: 32 | 64; readonly path: CpuPath }[] = [
  { precision: 64, path: 'js' },
  { precision: 32, path: 'js' },
  ...(wasmSimdAvailable() ? [{ precision: 32, path: 'wasm-simd' } as const] : []),
];

for (const { precision, path } of CONFIGS) {
  const cpu = createCpuBackend({ precision, path });
  const Arr = precision === 32 ? Float32Array : Float64Array;
  // The js path computes in float64 and rounds once, so it equals the formula exactly; the
  // wasm-simd path uses the fast float32 log (|error| ≤ 2^-19·max(1, |g|), see wasm-path.test.ts).
  const exact = path === 'js';
  const tol = (v: number): number => (exact ? 0 : 2 ** -19 * Math.max(1, Math.abs(v)));
  const close = (actual: ArrayLike<number>, expected: ArrayLike<number>): void => {
    const bad = Array.from(actual).flatMap((a, i) => (Math.abs(a - (expected[i] as number)) <= tol(expected[i] as number) ? [] : [[i, a, expected[i]]]));
    expect(bad).toEqual([]);
  };

  describe(`noise, float${precision} ${path}`, () => {
    it('uniformNoise is the counter stream, element i at position offset + i', () => {
      const u = cpu.uniformNoise([3, 4], 42);
      expect(u.data).toBeInstanceOf(Arr);
      expect(Array.from(u.data)).toEqual(Array.from(CounterRng.fromSeed(42).fill(new Arr(12))));
      const g = cpu.gumbelNoise([3, 4], 42);
      close(g.data, new Arr(Array.from(u.data, (v) => -Math.log(-Math.log(v)))));
      const l = cpu.logisticNoise([3, 4], 42);
      close(l.data, new Arr(Array.from(u.data, (v) => Math.log(v) - Math.log1p(-v))));
      expect(Array.from(cpu.gumbelFromUniforms(u).data)).toEqual(Array.from(g.data));
      expect(Array.from(cpu.logisticFromUniforms(u).data)).toEqual(Array.from(l.data));
    });

    it('a CounterRng source advances by the tensor size; seeds restart at position 0; seed 0 is a seed', () => {
      const rng = CounterRng.fromSeed(0);
      const a = cpu.gumbelNoise([2, 3], rng);
      const b = cpu.gumbelNoise([5], rng);
      expect(rng.position).toBe(11);
      const whole = cpu.gumbelNoise([11], 0);
      expect([...a.data, ...b.data]).toEqual(Array.from(whole.data));
      expect(Array.from(cpu.gumbelNoise([2, 3], 0).data)).toEqual(Array.from(a.data));
      expect(Array.from(cpu.gumbelNoise([2, 3], 1).data)).not.toEqual(Array.from(a.data));
    });

    it('Gumbel and logistic noise pass a KS test; every value is finite', () => {
      const n = 20_000;
      const g = cpu.gumbelNoise([n], 7).data;
      const l = cpu.logisticNoise([n], 8).data;
      expect(g.every(Number.isFinite) && l.every(Number.isFinite)).toBe(true);
      expect(ks(g, gumbelCdf)).toBeLessThan(ksLimit(n));
      expect(ks(l, logisticCdf)).toBeLessThan(ksLimit(n));
    });

    it('uniforms at the extremes give finite noise', () => {
      const u = cpu.fromArray([2 ** -24, 1 - 2 ** -24], [2]);
      expect(cpu.gumbelFromUniforms(u).data.every(Number.isFinite)).toBe(true);
      expect(cpu.logisticFromUniforms(u).data.every(Number.isFinite)).toBe(true);
    });

    it('argmax(logits + G) follows softmax(logits); masked classes never win', () => {
      const p = [0.5, 0.3, 0, 0.2];
      const logitsRow = p.map(Math.log);
      const n = 20_000;
      const logits = cpu.fromArray(Array.from({ length: n }, () => logitsRow).flat(), [n, 4]);
      const noise = cpu.gumbelNoise([n, 4], 3);
      const hard = cpu.straightThroughSample({ logits, noise, tau: 1 }).hard;
      const counts = [0, 1, 2, 3].map((j) => column(hard, j).reduce((s, v) => s + v, 0));
      expect(counts[2]).toBe(0);
      p.forEach((pj, j) => {
        const se = Math.sqrt((n * pj * (1 - pj)) || 1);
        expect(Math.abs((counts[j] as number) - n * pj), `class ${j}`).toBeLessThan(5 * se);
      });
    });

    it('conditional Gumbel noise: the argmax is the given index, and averaged over it the noise is Gumbel', () => {
      const row = [1.5, -Infinity, 0.2, -0.7, 12];
      const k = row.length;
      const n = 20_000;
      const logits = cpu.fromArray(Array.from({ length: n }, () => row).flat(), [n, k]);
      // index ~ softmax(logits), drawn by the Gumbel-max trick with independent noise.
      const index = cpu.argmax(cpu.fromArray(Array.from(cpu.gumbelNoise([n, k], 11).data, (g, i) => (row[i % k] as number) + g), [n, k]));
      const rng = CounterRng.fromSeed(12);
      const g = cpu.conditionalGumbelNoise(logits, index, rng);
      expect(rng.position).toBe(n * k);
      expect(g.data.every(Number.isFinite)).toBe(true);
      const perturbed = cpu.fromArray(Array.from(g.data, (v, i) => (row[i % k] as number) + v), [n, k]);
      expect(Array.from(cpu.argmax(perturbed).data)).toEqual(Array.from(index.data));
      for (let j = 0; j < k; j++) expect(ks(column(g, j), gumbelCdf), `column ${j}`).toBeLessThan(ksLimit(n));
    });

    it('conditional Gumbel noise holds the argmax even for unlikely indices and large logits', () => {
      const row = [30, 0, -30, 29.999];
      const n = 2_000;
      const logits = cpu.fromArray(Array.from({ length: n }, () => row).flat(), [n, 4]);
      for (const i of [0, 1, 2, 3]) {
        const index = cpu.fromArray(new Array<number>(n).fill(i), [n]);
        const g = cpu.conditionalGumbelNoise(logits, index, 100 + i);
        const pert = cpu.fromArray(Array.from(g.data, (v, e) => (row[e % 4] as number) + v), [n, 4]);
        expect(cpu.argmax(pert).data.every((a) => a === i), `index ${i}`).toBe(true);
      }
    });
  });
}
