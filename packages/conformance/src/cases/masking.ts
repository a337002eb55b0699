/**
 * Case family 6: −∞ logits mean "masked". A masked class is never the argmax (nor in the top-k),
 * has y = 0 and log y = −∞, and every gradient stays finite with exact zeros at masked entries.
 * A row with all classes but one masked is a sure outcome.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import type { Temperature } from '@gumbel/core';
import { expectAllFinite } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';
import type { TensorScope } from '../scope.js';

const K = 6;
const N = 4000;

/** Row r masks classes r mod 6 and (r + 3) mod 6 when r is even, only r mod 6 when odd. */
function maskedLogits(n: number, rng: CounterRng): { logits: number[]; masked: boolean[] } {
  const logits: number[] = [];
  const masked: boolean[] = [];
  for (let r = 0; r < n; r++) {
    // Every 7th row has hugely negative (but finite) logits: still preferred to a masked class.
    const base = r % 7 === 0 ? -300 : 0;
    for (let j = 0; j < K; j++) {
      const m = j === r % K || (r % 2 === 0 && j === (r + 3) % K);
      masked.push(m);
      logits.push(m ? -Infinity : base + 4 * rng.next() - 2);
    }
  }
  return { logits, masked };
}

export function registerMaskingCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const canDraw = s.seededNoise || s.hostUniforms;

  /** Gumbel noise from the backend's stream, or from host uniforms through the backend. */
  function noise(scope: TensorScope<T>, n: number, k: number, seed: number): T {
    if (s.seededNoise) return scope.keep(backend.gumbelNoise([n, k], seed));
    const rng = CounterRng.fromSeed(seed);
    const u = Array.from({ length: n * k }, () => rng.next());
    return scope.keep(backend.gumbelFromUniforms(scope.from(u.map((v) => (backend.floatPrecision === 32 ? Math.fround(v) : v)), [n, k])));
  }

  function failuresAt(values: ArrayLike<number>, where: readonly boolean[], ok: (v: number, masked: boolean) => boolean): number[] {
    const bad: number[] = [];
    for (let i = 0; i < values.length; i++) if (!ok(values[i] as number, where[i] as boolean)) bad.push(i);
    return bad.slice(0, 8);
  }

  describe('masked (−∞) logits', () => {
    it.skipIf(!canDraw)(`a masked class is never the argmax in ${N} draws; y = 0 and log y = −∞ there`, async () => {
      const { logits, masked } = maskedLogits(N, CounterRng.fromSeed(5));
      await withTensors(backend, async (scope) => {
        const lt = scope.from(logits, [N, K]);
        const g = noise(scope, N, K, 6);
        for (const tau of [0.1, 1, 10]) {
          const st = backend.straightThroughSample({ logits: lt, tau, noise: g });
          const hard = await scope.read(scope.keep(st.hard));
          const soft = await scope.read(scope.keep(st.soft));
          expect(failuresAt(hard, masked, (v, m) => (m ? v === 0 : v === 0 || v === 1)), `τ = ${tau}: hard`).toEqual([]);
          expect(failuresAt(soft, masked, (v, m) => (m ? v === 0 : v >= 0 && v <= 1)), `τ = ${tau}: soft`).toEqual([]);
          const y = await scope.read(scope.keep(backend.relaxedSample({ logits: lt, tau, noise: g })));
          expect(failuresAt(y, masked, (v, m) => (m ? v === 0 : v >= 0 && v <= 1)), `τ = ${tau}: relaxedSample`).toEqual([]);
          const logY = await scope.read(scope.keep(backend.relaxedLogSample({ logits: lt, tau, noise: g })));
          expect(failuresAt(logY, masked, (v, m) => (m ? v === -Infinity : v <= 0 && !Number.isNaN(v))), `τ = ${tau}: relaxedLogSample`).toEqual([]);
        }
        const idx = await scope.read(scope.keep(backend.argmax(scope.keep(backend.relaxedLogSample({ logits: lt, tau: 1, noise: g })))));
        const hit = Array.from(idx).flatMap((j, r) => (masked[r * K + j] === true ? [r] : []));
        expect(hit.slice(0, 8), 'rows whose argmax is masked').toEqual([]);
        if (s.topK) {
          const top = await scope.read(scope.keep(backend.topK({ logits: lt, noise: g, count: 4 })));
          const inTop = Array.from(top).flatMap((j, i) => (masked[Math.floor(i / 4) * K + j] === true ? [i] : []));
          expect(inTop.slice(0, 8), 'masked classes among the top 4 (every row has ≥ 4 unmasked)').toEqual([]);
        }
      });
    });

    it.skipIf(!(canDraw && s.gradients))('gradients stay finite, with zeros at masked entries (scalar and per-row τ)', async () => {
      const n = 64;
      const { logits, masked } = maskedLogits(n, CounterRng.fromSeed(9));
      const rng = CounterRng.fromSeed(10);
      const upstream = Array.from({ length: n * K }, () => 2 * rng.next() - 1); // non-zero at masked entries too
      const rowMasked = Array.from({ length: n }, () => false);
      await withTensors(backend, async (scope) => {
        const lt = scope.from(logits, [n, K]);
        const g = noise(scope, n, K, 11);
        const up = scope.from(upstream, [n, K]);
        const taus: Temperature<T>[] = [0.1, 2];
        if (s.perRowTemperature) taus.push(scope.from(Array.from({ length: n }, (_, r) => [0.1, 0.5, 3][r % 3] as number), [n]));
        for (const tau of taus) {
          const label = typeof tau === 'number' ? `τ = ${tau}` : 'per-row τ';
          const logY = scope.keep(backend.relaxedLogSample({ logits: lt, tau, noise: g }));
          const y = scope.keep(backend.relaxedSample({ logits: lt, tau, noise: g }));
          const grads = [
            ['relaxedLogSampleVjp', scope.keepGradients(backend.relaxedLogSampleVjp({ logits: lt, tau, noise: g, logY, dLogY: up }))],
            ['relaxedSampleVjp', scope.keepGradients(backend.relaxedSampleVjp({ logits: lt, tau, noise: g, y, dy: up }))],
          ] as const;
          for (const [name, gr] of grads) {
            const dLogits = await scope.read(gr.dLogits);
            expectAllFinite(dLogits, `${label} ${name} dLogits`);
            expect(failuresAt(dLogits, masked, (v, m) => !m || v === 0), `${label} ${name} dLogits = 0 at masked`).toEqual([]);
            expectAllFinite(await scope.read(gr.dTau), `${label} ${name} dTau`);
          }
          if (s.densities) {
            const ySafe = await scope.read(y); // exact zeros at masked coordinates
            const dOut = scope.from(upstream.slice(0, n), [n]);
            const c = scope.keepGradients(backend.concreteLogProbVjp({ logits: lt, tau, y: scope.from(ySafe, [n, K]), dOut }));
            const e = scope.keepGradients(backend.expConcreteLogProbVjp({ logits: lt, tau, x: logY, dOut }));
            for (const [name, gr] of [['concreteLogProbVjp', c], ['expConcreteLogProbVjp', e]] as const) {
              const dLogits = await scope.read(gr.dLogits);
              expectAllFinite(dLogits, `${label} ${name} dLogits`);
              expect(failuresAt(dLogits, masked, (v, m) => !m || v === 0), `${label} ${name} dLogits = 0 at masked`).toEqual([]);
              expectAllFinite(await scope.read(gr.dTau), `${label} ${name} dTau`);
              expectAllFinite(await scope.read(gr.dValue), `${label} ${name} dValue`);
            }
            const lp = await scope.read(scope.keep(backend.concreteLogProb({ logits: lt, tau, y: scope.from(ySafe, [n, K]) })));
            expect(failuresAt(lp, rowMasked, (v) => !Number.isNaN(v) && v < Infinity), `${label} concreteLogProb not NaN/+∞`).toEqual([]);
          }
        }
      });
    });

    it('all classes but one masked: a sure outcome', async () => {
      const n = 8;
      const k = 4;
      const sure = Array.from({ length: n }, (_, r) => (r * 3) % k);
      const logits = sure.flatMap((j, r) => Array.from({ length: k }, (_, c) => (c === j ? r - 4 : -Infinity)));
      const oneHot = sure.flatMap((j) => Array.from({ length: k }, (_, c) => (c === j ? 1 : 0)));
      await withTensors(backend, async (scope) => {
        const lt = scope.from(logits, [n, k]);
        const rng = CounterRng.fromSeed(12);
        const g = scope.from(Array.from({ length: n * k }, () => -Math.log(-Math.log(rng.next()))), [n, k]);
        expect(Array.from(await scope.read(scope.keep(backend.argmax(lt))))).toEqual(sure);
        for (const tau of [0.1, 1, 10]) {
          expect(Array.from(await scope.read(scope.keep(backend.relaxedSample({ logits: lt, tau, noise: g })))), `τ = ${tau}: y`).toEqual(oneHot);
          const logY = await scope.read(scope.keep(backend.relaxedLogSample({ logits: lt, tau, noise: g })));
          expect(Array.from(logY), `τ = ${tau}: log y`).toEqual(oneHot.map((v) => (v === 1 ? 0 : -Infinity)));
          const st = backend.straightThroughSample({ logits: lt, tau, noise: g });
          expect(Array.from(await scope.read(scope.keep(st.hard))), `τ = ${tau}: hard`).toEqual(oneHot);
          scope.keep(st.soft);
        }
        if (s.topK) expect(Array.from(await scope.read(scope.keep(backend.topK({ logits: lt, noise: g, count: 1 }))))).toEqual(sure);
        if (s.gradients) {
          const y = scope.keep(backend.relaxedSample({ logits: lt, tau: 0.5, noise: g }));
          const gr = scope.keepGradients(backend.relaxedSampleVjp({ logits: lt, tau: 0.5, noise: g, y, dy: scope.from(oneHot.map((v, i) => v + i), [n, k]) }));
          // y does not depend on the logits or τ at all: both gradients vanish (to rounding).
          for (const v of await scope.read(gr.dLogits)) expect(Math.abs(v)).toBeLessThanOrEqual(ctx.tol.values.atol);
          for (const v of await scope.read(gr.dTau)) expect(Math.abs(v)).toBeLessThanOrEqual(ctx.tol.values.atol);
        }
        if (s.densities) {
          const lp = await scope.read(scope.keep(backend.concreteLogProb({ logits: lt, tau: 0.5, y: scope.from(oneHot, [n, k]) })));
          expect(Array.from(lp), 'Concrete with one unmasked class: log p = 0 (a point mass)').toEqual(new Array<number>(n).fill(0));
        }
      });
    });

    it.skipIf(!s.bernoulli)('Bernoulli: a −∞ logit gives y = 0 and hard = 0, with finite zero gradients', async () => {
      await withTensors(backend, async (scope) => {
        const logits = scope.from([-Infinity, 0.5, -Infinity, -2], [2, 2]);
        const noise = scope.from([3, -1, 0.2, 4], [2, 2]);
        const y = scope.keep(backend.relaxedBernoulli({ logits, tau: 0.5, noise }));
        const yv = await scope.read(y);
        expect([yv[0], yv[2]]).toEqual([0, 0]);
        const hard = await scope.read(scope.keep(backend.hardBernoulli({ logits, noise })));
        expect([hard[0], hard[2]]).toEqual([0, 0]);
        if (s.gradients) {
          const gr = scope.keepGradients(backend.relaxedBernoulliVjp({ logits, tau: 0.5, noise, y, dy: scope.from([1, 1, -1, 1], [2, 2]) }));
          const d = await scope.read(gr.dLogits);
          expectAllFinite(d, 'dLogits');
          expect([d[0], d[2]]).toEqual([0, 0]);
          expectAllFinite(await scope.read(gr.dTau), 'dTau');
        }
      });
    });
  });
}
