/**
 * Case family 1: golden values from the independent numpy/scipy reference (fixtures/golden.json).
 * Noise is made by the backend from the fixture's uniforms (`gumbelFromUniforms(fromArray(u))`)
 * when it supports host uniforms, so the whole pipeline is compared; otherwise the fixture's own
 * noise values are uploaded and only the downstream kernels are compared.
 */
import { describe, it } from 'vitest';
import type { Temperature } from '@gumbel/core';
import { expectExact, expectGolden } from '../assertions.js';
import { flatten } from '../context.js';
import type { SuiteContext } from '../context.js';
import { loadGolden } from '../golden.js';
import type { GoldenBernoulli, GoldenRelaxed, Matrix } from '../golden.js';
import { withTensors } from '../scope.js';
import type { TensorScope } from '../scope.js';

function isPerRow(tau: number | readonly number[]): tau is readonly number[] {
  return typeof tau !== 'number';
}

export function registerGoldenCases<T>(ctx: SuiteContext<T>): void {
  const { backend, ledger } = ctx;
  const s = backend.supports;
  const tol = ctx.tol.values;
  const golden = loadGolden();

  function tauOf(scope: TensorScope<T>, tau: number | readonly number[]): Temperature<T> {
    return isPerRow(tau) ? scope.from(tau, [tau.length]) : tau;
  }

  /** Noise for a fixture: from its uniforms on the backend, or its reference values uploaded. */
  function noiseOf(scope: TensorScope<T>, uniforms: Matrix, reference: Matrix, kind: 'gumbel' | 'logistic'): T {
    if (s.hostUniforms) {
      const u = flatten(uniforms);
      const ut = scope.from(u.values, u.shape);
      return scope.keep(kind === 'gumbel' ? backend.gumbelFromUniforms(ut) : backend.logisticFromUniforms(ut));
    }
    const r = flatten(reference);
    return scope.from(r.values, r.shape);
  }

  describe('golden values (numpy/scipy reference)', () => {
    it.skipIf(!s.hostUniforms)('gumbelFromUniforms = scipy gumbel_r.ppf, and the fixtures\' Gumbel noise', async () => {
      await withTensors(backend, async (scope) => {
        const cases = golden.gumbelQuantile.filter((c) => c.p > 0 && c.p < 1);
        const g = await scope.read(backend.gumbelFromUniforms(scope.from(cases.map((c) => c.p), [cases.length])));
        // loc + scale·G on the host in float64: the backend only supplies the standard draw G.
        const actual = cases.map((c, i) => c.loc + c.scale * (g[i] as number));
        expectGolden(ledger, 'gumbelFromUniforms', actual, cases.map((c) => c.x), tol, 'quantiles');
        for (const [i, c] of golden.relaxed.entries()) {
          const u = flatten(c.uniforms);
          const got = await scope.read(scope.keep(backend.gumbelFromUniforms(scope.from(u.values, u.shape))));
          expectGolden(ledger, 'gumbelFromUniforms', got, flatten(c.gumbel).values, tol, `relaxed[${i}]`);
        }
      });
    });

    it.skipIf(!(s.hostUniforms && s.bernoulli))('logisticFromUniforms = log u − log(1 − u)', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.bernoulli.entries()) {
          const u = flatten(c.uniforms);
          const got = await scope.read(scope.keep(backend.logisticFromUniforms(scope.from(u.values, u.shape))));
          expectGolden(ledger, 'logisticFromUniforms', got, flatten(c.logistic).values, tol, `bernoulli[${i}]`);
        }
      });
    });

    it('softmax / log-softmax at temperature τ without noise, argmax and one-hot', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.softmax.entries()) {
          const k = c.logits.length;
          const logits = scope.from(c.logits, [1, k]);
          const logY = await scope.read(scope.keep(backend.relaxedLogSample({ logits, tau: c.tau })));
          expectGolden(ledger, 'logSoftmax (no noise)', logY, c.logSoftmax, tol, `softmax[${i}]`);
          const y = await scope.read(scope.keep(backend.relaxedSample({ logits, tau: c.tau })));
          expectGolden(ledger, 'softmax (no noise)', y, c.softmax, tol, `softmax[${i}]`);
          expectExact(await scope.read(scope.keep(backend.argmax(logits))), [c.argmax], `softmax[${i}] argmax`);
          const oneHot = Array.from({ length: k }, (_, j) => (j === c.argmax ? 1 : 0));
          expectExact(await scope.read(scope.keep(backend.oneHotArgmax(logits))), oneHot, `softmax[${i}] oneHotArgmax`);
        }
      });
    });

    async function checkRelaxed(scope: TensorScope<T>, c: GoldenRelaxed, label: string): Promise<void> {
      const l = flatten(c.logits);
      const logits = scope.from(l.values, l.shape);
      const noise = noiseOf(scope, c.uniforms, c.gumbel, 'gumbel');
      const tau = tauOf(scope, c.tau);
      const logY = await scope.read(scope.keep(backend.relaxedLogSample({ logits, tau, noise })));
      expectGolden(ledger, 'relaxedLogSample', logY, flatten(c.logY).values, tol, label);
      const y = await scope.read(scope.keep(backend.relaxedSample({ logits, tau, noise })));
      expectGolden(ledger, 'relaxedSample', y, flatten(c.y).values, tol, label);
      const st = backend.straightThroughSample({ logits, tau, noise });
      scope.keep(st.hard);
      scope.keep(st.soft);
      expectExact(await scope.read(st.hard), flatten(c.hard).values, `${label} straightThroughSample.hard`);
      expectGolden(ledger, 'straightThroughSample.soft', await scope.read(st.soft), flatten(c.y).values, tol, label);
      // argmax / oneHotArgmax of the perturbed logits, formed on the backend's own noise values.
      const g = await scope.read(noise);
      const perturbed = scope.from(l.values.map((v, j) => v + (g[j] as number)), l.shape);
      expectExact(await scope.read(scope.keep(backend.argmax(perturbed))), c.argmax, `${label} argmax`);
      expectExact(await scope.read(scope.keep(backend.oneHotArgmax(perturbed))), flatten(c.hard).values, `${label} oneHotArgmax`);
    }

    it('relaxed samples with a scalar τ: log y, y, straight-through pair, argmax', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.relaxed.entries()) if (!isPerRow(c.tau)) await checkRelaxed(scope, c, `relaxed[${i}]`);
      });
    });

    it.skipIf(!s.perRowTemperature)('relaxed samples with a per-row τ', async () => {
      await withTensors(backend, async (scope) => {
        const cases = [...golden.relaxed.entries()].filter(([, c]) => isPerRow(c.tau));
        if (cases.length === 0) throw new Error('golden.json has no per-row τ relaxed case');
        for (const [i, c] of cases) await checkRelaxed(scope, c, `relaxed[${i}]`);
      });
    });

    async function checkBernoulli(scope: TensorScope<T>, c: GoldenBernoulli, label: string): Promise<void> {
      const l = flatten(c.logits);
      const logits = scope.from(l.values, l.shape);
      const noise = noiseOf(scope, c.uniforms, c.logistic, 'logistic');
      const y = await scope.read(scope.keep(backend.relaxedBernoulli({ logits, tau: tauOf(scope, c.tau), noise })));
      expectGolden(ledger, 'relaxedBernoulli', y, flatten(c.y).values, tol, label);
      expectExact(await scope.read(scope.keep(backend.hardBernoulli({ logits, noise }))), flatten(c.hard).values, `${label} hardBernoulli`);
    }

    it.skipIf(!s.bernoulli)('relaxed and hard Bernoulli with a scalar τ', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.bernoulli.entries()) if (!isPerRow(c.tau)) await checkBernoulli(scope, c, `bernoulli[${i}]`);
      });
    });

    it.skipIf(!(s.bernoulli && s.perRowTemperature))('relaxed Bernoulli with a per-row τ', async () => {
      await withTensors(backend, async (scope) => {
        const cases = [...golden.bernoulli.entries()].filter(([, c]) => isPerRow(c.tau));
        if (cases.length === 0) throw new Error('golden.json has no per-row τ Bernoulli case');
        for (const [i, c] of cases) await checkBernoulli(scope, c, `bernoulli[${i}]`);
      });
    });

    // The fixture has uniforms but no reference noise for top-k, so it needs host uniforms.
    it.skipIf(!(s.topK && s.hostUniforms))('Gumbel-top-k indices', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.topK.entries()) {
          const l = flatten(c.logits);
          const logits = scope.from(l.values, l.shape);
          const noise = scope.keep(backend.gumbelFromUniforms(scope.from(flatten(c.uniforms).values, l.shape)));
          const got = await scope.read(scope.keep(backend.topK({ logits, noise, count: c.count })));
          expectExact(got, flatten(c.indices).values, `topK[${i}]`);
        }
      });
    });

    it.skipIf(!s.densities)('Concrete and ExpConcrete log-densities (masked classes dropped)', async () => {
      await withTensors(backend, async (scope) => {
        for (const [i, c] of golden.concrete.entries()) {
          const k = c.logits.length;
          const args = { logits: scope.from(c.logits, [1, k]), tau: c.tau, y: scope.from(c.y, [1, k]) };
          const got = await scope.read(scope.keep(backend.concreteLogProb(args)));
          expectGolden(ledger, 'concreteLogProb', got, [c.logProb], tol, `concrete[${i}]`);
        }
        for (const [i, c] of golden.expConcrete.entries()) {
          const k = c.logits.length;
          const args = { logits: scope.from(c.logits, [1, k]), tau: c.tau, x: scope.from(c.x, [1, k]) };
          const got = await scope.read(scope.keep(backend.expConcreteLogProb(args)));
          expectGolden(ledger, 'expConcreteLogProb', got, [c.logProb], tol, `expConcrete[${i}]`);
        }
      });
    });

    it.skipIf(!s.densities)('BinConcrete log-density', async () => {
      await withTensors(backend, async (scope) => {
        // One call per distinct τ (a scalar τ; per-row τ is exercised elsewhere).
        const byTau = new Map<number, typeof golden.binConcrete[number][]>();
        for (const c of golden.binConcrete) byTau.set(c.tau, [...(byTau.get(c.tau) ?? []), c]);
        for (const [tau, cases] of byTau) {
          const n = cases.length;
          const args = { logits: scope.from(cases.map((c) => c.logit), [n]), tau, y: scope.from(cases.map((c) => c.y), [n]) };
          const got = await scope.read(scope.keep(backend.binConcreteLogProb(args)));
          expectGolden(ledger, 'binConcreteLogProb', got, cases.map((c) => c.logProb), tol, `τ = ${tau}`);
        }
      });
    });
  });
}
