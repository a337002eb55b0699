/**
 * Case family: the densities at the edges of their support (issue 13), against fixtures/edges.json
 * (mpmath limits, never our formulas). At an edge the value is the limit — ±∞ included, never NaN;
 * off the support it is a typed error naming the argument. The points come from the issue's list
 * and from the peers' suites: TFP relaxed_bernoulli_test (testBoundaryConditions,
 * testPdfAtBoundary, testAssertValidSample, testGradientLogits) and relaxed_onehot_categorical_test
 * (the vertex points of its testPdfAtBoundary, which TFP itself still returns NaN for).
 */
import { describe, expect, it } from 'vitest';
import type { DensityGradients } from '@gumbel/core';
import { expectGolden } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { loadEdges } from '../edges-fixture.js';
import { withTensors } from '../scope.js';
import type { TensorScope } from '../scope.js';

/** Runs `f` and returns the typed error it threw (or a description of what happened instead). */
export function typedErrorOf(f: () => unknown): { argument: string; message: string } | string {
  try {
    f();
  } catch (e) {
    const err = e as { name?: string; argument?: unknown; message?: string };
    if ((err.name === 'GumbelRangeError' || err.name === 'GumbelTypeError') && typeof err.argument === 'string') {
      return { argument: err.argument, message: err.message ?? '' };
    }
    return `threw ${String(e)}`;
  }
  return 'returned without an error';
}

function expectTypedError(f: () => unknown, argument: string, label: string): void {
  const got = typedErrorOf(f);
  expect(typeof got === 'string' ? got : got.argument.startsWith(argument) ? 'ok' : `named ${got.argument}: ${got.message}`, label).toBe('ok');
}

