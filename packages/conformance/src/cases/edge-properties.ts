/**
 * Case family: property tests at the edges (fast-check, fixed seeds, modest run counts so the suite
 * stays fast on every backend, the browser included). Random shapes with k up to 100,000, logits
 * up to ±1e30 with −∞ masks (±∞ for Bernoulli), τ log-uniform in [1e-3, 1e3]:
 *   - relaxed samples: no NaN, rows on the simplex (within core's simplexTolerance), log y ≤ 0,
 *     and finite VJPs;
 *   - the log-space sample in its own ExpConcrete density: finite, logits ±1e30 included; its VJP
 *     finite for |logits| ≤ 1e4 (beyond, float32 can overflow the dτ sum Σ (x − x̄)c, x ~ −1e33);
 *   - relaxed Bernoulli: y in [0, 1], in the open interval for a finite logit, a finite BinConcrete
 *     log-density there and finite ∂/∂logits, ∂/∂τ;
 *   - bad input (NaN anywhere, τ ≤ 0 or not finite, points off the support) to every kernel: a typed
 *     error naming the argument, never a NaN result.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simplexTolerance } from '@gumbel/core';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';
import { noiseFor } from './edge-noise.js';
import { typedErrorOf } from './edges.js';

const RUNS = 12;
const SEED = 20261307;

const tauArb = fc.double({ min: Math.log(1e-3), max: Math.log(1e3), noNaN: true }).map((v) => Math.fround(Math.exp(v)));
/** Logit values: mostly moderate, some ±1e30, some masked. */
const logitArb = (masked: number, huge = 1e30) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }).map(Math.fround) },
    { weight: 1, arbitrary: fc.constantFrom(huge, -huge) },
    { weight: masked, arbitrary: fc.constant(-Infinity) },
  );
/** Row length: small mostly; a vocabulary-sized row (10,000 or 100,000) now and then. */
const kArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(1000, 10_000, 100_000) });

interface Problem {
  readonly batch: number;
  readonly k: number;
  readonly logits: number[];
  readonly tau: number;
  readonly seed: number;
}

const problemArb = (masked: number, huge = 1e30): fc.Arbitrary<Problem> =>
  fc.record({ batch: fc.integer({ min: 1, max: 3 }), k: kArb, tau: tauArb, seed: fc.integer({ min: 0, max: 2 ** 31 }) }).chain(({ batch, k, tau, seed }) => {
    // Big rows: one batch row, generated from a few values repeated, so generation stays cheap.
    const rows = k > 12 ? 1 : batch;
    const cell = logitArb(masked, huge);
    const logits = k > 12 ? fc.array(cell, { minLength: 8, maxLength: 8 }).map((v) => Array.from({ length: k }, (_, i) => v[(i * 7919) % 8] as number)) : fc.array(cell, { minLength: rows * k, maxLength: rows * k });
    return logits.map((l) => {
      // At least one possible class per row.
      for (let r = 0; r < rows; r++) if (l.slice(r * k, (r + 1) * k).every((v) => v === -Infinity)) l[r * k] = 0;
      return { batch: rows, k, logits: l, tau, seed };
    });
  });

function noNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return false;
  return true;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

