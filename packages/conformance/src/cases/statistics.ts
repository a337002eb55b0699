/**
 * Case family 3: statistics of seeded noise, with fixed seeds (so a run is reproducible and a
 * correct backend fails none of them by bad luck more often than the stated α, once, forever).
 *
 * - KS at α = 0.001 with n = 20 000: D_crit = sqrt(ln(2/α)/2)/√n = 1.9495/√n = 0.01378. Noise is
 *   float32 on 32-bit backends: uniforms on a 2^-24 grid move the CDF by ≤ 6e-8, nothing next to
 *   D_crit.
 * - χ² at p = 0.001 (critical values tabled in stats.ts and checked in stats.test.ts):
 *   argmax(logits + G) over k = 6 classes with one masked: the masked cell must be empty and the
 *   other 5 cells give df = 4, χ²_crit = 18.467; n = 30 000 puts ≥ 800 expected draws in each cell
 *   (smallest probability 0.028), far above the ≥ 5 the χ² approximation needs.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';
import { CHI2_CRIT_0001, chiSquareStatistic, chiSquareSurvival, gumbelCdf, ksCriticalValue, ksStatistic, logisticCdf } from '../stats.js';

const KS_N = 20_000;
const ALPHA = 0.001;

function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

export function registerStatisticsCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const crit = ksCriticalValue(KS_N, ALPHA); // 0.01378

  const ks = (kind: 'uniformNoise' | 'gumbelNoise' | 'logisticNoise', seed: number) =>
    withTensors(backend, async (scope) => scope.read(scope.keep(backend[kind]([KS_N / 4, 4], seed))));

  describe('statistics of the noise and the samples', () => {
    it.skipIf(!s.seededNoise)(`gumbelNoise ~ Gumbel(0, 1): KS D < ${crit.toFixed(5)} (n = ${KS_N}, α = ${ALPHA})`, async () => {
      const d = ksStatistic(await ks('gumbelNoise', 12_345), gumbelCdf);
      expect(d).toBeLessThan(crit);
    });

    it.skipIf(!(s.seededNoise && s.bernoulli))(`logisticNoise ~ Logistic(0, 1): KS D < ${crit.toFixed(5)}`, async () => {
      const d = ksStatistic(await ks('logisticNoise', 54_321), logisticCdf);
      expect(d).toBeLessThan(crit);
    });

    it.skipIf(!s.seededNoise)(`uniformNoise ~ U(0, 1): KS D < ${crit.toFixed(5)}, all in the open interval`, async () => {
      const u = await ks('uniformNoise', 777);
      expect(u.every((v) => v > 0 && v < 1)).toBe(true);
      expect(ksStatistic(u, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(crit);
    });

    it.skipIf(!s.seededNoise)('gumbelMax: argmax(logits + G) ~ softmax(logits), χ², k = 6 with one masked class (df = 4); = straightThroughSample.hard', async () => {
      const logits = [0.5, -1, 2, 0, -Infinity, 1];
      const k = logits.length;
      const n = 30_000;
      const counts = await withTensors(backend, async (scope) => {
        const lt = scope.from(Array.from({ length: n }, () => logits).flat(), [n, k]);
        const noise = scope.keep(backend.gumbelNoise([n, k], 2718));
        const hard = await scope.read(scope.keep(backend.gumbelMax({ logits: lt, noise })));
        const st = backend.straightThroughSample({ logits: lt, tau: 1, noise });
        scope.keep(st.soft);
        expect(Array.from(await scope.read(scope.keep(st.hard))), 'the hard half of the straight-through pair').toEqual(Array.from(hard));
        const c = new Array<number>(k).fill(0);
        for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) c[j] = (c[j] as number) + (hard[r * k + j] as number);
        return c;
      });
      expect(counts.reduce((a, b) => a + b, 0), 'one 1 per row').toBe(n);
      expect(counts[4], 'masked class never drawn').toBe(0);
      const expected = softmax(logits).map((p) => p * n);
      const chi2 = chiSquareStatistic(counts, expected);
      expect(chi2, `χ² = ${chi2.toFixed(2)}, p = ${chiSquareSurvival(chi2, 4).toExponential(2)}, counts ${counts}`).toBeLessThan(CHI2_CRIT_0001[4] as number);
    });

    it.skipIf(!(s.seededNoise && s.bernoulli))('hardBernoulli(logit + L) ~ Bernoulli(σ(logit)): χ² over 3 logits (df = 3)', async () => {
      // n = 20 000 rows × 3 columns; the rarest outcome (σ(−1.5) = 0.18) expects 3 600 draws.
      const logits = [-1.5, 0.3, 2];
      const n = 20_000;
      const ones = await withTensors(backend, async (scope) => {
        const lt = scope.from(Array.from({ length: n }, () => logits).flat(), [n, 3]);
        const noise = scope.keep(backend.logisticNoise([n, 3], 31_415));
        const hard = await scope.read(scope.keep(backend.hardBernoulli({ logits: lt, noise })));
        const c = [0, 0, 0];
        for (let i = 0; i < hard.length; i++) c[i % 3] = (c[i % 3] as number) + (hard[i] as number);
        return c;
      });
      let chi2 = 0;
      for (const [j, l] of logits.entries()) {
        const p = 1 / (1 + Math.exp(-l));
        const o = ones[j] as number;
        chi2 += chiSquareStatistic([o, n - o], [n * p, n * (1 - p)]);
      }
      expect(chi2, `χ² = ${chi2.toFixed(2)}, ones ${ones}`).toBeLessThan(CHI2_CRIT_0001[3] as number);
    });

    it.skipIf(!s.conditionalGumbel)('conditionalGumbelNoise: argmax is the given index; the max is Gumbel(logsumexp) (KS)', async () => {
      // Gumbel-max: max_j(logits_j + g_j) ~ Gumbel(logsumexp(logits)) independently of the argmax,
      // so conditioning on any index leaves the max's law unchanged. n = 20 000 rows, α = 0.001.
      const logits = [1, -0.5, 0.25, -Infinity, 2];
      const k = logits.length;
      const lse = Math.log(logits.reduce((a, l) => a + Math.exp(l), 0));
      const rng = CounterRng.fromSeed(8);
      const index = Array.from({ length: KS_N }, () => [0, 1, 2, 4][Math.floor(rng.next() * 4)] as number);
      const { maxima, wrong } = await withTensors(backend, async (scope) => {
        const lt = scope.from(Array.from({ length: KS_N }, () => logits).flat(), [KS_N, k]);
        const g = await scope.read(scope.keep(backend.conditionalGumbelNoise(lt, scope.from(index, [KS_N]), 161_803)));
        const m = new Float64Array(KS_N);
        let bad = 0;
        for (let r = 0; r < KS_N; r++) {
          let best = 0;
          for (let j = 1; j < k; j++) if ((logits[j] as number) + (g[r * k + j] as number) > (logits[best] as number) + (g[r * k + best] as number)) best = j;
          if (best !== index[r]) bad += 1;
          m[r] = (logits[best] as number) + (g[r * k + best] as number) - lse;
        }
        return { maxima: m, wrong: bad };
      });
      expect(wrong, 'rows whose argmax is not the conditioned index').toBe(0);
      expect(ksStatistic(maxima, gumbelCdf)).toBeLessThan(crit);
    });
  });
}
