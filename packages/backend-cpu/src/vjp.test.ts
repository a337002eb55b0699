/**
 * Finite-difference checks of every hand-written VJP, in float64. The loss is L = Σ w ⊙ output
 * for fixed pseudo-random weights w, so the VJP with upstream w must equal ∇L; each partial is
 * checked against a central difference (step 1e-5, error O(h²) ≈ 1e-10).
 */
import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import { createCpuBackend } from './index.js';
import type { CpuTensor } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
const H = 1e-5;
const REL = 1e-6;
/** The largest relative error seen per check, printed at the end for the report. */
const seen: Record<string, number> = {};

function t(values: number[], shape: number[]): CpuTensor {
  return cpu.fromArray(values, shape);
}

function rand(n: number, seed: number, lo = -2, hi = 2): number[] {
  const rng = CounterRng.fromSeed(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

function sumWeighted(out: CpuTensor, w: number[]): number {
  let s = 0;
  out.data.forEach((v, i) => {
    if (Number.isFinite(v)) s += v * (w[i] as number);
  });
  return s;
}

/** Central difference of f at each coordinate of `x`, skipping masked (−∞) coordinates. */
function numericGrad(x: number[], f: (x: number[]) => number): number[] {
  return x.map((xi, i) => {
    if (xi === -Infinity) return 0;
    const h = H * Math.max(1, Math.abs(xi));
    const plus = [...x];
    const minus = [...x];
    plus[i] = xi + h;
    minus[i] = xi - h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

function expectClose(name: string, analytic: ArrayLike<number>, numeric: number[]): void {
  expect(analytic.length).toBe(numeric.length);
  let worst = 0;
  numeric.forEach((n, i) => {
    const a = analytic[i] as number;
    expect(Number.isNaN(a), `${name}[${i}] is NaN`).toBe(false);
    const scale = Math.max(Math.abs(a), Math.abs(n));
    // Tiny partials have no meaningful relative error; there the absolute error is what counts.
    const err = scale < 1e-6 ? Math.abs(a - n) : Math.abs(a - n) / scale;
    worst = Math.max(worst, err);
    expect(err, `${name}[${i}]: analytic ${a}, numeric ${n}`).toBeLessThan(REL);
  });
  seen[name] = Math.max(seen[name] ?? 0, worst);
}

type Tau = number | number[];
const tauArg = (tau: Tau): number | CpuTensor => (typeof tau === 'number' ? tau : t(tau, [tau.length]));

interface Case {
  readonly name: string;
  readonly logits: number[];
  readonly shape: [number, number];
  readonly tau: Tau;
}

const cases: Case[] = [
  { name: 'scalar τ', logits: rand(12, 1), shape: [3, 4], tau: 0.7 },
  { name: 'per-row τ', logits: rand(12, 2), shape: [3, 4], tau: [0.5, 1.3, 2] },
  { name: 'masked', logits: [0.3, -Infinity, 1.2, -0.4, -Infinity, 2, -Infinity, 0.1, 1, 1, 1, 1], shape: [3, 4], tau: [0.9, 0.4, 3] },
];

/** ∇ wrt logits and τ of L(logits, τ) by differences, τ as number or per row. */
function numericLogitsTau(c: Case, loss: (logits: number[], tau: Tau) => number): { dLogits: number[]; dTau: number[] } {
  const dLogits = numericGrad(c.logits, (l) => loss(l, c.tau));
  const taus = typeof c.tau === 'number' ? [c.tau] : c.tau;
  const dTau = numericGrad(taus, (tv) => loss(c.logits, typeof c.tau === 'number' ? (tv[0] as number) : tv));
  return { dLogits, dTau };
}

function expectMaskedZero(c: Case, grad: ArrayLike<number>): void {
  c.logits.forEach((l, i) => {
    if (l === -Infinity) expect(grad[i]).toBe(0);
  });
}

describe('VJPs match central differences (float64)', () => {
  for (const c of cases) {
    const n = c.logits.length;
    const noise = cpu.gumbelNoise(c.shape, 7);
    const w = rand(n, 99);
    const batch = c.shape[0];

    it(`relaxedLogSampleVjp, ${c.name}`, () => {
      const loss = (l: number[], tau: Tau) => sumWeighted(cpu.relaxedLogSample({ logits: t(l, c.shape), tau: tauArg(tau), noise }), w);
      const args = { logits: t(c.logits, c.shape), tau: tauArg(c.tau), noise };
      const g = cpu.relaxedLogSampleVjp({ ...args, logY: cpu.relaxedLogSample(args), dLogY: t(w, c.shape) });
      const num = numericLogitsTau(c, loss);
      expectClose('relaxedLogSample dLogits', g.dLogits.data, num.dLogits);
      expectClose('relaxedLogSample dTau', g.dTau.data, num.dTau);
      expect(g.dTau.shape).toEqual(typeof c.tau === 'number' ? [] : [batch]);
      expectMaskedZero(c, g.dLogits.data);
    });

    it(`relaxedSampleVjp, ${c.name}`, () => {
      const loss = (l: number[], tau: Tau) => sumWeighted(cpu.relaxedSample({ logits: t(l, c.shape), tau: tauArg(tau), noise }), w);
      const args = { logits: t(c.logits, c.shape), tau: tauArg(c.tau), noise };
      const g = cpu.relaxedSampleVjp({ ...args, y: cpu.relaxedSample(args), dy: t(w, c.shape) });
      const num = numericLogitsTau(c, loss);
      expectClose('relaxedSample dLogits', g.dLogits.data, num.dLogits);
      expectClose('relaxedSample dTau', g.dTau.data, num.dTau);
      expectMaskedZero(c, g.dLogits.data);
    });

    it(`relaxedBernoulliVjp, ${c.name}`, () => {
      const lnoise = cpu.logisticNoise(c.shape, 8);
      const loss = (l: number[], tau: Tau) => sumWeighted(cpu.relaxedBernoulli({ logits: t(l, c.shape), tau: tauArg(tau), noise: lnoise }), w);
      const args = { logits: t(c.logits, c.shape), tau: tauArg(c.tau), noise: lnoise };
      const g = cpu.relaxedBernoulliVjp({ ...args, y: cpu.relaxedBernoulli(args), dy: t(w, c.shape) });
      const num = numericLogitsTau(c, loss);
      expectClose('relaxedBernoulli dLogits', g.dLogits.data, num.dLogits);
      expectClose('relaxedBernoulli dTau', g.dTau.data, num.dTau);
      expectMaskedZero(c, g.dLogits.data);
    });

    const dOutRows = rand(batch, 5);
    // A point of the (masked) simplex: a relaxed sample at a moderate temperature.
    const y = Array.from(cpu.relaxedSample({ logits: t(c.logits, c.shape), tau: 1.5, noise: cpu.gumbelNoise(c.shape, 11) }).data);
    const x = y.map(Math.log);

    for (const form of ['concrete', 'expConcrete'] as const) {
      const point = form === 'concrete' ? y : x;
      const run = (l: number[], tau: Tau, v: number[]) => {
        const common = { logits: t(l, c.shape), tau: tauArg(tau) };
        return form === 'concrete' ? cpu.concreteLogProb({ ...common, y: t(v, c.shape) }) : cpu.expConcreteLogProb({ ...common, x: t(v, c.shape) });
      };
      it(`${form}LogProbVjp, ${c.name}`, () => {
        const common = { logits: t(c.logits, c.shape), tau: tauArg(c.tau), dOut: t(dOutRows, [batch]) };
        const g = form === 'concrete' ? cpu.concreteLogProbVjp({ ...common, y: t(point, c.shape) }) : cpu.expConcreteLogProbVjp({ ...common, x: t(point, c.shape) });
        const num = numericLogitsTau(c, (l, tau) => sumWeighted(run(l, tau, point), dOutRows));
        expectClose(`${form} dLogits`, g.dLogits.data, num.dLogits);
        expectClose(`${form} dTau`, g.dTau.data, num.dTau);
        // Only unmasked coordinates of the point are differentiated; masked ones must get 0.
        const masked = c.logits.map((l) => l === -Infinity);
        const dValueNum = numericGrad(point, (v) => sumWeighted(run(c.logits, c.tau, v.map((vi, i) => (masked[i] ? (point[i] as number) : vi))), dOutRows));
        expectClose(`${form} dValue`, g.dValue.data, dValueNum);
        expectMaskedZero(c, g.dLogits.data);
        expectMaskedZero(c, g.dValue.data);
      });
    }

    it(`binConcreteLogProbVjp, ${c.name}`, () => {
      const yb = rand(n, 31, 0.02, 0.98);
      const dOut = rand(n, 32);
      const run = (l: number[], tau: Tau, v: number[]) => cpu.binConcreteLogProb({ logits: t(l, c.shape), tau: tauArg(tau), y: t(v, c.shape) });
      const g = cpu.binConcreteLogProbVjp({ logits: t(c.logits, c.shape), tau: tauArg(c.tau), y: t(yb, c.shape), dOut: t(dOut, c.shape) });
      const num = numericLogitsTau(c, (l, tau) => sumWeighted(run(l, tau, yb), dOut));
      expectClose('binConcrete dLogits', g.dLogits.data, num.dLogits);
      expectClose('binConcrete dTau', g.dTau.data, num.dTau);
      const masked = c.logits.map((l) => l === -Infinity);
      const dValueNum = numericGrad(yb, (v) => sumWeighted(run(c.logits, c.tau, v.map((vi, i) => (masked[i] ? (yb[i] as number) : vi))), dOut));
      expectClose('binConcrete dValue', g.dValue.data, dValueNum.map((d, i) => (masked[i] ? 0 : d)));
      expectMaskedZero(c, g.dLogits.data);
    });
  }

  it('reports the worst relative errors', () => {
    console.log('worst FD relative errors:', JSON.stringify(seen, null, 1));
    expect(Object.keys(seen).length).toBeGreaterThan(0);
  });
});