export function registerEdgeCases<T>(ctx: SuiteContext<T>): void {
  const { backend, ledger } = ctx;
  const s = backend.supports;
  const tol = ctx.tol.values;
  const edges = loadEdges();

  describe('edges of the support: limits, not NaN (edges.json)', () => {
    it.skipIf(!s.densities)('issue 13 #1–#3: points off the support are typed errors naming the argument', async () => {
      await withTensors(backend, (scope) => {
        const logits = scope.from([0.1, -0.4, 0.8], [1, 3]);
        const dOut = scope.from([1], [1]);
        const offSimplex = scope.from([0.4, 0.1, 0.3], [1, 3]);
        expectTypedError(() => backend.concreteLogProb({ logits, tau: 0.5, y: offSimplex }), 'y', '#1 concreteLogProb, y summing to 0.8');
        if (s.gradients) expectTypedError(() => backend.concreteLogProbVjp({ logits, tau: 0.5, y: offSimplex, dOut }), 'y', '#1 concreteLogProbVjp');
        const negative = scope.from([0.5, -0.2, 0.7], [1, 3]);
        expectTypedError(() => backend.concreteLogProb({ logits, tau: 0.5, y: negative }), 'y', 'concreteLogProb, y with −0.2');
        const positiveX = scope.from([-0.2, 0.5, 0.3], [1, 3]);
        expectTypedError(() => backend.expConcreteLogProb({ logits, tau: 0.5, x: positiveX }), 'x', '#2 expConcreteLogProb, x = [−0.2, 0.5, 0.3]');
        if (s.gradients) expectTypedError(() => backend.expConcreteLogProbVjp({ logits, tau: 0.5, x: positiveX, dOut }), 'x', '#2 expConcreteLogProbVjp');
        const nanY = scope.from([NaN, 0.5, 0.5], [1, 3]);
        expectTypedError(() => backend.concreteLogProb({ logits, tau: 0.5, y: nanY }), 'y', 'concreteLogProb, NaN in y');
        // TFP testAssertValidSample: y = [0.3, 0.1, 1.2] and [0.3, −0.2, 0.5]
        const bl = scope.from([0.2, 0.6, 0.5], [3]);
        const blOut = scope.from([1, 1, 1], [3]);
        for (const bad of [[0.3, 0.1, 1.2], [0.3, -0.2, 0.5], [0.3, NaN, 0.5]]) {
          const y = scope.from(bad, [3]);
          expectTypedError(() => backend.binConcreteLogProb({ logits: bl, tau: 0.01, y }), 'y', `#3 binConcreteLogProb y = ${bad}`);
          if (s.gradients) expectTypedError(() => backend.binConcreteLogProbVjp({ logits: bl, tau: 0.01, y, dOut: blOut }), 'y', `#3 binConcreteLogProbVjp y = ${bad}`);
        }
      });
    });

    it.skipIf(!s.densities)('issue 13 #4: BinConcrete at y ∈ {0, 1}: +∞ (τ < 1), −∞ (τ > 1), 1/α and α (τ = 1)', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of edges.binConcreteEnds.entries()) {
          const args = { logits: scope.from([c.logit], [1]), tau: c.tau, y: scope.from([c.y], [1]) };
          const got = await scope.read(scope.keep(backend.binConcreteLogProb(args)));
          expectGolden(ledger, 'edges: binConcreteLogProb', got, [c.logProb], tol, `binConcreteEnds[${i}] (logit ${c.logit}, τ ${c.tau}, y ${c.y})`);
          if (!s.gradients || c.dLogit === null) continue;
          const g = scope.keepGradients(backend.binConcreteLogProbVjp({ ...args, dOut: scope.from([1], [1]) }));
          expectGolden(ledger, 'edges: binConcreteLogProbVjp', await scope.read(g.dLogits), [c.dLogit], tol, `binConcreteEnds[${i}] dLogit`);
          if (c.dY !== null) expectGolden(ledger, 'edges: binConcreteLogProbVjp', await scope.read(g.dValue), [c.dY], ctx.tol.gradient, `binConcreteEnds[${i}] dY`);
          // log p ~ (τ − 1)·log d near an end, so ∂/∂τ → −∞ whatever τ is.
          expect(Array.from(await scope.read(g.dTau)), `binConcreteEnds[${i}] dTau`).toEqual([-Infinity]);
        }
      });
    });

    it.skipIf(!(s.densities && s.bernoulli))('issue 13 #4: a logit of ±∞ puts all mass at 1 or 0 (TFP testBoundaryConditions)', async () => {
      await withTensors(backend, async (scope) => {
        const byTau = new Map<number, typeof edges.binConcreteSure[number][]>();
        for (const c of edges.binConcreteSure) byTau.set(c.tau, [...(byTau.get(c.tau) ?? []), c]);
        for (const [tau, cases] of byTau) {
          const n = cases.length;
          const args = { logits: scope.from(cases.map((c) => c.logit), [n]), tau, y: scope.from(cases.map((c) => c.y), [n]) };
          const got = await scope.read(scope.keep(backend.binConcreteLogProb(args)));
          expectGolden(ledger, 'edges: binConcreteLogProb', got, cases.map((c) => c.logProb), tol, `sure outcomes, τ = ${tau}`);
          if (!s.gradients) continue;
          const g = scope.keepGradients(backend.binConcreteLogProbVjp({ ...args, dOut: scope.from(new Array<number>(n).fill(1), [n]) }));
          for (const [name, t] of [['dLogits', g.dLogits], ['dValue', g.dValue], ['dTau', g.dTau]] as const) {
            expect(Array.from(await scope.read(t)).every((v) => v === 0), `sure outcomes τ = ${tau}: ${name} all 0`).toBe(true);
          }
        }
      });
    });

    it.skipIf(!(s.densities && s.gradients))('TFP testGradientLogits: ∂/∂logit of log p at y = [0, 1] is finite (the limit ∓1)', async () => {
      await withTensors(backend, async (scope) => {
        const args = { logits: scope.from([-1, 1], [2]), tau: 0.5, y: scope.from([0, 1], [2]) };
        expect(Array.from(await scope.read(scope.keep(backend.binConcreteLogProb(args)))), 'log p').toEqual([Infinity, Infinity]);
        const g = scope.keepGradients(backend.binConcreteLogProbVjp({ ...args, dOut: scope.from([-1, -1], [2]) }));
        expectGolden(ledger, 'edges: binConcreteLogProbVjp', await scope.read(g.dLogits), [1, -1], tol, 'dLogits of −log p');
      });
    });

    it.skipIf(!s.densities)('issue 13 #7: Concrete at a vertex or another boundary point: the radial limit', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of edges.concreteBoundary.entries()) {
          const k = c.logits.length;
          const args = { logits: scope.from(c.logits, [1, k]), tau: c.tau, y: scope.from(c.y, [1, k]) };
          const got = await scope.read(scope.keep(backend.concreteLogProb(args)));
          expectGolden(ledger, 'edges: concreteLogProb', got, [c.logProb], tol, `concreteBoundary[${i}] (y ${c.y}, τ ${c.tau})`);
          if (s.gradients) await expectDefinedGradients(scope, backend.concreteLogProbVjp({ ...args, dOut: scope.from([1], [1]) }), `concreteBoundary[${i}]`);
        }
        for (const [i, c] of edges.expConcreteBoundary.entries()) {
          const k = c.logits.length;
          const args = { logits: scope.from(c.logits, [1, k]), tau: c.tau, x: scope.from(c.x, [1, k]) };
          const got = await scope.read(scope.keep(backend.expConcreteLogProb(args)));
          expectGolden(ledger, 'edges: expConcreteLogProb', got, [c.logProb], tol, `expConcreteBoundary[${i}]`);
          if (s.gradients) await expectDefinedGradients(scope, backend.expConcreteLogProbVjp({ ...args, dOut: scope.from([1], [1]) }), `expConcreteBoundary[${i}]`);
        }
      });
    });

    it.skipIf(!s.densities)('low τ: float32 samples with entries underflowed to 0 (k = 10…1000): finite ExpConcrete, Concrete = its limit', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of edges.lowTau.entries()) {
          const k = c.logits.length;
          const logits = scope.from(c.logits, [1, k]);
          const x = await scope.read(scope.keep(backend.expConcreteLogProb({ logits, tau: c.tau, x: scope.from(c.x, [1, k]) })));
          expectGolden(ledger, 'edges: low-τ expConcreteLogProb', x, [c.expConcreteLogProb], tol, `lowTau[${i}] (k ${k}, τ ${c.tau})`);
          const y = await scope.read(scope.keep(backend.concreteLogProb({ logits, tau: c.tau, y: scope.from(c.y, [1, k]) })));
          expectGolden(ledger, 'edges: low-τ concreteLogProb', y, [c.concreteLogProb], tol, `lowTau[${i}] (${c.zeros} of ${k} entries 0)`);
        }
      });
    });
  });
}

/** Gradients at a boundary point: never NaN; dLogits finite (limits of 1 − k·w). */
async function expectDefinedGradients<T>(scope: TensorScope<T>, g: DensityGradients<T>, label: string): Promise<void> {
  scope.keepGradients(g);
  const dLogits = await scope.read(g.dLogits);
  expect(Array.from(dLogits).every(Number.isFinite), `${label}: dLogits finite (${Array.from(dLogits)})`).toBe(true);
  for (const [name, t] of [['dValue', g.dValue], ['dTau', g.dTau]] as const) {
    const v = await scope.read(t);
    expect(Array.from(v).some(Number.isNaN), `${label}: ${name} has no NaN (${Array.from(v)})`).toBe(false);
  }
}
