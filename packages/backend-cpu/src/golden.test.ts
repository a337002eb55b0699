/**
 * Forward values against fixtures/golden-cpu.json, written by fixtures/generate.py with numpy and
 * 50-digit mpmath (densities in their product forms, not the log-space forms used here).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';
import type { CpuTensor } from './index.js';

type Num = number | 'Infinity' | '-Infinity';
interface RelaxedCase {
  logits: Num[][]; uniforms: number[][]; tau: number | number[];
  gumbel: number[][]; logY: Num[][]; y: number[][]; argmax: number[]; topK: number[][];
}
interface BernoulliCase { logits: Num[][]; uniforms: number[][]; tau: number | number[]; logistic: number[][]; y: number[][]; hard: number[][] }
interface ConcreteCase { logits: Num[]; tau: number; y: number[]; logProb: number; x: Num[]; expLogProb: number }
interface BinCase { logit: number; tau: number; y: number; logProb: number }
interface Golden { relaxed: RelaxedCase[]; bernoulli: BernoulliCase[]; concrete: ConcreteCase[]; binConcrete: BinCase[] }

const golden = JSON.parse(readFileSync(new URL('../fixtures/golden-cpu.json', import.meta.url), 'utf8')) as Golden;

const revive = (v: Num): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const flat = (m: Num[][]): number[] => m.flat().map(revive);

for (const precision of [64, 32] as const) {
  const cpu = createCpuBackend({ precision });
  const rel = precision === 64 ? 1e-12 : 2e-6;
  const tensor = (m: Num[][]): CpuTensor => cpu.fromArray(flat(m), [m.length, (m[0] ?? []).length]);
  const tauOf = (tau: number | number[]) => (typeof tau === 'number' ? tau : cpu.fromArray(tau, [tau.length]));

  function expectValues(actual: ArrayLike<number>, expected: number[], scale = 1): void {
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, i) => {
      const a = actual[i] as number;
      if (!Number.isFinite(e)) expect(a, `[${i}]`).toBe(e);
      else expect(Math.abs(a - e), `[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(rel * Math.max(scale, Math.abs(e)));
    });
  }

  describe(`golden values, float${precision}`, () => {
    golden.relaxed.forEach((c, n) => {
      it(`relaxed case ${n}: Gumbel noise, log y, y, argmax, one-hot, top-k`, () => {
        const logits = tensor(c.logits);
        const noise = cpu.gumbelFromUniforms(tensor(c.uniforms));
        expectValues(noise.data, flat(c.gumbel));
        const args = { logits, noise, tau: tauOf(c.tau) };
        // log y reaches −40 and below at τ = 0.1; the absolute error scales with the row's spread.
        expectValues(cpu.relaxedLogSample(args).data, flat(c.logY), 10);
        expectValues(cpu.relaxedSample(args).data, flat(c.y));
        const k = (c.logits[0] ?? []).length;
        const pert = cpu.fromArray(flat(c.logits).map((l, i) => l + (noise.data[i] as number)), [c.logits.length, k]);
        expect(Array.from(cpu.argmax(pert).data)).toEqual(c.argmax);
        const st = cpu.straightThroughSample(args);
        expect(Array.from(st.hard.data)).toEqual(c.argmax.flatMap((a) => Array.from({ length: k }, (_, j) => (j === a ? 1 : 0))));
        expectValues(st.soft.data, flat(c.y));
        const unmasked = Math.min(...c.logits.map((row) => row.filter((l) => l !== '-Infinity').length));
        for (let count = 1; count <= k; count++) {
          const got = cpu.topK({ logits, noise, count });
          // Past the unmasked classes the order among masked ones is the tie rule, still defined.
          expect(Array.from(got.data), `count ${count} (unmasked ${unmasked})`).toEqual(c.topK.flatMap((row) => row.slice(0, count)));
        }
      });
    });

    golden.bernoulli.forEach((c, n) => {
      it(`bernoulli case ${n}: logistic noise, relaxed and hard samples`, () => {
        const logits = tensor(c.logits);
        const noise = cpu.logisticFromUniforms(tensor(c.uniforms));
        expectValues(noise.data, flat(c.logistic));
        expectValues(cpu.relaxedBernoulli({ logits, noise, tau: tauOf(c.tau) }).data, flat(c.y));
        expect(Array.from(cpu.hardBernoulli({ logits, noise }).data)).toEqual(flat(c.hard));
      });
    });

    golden.concrete.forEach((c, n) => {
      it(`concrete case ${n} (k = ${c.logits.length}): Concrete and ExpConcrete log-densities`, () => {
        const k = c.logits.length;
        const logits = cpu.fromArray(c.logits.map(revive), [1, k]);
        const lp = cpu.concreteLogProb({ logits, tau: c.tau, y: cpu.fromArray(c.y, [1, k]) });
        expect(lp.shape).toEqual([1]);
        expectValues(lp.data, [c.logProb], 10);
        const xp = cpu.expConcreteLogProb({ logits, tau: c.tau, x: cpu.fromArray(c.x.map(revive), [1, k]) });
        expectValues(xp.data, [c.expLogProb], 10);
      });
    });

    it('binConcrete log-densities', () => {
      const c = golden.binConcrete;
      const lp = cpu.binConcreteLogProb({
        logits: cpu.fromArray(c.map((r) => r.logit), [c.length]),
        // τ per row of the leading axis: here each element is its own row.
        tau: cpu.fromArray(c.map((r) => r.tau), [c.length]),
        y: cpu.fromArray(c.map((r) => r.y), [c.length]),
      });
      expectValues(lp.data, c.map((r) => r.logProb), 10);
    });
  });
}
