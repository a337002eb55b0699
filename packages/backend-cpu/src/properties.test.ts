/** Property tests: invariants over random shapes, logits (masked or not), τ and seeds; bad input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GumbelRangeError } from '@gumbel/core';
import { createCpuBackend, wasmSimdAvailable } from './index.js';
import type { CpuPath } from './index.js';

const SEED = 20261123;

/** [batch, k], logits in [−30, 30] with some masked, never a whole row. */
const problem = fc
  .record({ batch: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 6 }) })
  .chain(({ batch, k }) =>
    fc.record({
      batch: fc.constant(batch),
      k: fc.constant(k),
      logits: fc.array(fc.oneof({ arbitrary: fc.double({ min: -30, max: 30, noNaN: true }), weight: 4 }, { arbitrary: fc.constant(-Infinity), weight: 1 }), {
        minLength: batch * k,
        maxLength: batch * k,
      }),
      taus: fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: batch, maxLength: batch }),
      perRow: fc.boolean(),
      seed: fc.nat(),
    }),
  )
  .map((p) => {
    const logits = [...p.logits];
    for (let b = 0; b < p.batch; b++) {
      if (logits.slice(b * p.k, (b + 1) * p.k).every((l) => l === -Infinity)) logits[b * p.k] = 0;
    }
    return { ...p, logits };
  });

const CONFIGS: readonly { readonly precision: 32 | 64; readonly path: CpuPath }[] = [
  { precision: 64, path: 'js' },
  { precision: 32, path: 'js' },
  ...(wasmSimdAvailable() ? [{ precision: 32, path: 'wasm-simd' } as const] : []),
];

for (const { precision, path } of CONFIGS) {
  const cpu = createCpuBackend({ precision, path });

  describe(`properties, float${precision} ${path}`, () => {
    it('relaxed samples live on the simplex; masked classes get 0; gradients are finite and 0 where masked', () => {
      fc.assert(
        fc.property(problem, (p) => {
          const shape = [p.batch, p.k];
          const logits = cpu.fromArray(p.logits, shape);
          const tau = p.perRow ? cpu.fromArray(p.taus, [p.batch]) : (p.taus[0] as number);
          const noise = cpu.gumbelNoise(shape, p.seed);
          const args = { logits, tau, noise };
          const y = cpu.relaxedSample(args);
          const logY = cpu.relaxedLogSample(args);
          const masked = p.logits.map((l) => l === -Infinity);
          for (let b = 0; b < p.batch; b++) {
            let sum = 0;
            for (let j = 0; j < p.k; j++) sum += y.data[b * p.k + j] as number;
            expect(Math.abs(sum - 1)).toBeLessThan(precision === 32 ? 1e-5 : 1e-12);
          }
          masked.forEach((m, i) => {
            if (m) expect([y.data[i], logY.data[i]]).toEqual([0, -Infinity]);
            else expect(Number.isNaN(logY.data[i]) || logY.data[i] === Infinity).toBe(false);
          });
          const up = cpu.gumbelNoise(shape, p.seed + 1);
          for (const g of [cpu.relaxedSampleVjp({ ...args, y, dy: up }), cpu.relaxedLogSampleVjp({ ...args, logY, dLogY: up })]) {
            expect(g.dLogits.data.every(Number.isFinite) && g.dTau.data.every(Number.isFinite)).toBe(true);
            masked.forEach((m, i) => m && expect(g.dLogits.data[i]).toBe(0));
          }
          const hard = cpu.straightThroughSample(args).hard;
          masked.forEach((m, i) => m && expect(hard.data[i]).toBe(0));
          const order = cpu.topK({ logits, noise, count: p.k }).data;
          for (let b = 0; b < p.batch; b++) {
            const values = Array.from(order.subarray(b * p.k, (b + 1) * p.k), (j) => (masked[b * p.k + j] ? -Infinity : (p.logits[b * p.k + j] as number) + (noise.data[b * p.k + j] as number)));
            for (let c = 1; c < p.k; c++) expect(values[c - 1]! >= values[c]!).toBe(true);
          }
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    it('relaxed Bernoulli samples lie in [0, 1] with finite gradients', () => {
      fc.assert(
        fc.property(problem, (p) => {
          const shape = [p.batch, p.k];
          const args = { logits: cpu.fromArray(p.logits, shape), tau: p.perRow ? cpu.fromArray(p.taus, [p.batch]) : (p.taus[0] as number), noise: cpu.logisticNoise(shape, p.seed) };
          const y = cpu.relaxedBernoulli(args);
          expect(y.data.every((v) => v >= 0 && v <= 1)).toBe(true);
          const g = cpu.relaxedBernoulliVjp({ ...args, y, dy: y });
          expect(g.dLogits.data.every(Number.isFinite) && g.dTau.data.every(Number.isFinite)).toBe(true);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    it('every τ that is not a finite positive number is rejected, naming tau', () => {
      const logits = cpu.fromArray([0, 1], [1, 2]);
      const bad = fc.oneof(fc.double({ max: 0 }), fc.constantFrom(NaN, Infinity, -Infinity));
      fc.assert(
        fc.property(bad, fc.boolean(), (tau, perRow) => {
          const t = perRow ? cpu.fromArray([tau], [1]) : tau;
          let err: unknown;
          try {
            cpu.relaxedLogSample({ logits, tau: t });
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(GumbelRangeError);
          expect((err as GumbelRangeError).argument).toBe(perRow ? 'tau[0]' : 'tau');
        }),
        { seed: SEED },
      );
    });

    it('a NaN or +∞ logit anywhere is rejected, naming its position', () => {
      fc.assert(
        fc.property(problem, fc.nat(), fc.constantFrom(NaN, Infinity), (p, at, v) => {
          const values = [...p.logits];
          const i = at % values.length;
          values[i] = v;
          const logits = cpu.fromArray(values, [p.batch, p.k]);
          expect(() => cpu.relaxedSample({ logits, tau: 1 })).toThrow(GumbelRangeError);
          let err: unknown;
          try {
            cpu.topK({ logits, count: 1 });
          } catch (e) {
            err = e;
          }
          expect((err as GumbelRangeError).argument).toBe(`logits[${i}]`);
        }),
        { seed: SEED },
      );
    });
  });
}
