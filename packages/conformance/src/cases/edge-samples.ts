/**
 * Case family: every sample a backend returns is usable in its own density (issue 13 #5, #6 and
 * the low-τ categorical side). Relaxed Bernoulli samples with a finite logit stay in the open
 * interval (0, 1) of the backend's precision, so their BinConcrete log-density is finite; a logit
 * of ±∞ is a sure outcome (y exactly 1 or 0, log p = +∞). Categorical samples at low τ live in log
 * space: relaxedLogSample's x has a finite ExpConcrete density even where exp(x) underflows to 0.
 * Ported from TFP relaxed_bernoulli_test (testSampleN, testSamplesAtBoundaryNotNaN), PyTorch
 * test_distributions (its RelaxedBernoulli clamps samples to [ε, 1 − ε]; so do we, by rounding) and
 * Pyro test_relaxed_straight_through (gradients of log q averaged over the samples).
 */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { loadEdges } from '../edges-fixture.js';
import { withTensors } from '../scope.js';
import { canMakeNoise, noiseFor } from './edge-noise.js';

/** The largest value below 1 in the backend's precision: where σ(t) ≥ that is stored. */
function belowOne(precision: 32 | 64): number {
  return precision === 32 ? 1 - 2 ** -24 : 1 - 2 ** -53;
}

