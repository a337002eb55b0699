/**
 * `describeDistributions`: the conformance suite of @gumbel/distributions for one backend, in the
 * way @gumbel/conformance runs one suite on every backend. Every class of the catalog is checked
 * against the float64 CPU backend as reference:
 * - the same seed gives the same sample (uniforms come from core's counter-based stream on the
 *   host, so only the final rounding to the backend's precision differs);
 * - logProb of the backend's own sample is finite (float32 samples included: the relaxed samplers
 *   clamp into the open support) and equals the reference at the same point;
 * - the explicit VJP of logProb equals the reference's;
 * - bad parameters are typed errors before anything runs.
 * The distributions use only `fromArray`, `toArraySync`, `toArray` and `shapeOf` — methods every
 * backend has — so no case is gated on a `supports` flag; tolerances come from `floatPrecision`.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { describe, expect, it } from 'vitest';
import { Categorical, Gumbel, OneHotCategorical, RelaxedBernoulli, RelaxedOneHotCategorical, kl, klVjp } from '../index.js';
import type { Tape, VjpResult } from '../index.js';
import { CATALOG } from './catalog.js';
import { expectClose } from './support.js';

const reference = createCpuBackend({ precision: 64 });
const BATCH = [2, 2];

export interface DistributionsSuiteOptions<T> {
  /** The tape the backend's users pass (tfjs: `tfjsTape()`, whose tensor-native kernels are then checked too). */
  readonly tape?: () => Tape<T>;
}