export function registerEdgePropertyCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const options = { numRuns: RUNS, seed: SEED, endOnFailure: true };

  describe('edge properties (fast-check)', () => {
    it.skipIf(!(s.seededNoise || s.hostUniforms))('relaxed samples: no NaN, rows on the simplex, finite VJPs', async () => {
      await fc.assert(
        fc.asyncProperty(problemArb(1), async (p) => {
          await withTensors(backend, async (scope) => {
            const shape: [number, number] = [p.batch, p.k];
            const logits = scope.from(p.logits, shape);
            const noise = noiseFor(backend, scope, shape, p.seed, 'gumbel');
            const y = scope.keep(backend.relaxedSample({ logits, tau: p.tau, noise }));
            const ys = await scope.read(y);
            const logY = await scope.read(scope.keep(backend.relaxedLogSample({ logits, tau: p.tau, noise })));
            expect(noNaN(ys) && noNaN(logY), 'no NaN in y or log y').toBe(true);
            for (let r = 0; r < p.batch; r++) {
              let sum = 0;
              for (let j = r * p.k; j < (r + 1) * p.k; j++) {
                const v = ys[j] as number;
                if (!(v >= 0 && v <= 1)) throw new Error(`y[${j}] = ${v}`);
                if (p.logits[j] === -Infinity && v !== 0) throw new Error(`masked y[${j}] = ${v}`);
                if (!((logY[j] as number) <= 1e-6)) throw new Error(`log y[${j}] = ${logY[j]}`);
                sum += v;
              }
              expect(Math.abs(sum - 1), `row ${r} sum ${sum}`).toBeLessThanOrEqual(simplexTolerance(p.k));
            }
            if (s.gradients) {
              const dy = scope.from(Array.from({ length: p.batch * p.k }, (_, i) => ((i * 37) % 11) / 5 - 1), shape);
              const g = scope.keepGradients(backend.relaxedSampleVjp({ logits, tau: p.tau, noise, y, dy }));
              const gl = scope.keepGradients(backend.relaxedLogSampleVjp({ logits, tau: p.tau, noise, logY: scope.from(logY, shape), dLogY: dy }));
              for (const t of [g.dLogits, g.dTau, gl.dLogits, gl.dTau]) expect(allFinite(await scope.read(t)), 'finite VJP').toBe(true);
            }
          });
        }),
        options,
      );
    });

    it.skipIf(!((s.seededNoise || s.hostUniforms) && s.densities))('the log-space sample in its own ExpConcrete density: finite (logits to ±1e30); its VJP finite for |logits| ≤ 1e4', async () => {
      await fc.assert(
        fc.asyncProperty(problemArb(1, 1e4), fc.boolean(), async (p, huge) => {
          const logitsValues = huge ? p.logits.map((v, i) => (i % 5 === 1 && Number.isFinite(v) ? Math.sign(v || 1) * 1e30 : v)) : p.logits;
          await withTensors(backend, async (scope) => {
            const shape: [number, number] = [p.batch, p.k];
            const logits = scope.from(logitsValues, shape);
            const noise = noiseFor(backend, scope, shape, p.seed, 'gumbel');
            const x = scope.keep(backend.relaxedLogSample({ logits, tau: p.tau, noise }));
            const lp = await scope.read(scope.keep(backend.expConcreteLogProb({ logits, tau: p.tau, x })));
            expect(allFinite(lp), `expConcreteLogProb ${Array.from(lp)}`).toBe(true);
            if (huge) return;
            if (!s.gradients) return;
            const g = scope.keepGradients(backend.expConcreteLogProbVjp({ logits, tau: p.tau, x, dOut: scope.from(new Array<number>(p.batch).fill(1), [p.batch]) }));
            for (const t of [g.dLogits, g.dTau, g.dValue]) expect(allFinite(await scope.read(t)), 'finite ExpConcrete VJP').toBe(true);
          });
        }),
        options,
      );
    });

    it.skipIf(!((s.seededNoise || s.hostUniforms) && s.bernoulli && s.densities))('relaxed Bernoulli: in (0, 1) for finite logits, exactly 0/1 for ±∞; finite log p and ∂/∂logits, ∂/∂τ', async () => {
      const withSure = problemArb(1).chain((p) => fc.array(fc.nat({ max: p.logits.length - 1 }), { maxLength: 2 }).map((at) => {
        const logits = [...p.logits];
        for (const i of at) logits[i] = Infinity;
        return { ...p, logits };
      }));
      await fc.assert(
        fc.asyncProperty(withSure, async (p) => {
          await withTensors(backend, async (scope) => {
            const shape: [number, number] = [p.batch, p.k];
            const logits = scope.from(p.logits, shape);
            const noise = noiseFor(backend, scope, shape, p.seed, 'logistic');
            const y = scope.keep(backend.relaxedBernoulli({ logits, tau: p.tau, noise }));
            const ys = await scope.read(y);
            for (const [i, v] of ys.entries()) {
              const l = p.logits[i] as number;
              const ok = l === Infinity ? v === 1 : l === -Infinity ? v === 0 : v > 0 && v < 1;
              if (!ok) throw new Error(`logit ${l}, τ ${p.tau}: y = ${v}`);
            }
            const lp = await scope.read(scope.keep(backend.binConcreteLogProb({ logits, tau: p.tau, y })));
            for (const [i, v] of lp.entries()) {
              const ok = Number.isFinite(p.logits[i]) ? Number.isFinite(v) : v === Infinity;
              if (!ok) throw new Error(`logit ${p.logits[i]}, τ ${p.tau}, y ${ys[i]}: log p = ${v}`);
            }
            if (!s.gradients) return;
            const dOut = scope.from(Array.from({ length: p.batch * p.k }, (_, i) => ((i * 13) % 7) / 3 - 1), shape);
            const g = scope.keepGradients(backend.binConcreteLogProbVjp({ logits, tau: p.tau, y, dOut }));
            const gs = scope.keepGradients(backend.relaxedBernoulliVjp({ logits, tau: p.tau, noise, y, dy: dOut }));
            for (const t of [g.dLogits, g.dTau, gs.dLogits, gs.dTau]) expect(allFinite(await scope.read(t)), 'finite ∂/∂logits, ∂/∂τ').toBe(true);
            expect(noNaN(await scope.read(g.dValue)), 'no NaN in ∂/∂y (±∞ where float32 overflows)').toBe(true);
          });
        }),
        options,
      );
    });

    it('bad input to any kernel: a typed error naming the argument, never a NaN result', async () => {
      type Corruption = 'nan-logit' | 'nan-tau' | 'bad-tau' | 'nan-point' | 'off-support';
      const kernels = ['relaxedSample', 'relaxedLogSample', 'straightThroughSample', 'relaxedBernoulli', 'concreteLogProb', 'expConcreteLogProb', 'binConcreteLogProb', 'concreteLogProbVjp', 'binConcreteLogProbVjp'] as const;
      const arb = fc.record({
        kernel: fc.constantFrom(...kernels),
        corruption: fc.constantFrom<Corruption>('nan-logit', 'nan-tau', 'bad-tau', 'nan-point', 'off-support'),
        at: fc.nat({ max: 5 }),
        badTau: fc.constantFrom(0, -1, Infinity, -Infinity, -1e-300),
      });
      await fc.assert(
        fc.asyncProperty(arb, async (c) => {
          const density = c.kernel.includes('Concrete');
          const bernoulli = c.kernel.includes('Bernoulli') || c.kernel.startsWith('bin');
          if ((density && !s.densities) || (bernoulli && !s.bernoulli) || (c.kernel.endsWith('Vjp') && !s.gradients)) return;
          if (!density && (c.corruption === 'nan-point' || c.corruption === 'off-support')) return;
          if (c.corruption === 'nan-tau' && !s.perRowTemperature) return;
          await withTensors(backend, (scope) => {
            const logitValues = [0.5, -1, 2, 0, 1, -0.5];
            if (c.corruption === 'nan-logit') logitValues[c.at] = NaN;
            const logits = scope.from(logitValues, [2, 3]);
            const tau = c.corruption === 'nan-tau' ? scope.from([1, NaN], [2]) : c.corruption === 'bad-tau' ? c.badTau : 0.7;
            const yValues = c.kernel === 'expConcreteLogProb' ? [0.2, 0.3, 0.5, 0.6, 0.3, 0.1].map(Math.log) : [0.2, 0.3, 0.5, 0.6, 0.3, 0.1];
            if (c.corruption === 'nan-point') yValues[c.at] = NaN;
            if (c.corruption === 'off-support') yValues[c.at] = c.kernel === 'expConcreteLogProb' ? 0.5 : c.kernel.startsWith('bin') ? 1.5 : 0.9;
            const point = scope.from(yValues, [2, 3]);
            const noise = scope.from([0.1, -0.3, 1.2, 0.7, -1.1, 0.4], [2, 3]);
            const dOut = (n: number[]) => scope.from(n, [n.length]);
            const call: Record<(typeof kernels)[number], () => unknown> = {
              relaxedSample: () => backend.relaxedSample({ logits, tau, noise }),
              relaxedLogSample: () => backend.relaxedLogSample({ logits, tau, noise }),
              straightThroughSample: () => backend.straightThroughSample({ logits, tau, noise }),
              relaxedBernoulli: () => backend.relaxedBernoulli({ logits, tau, noise }),
              concreteLogProb: () => backend.concreteLogProb({ logits, tau, y: point }),
              expConcreteLogProb: () => backend.expConcreteLogProb({ logits, tau, x: point }),
              binConcreteLogProb: () => backend.binConcreteLogProb({ logits, tau, y: point }),
              concreteLogProbVjp: () => backend.concreteLogProbVjp({ logits, tau, y: point, dOut: dOut([1, 1]) }),
              binConcreteLogProbVjp: () => backend.binConcreteLogProbVjp({ logits, tau, y: point, dOut: scope.from([1, 1, 1, 1, 1, 1], [2, 3]) }),
            };
            const expected = c.corruption === 'nan-logit' ? 'logits' : c.corruption.endsWith('tau') ? 'tau' : c.kernel === 'expConcreteLogProb' ? 'x' : 'y';
            const got = typedErrorOf(call[c.kernel]);
            expect(typeof got === 'string' ? got : got.argument.startsWith(expected) ? 'ok' : `named ${got.argument}`, `${c.kernel} with ${c.corruption}`).toBe('ok');
          });
        }),
        { ...options, numRuns: 40 },
      );
    });
  });
}