export function registerEdgeSampleCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const edges = loadEdges();

  describe('edges: samples have a defined log-density under their own distribution', () => {
    it.skipIf(!(s.bernoulli && s.densities))('issue 13 #5: logit ±∞ samples exactly 1 / 0, and log p of that sample is +∞ (TFP testSamplesAtBoundaryNotNaN)', async () => {
      await withTensors(backend, async (scope) => {
        const logits = scope.from([Infinity, -Infinity, Infinity, -Infinity], [4]);
        const noise = scope.from([-16.6, 16.6, 0.3, -0.3], [4]);
        const y = scope.keep(backend.relaxedBernoulli({ logits, tau: 0.01, noise }));
        expect(Array.from(await scope.read(y)), 'samples').toEqual([1, 0, 1, 0]);
        expect(Array.from(await scope.read(scope.keep(backend.hardBernoulli({ logits, noise })))), 'hard').toEqual([1, 0, 1, 0]);
        expect(Array.from(await scope.read(scope.keep(backend.binConcreteLogProb({ logits, tau: 0.01, y })))), 'log p').toEqual([Infinity, Infinity, Infinity, Infinity]);
        if (s.gradients) {
          const g = scope.keepGradients(backend.relaxedBernoulliVjp({ logits, tau: 0.01, noise, y, dy: scope.from([1, 1, 1, 1], [4]) }));
          expect(Array.from(await scope.read(g.dLogits)).every((v) => v === 0), 'dLogits 0').toBe(true);
          // 0 or −0 (GLSL's sums may carry the sign of a −0 product): a zero gradient either way.
          expect(Array.from(await scope.read(g.dTau)).map((v) => v === 0), 'dTau 0').toEqual([true]);
        }
      });
    });

    it.skipIf(!(s.bernoulli && s.densities && canMakeNoise(backend)))('issue 13 #6: 100,000 draws at τ = 0.5 stay in (0, 1); mean log p and its gradient are finite', async () => {
      await withTensors(backend, async (scope) => {
        // logit 2: σ(t) rounds to 1 in float32 when the logistic draw exceeds 6.3 (p ≈ 1.8e-3),
        // ~180 of 100,000 draws (4σ below: 126), so the clamp is exercised on float32 backends.
        const n = 100_000;
        const logits = scope.from(new Array<number>(n).fill(2), [n]);
        const noise = noiseFor(backend, scope, [n], 20261307, 'logistic');
        const y = scope.keep(backend.relaxedBernoulli({ logits, tau: 0.5, noise }));
        const ys = await scope.read(y);
        const top = belowOne(backend.floatPrecision);
        let atTop = 0;
        for (const v of ys) {
          if (!(v > 0 && v < 1)) throw new Error(`sample ${v} outside the open interval (0, 1)`);
          if (v === top) atTop++;
        }
        if (backend.floatPrecision === 32) expect(atTop, 'draws stored as 1 − 2^-24 (the clamp was exercised)').toBeGreaterThan(100);
        const logP = await scope.read(scope.keep(backend.binConcreteLogProb({ logits, tau: 0.5, y })));
        const mean = logP.reduce((a, v) => a + v, 0) / n;
        expect(Number.isFinite(mean), `mean log p = ${mean}`).toBe(true);
        if (s.gradients) {
          const g = scope.keepGradients(backend.binConcreteLogProbVjp({ logits, tau: 0.5, y, dOut: scope.from(new Array<number>(n).fill(1 / n), [n]) }));
          for (const [name, t] of [['dLogits', g.dLogits], ['dValue', g.dValue], ['dTau', g.dTau]] as const) {
            const v = await scope.read(t);
            expect(v.every(Number.isFinite), `${name} of the mean log p finite`).toBe(true);
          }
        }
      });
    });

    it.skipIf(!(s.bernoulli && s.densities && canMakeNoise(backend)))('TFP testSampleN at τ = 0.01: samples in (0, 1), P(y ≥ ½) = p within 4.5σ, every log p finite', async () => {
      await withTensors(backend, async (scope) => {
        const p = [0.2, 0.6, 0.5];
        const n = 10_000;
        const logitRow = p.map((q) => Math.log(q) - Math.log1p(-q));
        const logits = scope.from(Array.from({ length: n }, () => logitRow).flat(), [n, 3]);
        const noise = noiseFor(backend, scope, [n, 3], 1144, 'logistic');
        const y = scope.keep(backend.relaxedBernoulli({ logits, tau: 0.01, noise }));
        const ys = await scope.read(y);
        const ones = [0, 0, 0];
        for (const [i, v] of ys.entries()) {
          if (!(v > 0 && v < 1)) throw new Error(`sample ${v} outside the open interval (0, 1)`);
          if (v >= 0.5) ones[i % 3]!++;
        }
        // σ = √(p(1 − p)/n) ≤ 0.005; 4.5σ fails a correct sampler with probability < 1e-5.
        for (const [j, q] of p.entries()) expect(Math.abs((ones[j] as number) / n - q), `column ${j}`).toBeLessThan(4.5 * Math.sqrt((q * (1 - q)) / n));
        const logP = await scope.read(scope.keep(backend.binConcreteLogProb({ logits, tau: 0.01, y })));
        expect(logP.every(Number.isFinite), 'every log p finite').toBe(true);
      });
    });

    // Ported from Pyro's test_relaxed_straight_through (its entropy-gradient tests average a
    // gradient of log q over many samples): here the score identity E_z[∂ log p(z)/∂logits] = 0,
    // on the backend's own low-τ samples — so it fails if clamped or underflowed samples sit in the
    // wrong place for their density, or if any score is NaN.
    it.skipIf(!(s.densities && s.gradients && s.bernoulli && canMakeNoise(backend)))('score identity at τ = 0.2 on the backend\'s own samples (Pyro entropy-gradient tests): E[∂ log p/∂logits] = 0', async () => {
      await withTensors(backend, async (scope) => {
        const q = [0.1, 0.2, 0.3, 0.4];
        const row = q.map((v) => Math.log(v));
        const n = 50_000;
        // Bernoulli: the score u − v lies in [−1, 1], so the mean of n has sd ≤ 1/√n; 5 sd.
        const bl = scope.from(Array.from({ length: n }, () => row).flat(), [n, 4]);
        const bn = noiseFor(backend, scope, [n, 4], 5150, 'logistic');
        const by = scope.keep(backend.relaxedBernoulli({ logits: bl, tau: 0.2, noise: bn }));
        const bg = scope.keepGradients(backend.binConcreteLogProbVjp({ logits: bl, tau: 0.2, y: by, dOut: scope.from(new Array<number>(4 * n).fill(1 / n), [n, 4]) }));
        const bs = await scope.read(bg.dLogits);
        for (let j = 0; j < 4; j++) {
          let m = 0;
          for (let i = j; i < bs.length; i += 4) m += bs[i] as number;
          expect(Math.abs(m), `BinConcrete score, class ${j}`).toBeLessThan(5 / Math.sqrt(n));
        }
        // Categorical (ExpConcrete of the log-space sample): the score 1 − k·w_i lies in [1 − k, 1], sd ≤ k − 1.
        const cl = scope.from(Array.from({ length: n }, () => row).flat(), [n, 4]);
        const cn = noiseFor(backend, scope, [n, 4], 5151, 'gumbel');
        const x = scope.keep(backend.relaxedLogSample({ logits: cl, tau: 0.2, noise: cn }));
        const cg = scope.keepGradients(backend.expConcreteLogProbVjp({ logits: cl, tau: 0.2, x, dOut: scope.from(new Array<number>(n).fill(1 / n), [n]) }));
        const cs = await scope.read(cg.dLogits);
        for (let j = 0; j < 4; j++) {
          let m = 0;
          for (let i = j; i < cs.length; i += 4) m += cs[i] as number;
          expect(Math.abs(m), `ExpConcrete score, class ${j}`).toBeLessThan((5 * 3) / Math.sqrt(n));
        }
      });
    });

    it.skipIf(!(s.densities && s.hostUniforms))('low τ: relaxedLogSample has a finite ExpConcrete density and VJP; relaxedSample a defined Concrete one', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of loadEdges().lowTau.entries()) {
          const k = c.logits.length;
          const logits = scope.from(c.logits, [1, k]);
          const noise = scope.keep(backend.gumbelFromUniforms(scope.from(c.uniforms, [1, k])));
          const x = scope.keep(backend.relaxedLogSample({ logits, tau: c.tau, noise }));
          const lp = await scope.read(scope.keep(backend.expConcreteLogProb({ logits, tau: c.tau, x })));
          expect(Number.isFinite(lp[0]), `lowTau[${i}] expConcreteLogProb of the sample: ${lp[0]}`).toBe(true);
          if (s.gradients) {
            const g = scope.keepGradients(backend.expConcreteLogProbVjp({ logits, tau: c.tau, x, dOut: scope.from([1], [1]) }));
            for (const t of [g.dLogits, g.dValue, g.dTau]) expect((await scope.read(t)).every(Number.isFinite), `lowTau[${i}] ExpConcrete gradients finite`).toBe(true);
          }
          const y = scope.keep(backend.relaxedSample({ logits, tau: c.tau, noise }));
          const zeros = (await scope.read(y)).filter((v) => v === 0).length;
          const cp = (await scope.read(scope.keep(backend.concreteLogProb({ logits, tau: c.tau, y }))))[0] as number;
          // No underflow (float64, or subnormals kept): an interior point, finite. Underflow: the
          // radial limit at that boundary point, which is edges.json's when the same entries are 0.
          if (zeros === 0) expect(Number.isFinite(cp), `lowTau[${i}] concreteLogProb of the sample: ${cp}`).toBe(true);
          else if (zeros === c.zeros) expect(cp, `lowTau[${i}] concreteLogProb of the sample (${zeros} zeros)`).toBe(c.concreteLogProb);
          else expect(Number.isNaN(cp), `lowTau[${i}] concreteLogProb of the sample (${zeros} zeros)`).toBe(false);
        }
      });
    });
  });
}