export function describeDistributions<T>(name: string, create: () => Backend<T> | Promise<Backend<T>>, options: DistributionsSuiteOptions<T> = {}): void {
  describe(`distributions conformance: ${name}`, async () => {
    const backend = await create();
    // Results are float64 host math rounded once to the backend's precision; inputs read back from
    // float32 samples carry one more rounding, which logProb's conditioning can amplify ~10×.
    const rtol = backend.floatPrecision === 32 ? 2e-5 : 1e-12;
    const atol = backend.floatPrecision === 32 ? 1e-5 : 1e-12;
    const host = (t: T) => Array.from(backend.toArraySync(t));

    for (const entry of CATALOG) {
      it(`${entry.name}: same seed ⇒ the reference sample, to the backend's precision`, () => {
        const d = entry.make(backend, BATCH);
        const r = entry.make(reference, BATCH);
        const x = d.sample([3], { seed: 42 });
        expect(backend.shapeOf(x)).toEqual([3, ...BATCH, ...entry.eventShape]);
        expectClose(host(x), Array.from(reference.toArraySync(r.sample([3], { seed: 42 }))), rtol, atol, 'sample');
      });

      if (entry.samplesHaveDensity) {
        it(`${entry.name}: logProb of its own sample is finite and equals the reference at that point`, () => {
          const d = entry.make(backend, BATCH);
          const r = entry.make(reference, BATCH);
          const x = d.sample([3], { seed: 7 });
          const lp = host(d.logProb(x));
          expect(lp.every(Number.isFinite)).toBe(true);
          // A straight-through sample carries its relaxed point: the reference draws its own (same seed).
          const xr = entry.straightThrough ? r.sample([3], { seed: 7 }) : reference.fromArray(backend.toArraySync(x), backend.shapeOf(x));
          expectClose(lp, Array.from(reference.toArraySync(r.logProb(xr))), rtol, atol, 'logProb');
        });
      }

      const vjpOf = (d: unknown) => (d as { logProbVjp?: (v: unknown) => VjpResult<unknown> }).logProbVjp;
      if (entry.samplesHaveDensity && vjpOf(entry.make(reference, [])) !== undefined) {
        it(`${entry.name}: the explicit VJP of logProb equals the reference`, async () => {
          const d = entry.make(backend, BATCH);
          const r = entry.make(reference, BATCH);
          const x = d.sample([2], { seed: 3 });
          const upstream = Array.from({ length: 2 * 4 }, (_, i) => Math.cos(i));
          const g = await (vjpOf(d) as (v: T) => VjpResult<T>).call(d, x).backward(backend.fromArray(upstream, [2, ...BATCH]));
          const xr = entry.straightThrough ? r.sample([2], { seed: 3 }) : reference.fromArray(backend.toArraySync(x), backend.shapeOf(x));
          const gr = (vjpOf(r) as (v: unknown) => VjpResult<Float64Array>).call(r, xr).backwardSync(reference.fromArray(upstream, [2, ...BATCH]) as never);
          expect(Object.keys(g).sort()).toEqual(Object.keys(gr).sort());
          // Gradients wrt a value near a vertex scale like 1/y: compare relative to their size.
          for (const key of Object.keys(g)) expectClose(host(g[key] as T), Array.from(reference.toArraySync(gr[key] as never)), rtol * 50, atol, `d/d${key}`);
        });
      }
    }

    it('number parameters get [] gradients; entropyVjp and klVjp equal the reference', async () => {
      const g = new Gumbel({ backend, loc: 0.5, scale: 2 }).logProbVjp(backend.fromArray([0.1, 3], [2]));
      const grads = await g.backward(backend.fromArray([1, 1], [2]));
      expect(backend.shapeOf(grads.loc as T)).toEqual([]);
      expect(backend.shapeOf(grads.scale as T)).toEqual([]);
      const build = <U>(be: Backend<U>) => [
        new Categorical({ backend: be, logits: be.fromArray([0.2, -1, 1.5, 0, 0.3, -0.4], [2, 3]) }),
        new Categorical({ backend: be, probs: be.fromArray([0.3, 0.3, 0.4], [3]) }),
      ] as const;
      const [p, q] = build(backend);
      const [pr, qr] = build(reference);
      const upstream = [0.7, -1.3];
      const mine = await klVjp(p, q).backward(backend.fromArray(upstream, [2]));
      const ref = klVjp(pr, qr).backwardSync(reference.fromArray(upstream, [2]));
      for (const key of ['p.logits', 'q.probs']) expectClose(host(mine[key] as T), Array.from(reference.toArraySync(ref[key] as never)), rtol, atol, key);
      const h = await p.entropyVjp().backward(backend.fromArray(upstream, [2]));
      expectClose(host(h.logits as T), Array.from(reference.toArraySync(pr.entropyVjp().backwardSync(reference.fromArray(upstream, [2])).logits as never)), rtol, atol, 'entropy');
    });

    it('kl on the tape (tensor-native where the tape has a kernel) equals the reference: masks, probs, broadcasting, +∞', () => {
      const tape = options.tape?.();
      const cases = [
        { p: { logits: [[0.2, -1, 1.5], [0, -Infinity, 0.3]] }, q: { logits: [[0.1, 0.1, -2]] } },
        { p: { probs: [[0.2, 0, 0.8], [0.5, 0.25, 0.25]] }, q: { probs: [[0.3, 0.3, 0.4]] } },
        { p: { logits: [[0.3, 1, -1], [0.2, -Infinity, 1]] }, q: { logits: [[0, -Infinity, 0]] } },
      ];
      for (const [i, c] of cases.entries()) {
        const make = <U>(be: Backend<U>, side: Record<string, number[][]>, t?: Tape<U>) => {
          const [kind, rows] = Object.entries(side)[0] as [string, number[][]];
          return new (i === 1 ? OneHotCategorical : Categorical)({ backend: be, ...(t ? { tape: t } : {}), [kind]: be.fromArray(rows.flat(), [rows.length, 3]) });
        };
        const got = host(kl(make(backend, c.p, tape), make(backend, c.q, tape)));
        const want = Array.from(reference.toArraySync(kl(make(reference, c.p), make(reference, c.q))));
        expect(got.map((v, j) => (want[j] === Infinity ? v === Infinity : Number.isFinite(v)))).toEqual(want.map(() => true));
        expectClose(got.filter((_, j) => Number.isFinite(want[j])), want.filter(Number.isFinite), rtol, atol, `kl case ${i}`);
      }
    });

    it('bad parameters are typed errors naming the argument', () => {
      expect(() => new Gumbel({ backend, loc: 0, scale: backend.fromArray([1, 0], [2]) })).toThrow(/scale\[1\] must be finite and > 0, got 0/);
      expect(() => new RelaxedOneHotCategorical({ backend, logits: backend.fromArray([0, Number.NaN], [2]), temperature: 1 })).toThrow(GumbelRangeError);
      expect(() => new RelaxedBernoulli({ backend, probs: 0.5, temperature: -1 })).toThrow(/temperature must be finite and > 0, got -1/);
    });
  });
}
