/**
 * The core reference math against packages/conformance/fixtures/golden.json, which generate.py
 * writes from scipy and 50-digit mpmath (never from this code). The tolerance is 1e-12 relative,
 * measured against max(|expected|, scale): `scale` is 0 (pure relative error) except where float64
 * itself cannot deliver relative accuracy, which each case names (cancellation near a zero of the
 * result, where the achievable error is a few ulps of the inputs, not of the output).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { argmax, logSoftmax, logSumExp, softmax } from './softmax.js';
import { gumbelCdf, gumbelFromUniform, gumbelLogCdf, gumbelLogPdf, gumbelPdf, gumbelQuantile, logisticFromUniform } from './gumbel.js';
import { binConcreteLogitLogProb, binConcreteLogProb, concreteLogProb, expConcreteLogProb } from './densities.js';

const TOLERANCE = 1e-12;

// The schema writes ±Infinity as strings; nothing else in the file is a string of that form.
function revive(_key: string, value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

interface Golden {
  gumbel: { x: number; loc: number; scale: number; pdf: number; logPdf: number; cdf: number; logCdf: number }[];
  gumbelQuantile: { p: number; loc: number; scale: number; x: number }[];
  softmax: { logits: number[]; tau: number; logSumExp: number; logSoftmax: number[]; softmax: number[]; argmax: number }[];
  relaxed: { logits: number[][]; uniforms: number[][]; tau: number | number[]; gumbel: number[][]; logY: number[][]; y: number[][]; argmax: number[]; hard: number[][] }[];
  bernoulli: { logits: number[][]; uniforms: number[][]; tau: number | number[]; logistic: number[][]; y: number[][]; hard: number[][] }[];
  concrete: { logits: number[]; tau: number; y: number[]; logProb: number }[];
  expConcrete: { logits: number[]; tau: number; x: number[]; logProb: number }[];
  binConcrete: { logit: number; tau: number; y: number; logProb: number; x: number; logitLogProb: number }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../conformance/fixtures/golden.json', import.meta.url), 'utf8'),
  revive,
) as Golden;

/** Largest error seen per quantity, printed at the end so the report can quote it. */
const worst = new Map<string, { error: number; where: string }>();
let checks = 0;
/** The largest plain |Δ|/|expected| among scale-aware checks with |expected| > 1e-6 (what the scale hides). */
let worstUnscaled = { error: 0, where: '' };

function close(quantity: string, actual: number, expected: number, where: string, scale = 0): void {
  checks += 1;
  if (!Number.isFinite(expected) || (expected === 0 && scale === 0)) {
    // == rather than Object.is: the sign of a zero (−e^(−1000) rounds to −0) carries no meaning here.
    expect(actual === expected, `${quantity} at ${where}: got ${actual}, expected ${expected}`).toBe(true);
    return;
  }
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), scale);
  const pure = Math.abs(actual - expected) / Math.abs(expected);
  if (scale > 0 && Math.abs(expected) > 1e-6 && pure > worstUnscaled.error) worstUnscaled = { error: pure, where: `${quantity} at ${where}` };
  const prev = worst.get(quantity);
  if (prev === undefined || error > prev.error) worst.set(quantity, { error, where });
  expect(error, `${quantity} at ${where}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

const rowTau = (tau: number | number[], r: number): number => (typeof tau === 'number' ? tau : (tau[r] as number));

afterAll(() => {
  const lines = [...worst.entries()].sort((a, b) => b[1].error - a[1].error).map(([q, { error, where }]) => `  ${q}: ${error.toExponential(2)} (${where})`);
  console.log(`golden.json: ${checks} values checked; largest relative error per quantity:\n${lines.join('\n')}`);
  console.log(`largest plain relative error where a scale applies (|expected| > 1e-6): ${worstUnscaled.error.toExponential(2)} (${worstUnscaled.where})`);
});

describe('golden.json: Gumbel distribution (scipy.stats.gumbel_r)', () => {
  it('pdf, logPdf, cdf, logCdf', () => {
    expect(golden.gumbel.length).toBeGreaterThan(40);
    for (const c of golden.gumbel) {
      const where = `x=${c.x}, loc=${c.loc}, scale=${c.scale}`;
      close('gumbelPdf', gumbelPdf(c.x, c.loc, c.scale), c.pdf, where);
      close('gumbelLogPdf', gumbelLogPdf(c.x, c.loc, c.scale), c.logPdf, where);
      close('gumbelCdf', gumbelCdf(c.x, c.loc, c.scale), c.cdf, where);
      close('gumbelLogCdf', gumbelLogCdf(c.x, c.loc, c.scale), c.logCdf, where);
    }
  });
  it('quantile', () => {
    for (const c of golden.gumbelQuantile) {
      // log p ≈ -1 is rounded before log(-log p) cancels near x = loc: ulps of loc and scale, not of x.
      close('gumbelQuantile', gumbelQuantile(c.p, c.loc, c.scale), c.x, `p=${c.p}, loc=${c.loc}, scale=${c.scale}`, Math.max(Math.abs(c.loc), c.scale));
    }
  });
});

describe('golden.json: softmax (scipy.special)', () => {
  it('logSumExp, logSoftmax, softmax, argmax', () => {
    for (const c of golden.softmax) {
      const where = `logits=[${c.logits.join(', ')}], tau=${c.tau}`;
      close('logSumExp', logSumExp(c.logits.map((l) => l / c.tau)), c.logSumExp, where);
      // log-softmax_i = l_i/τ − lse cancels when class i dominates: ulps of the larger term.
      const inputScale = Math.max(1, Math.abs(c.logSumExp), ...c.logits.filter(Number.isFinite).map((l) => Math.abs(l / c.tau)));
      logSoftmax(c.logits, c.tau).forEach((v, i) => close('logSoftmax', v, c.logSoftmax[i] as number, `${where} [${i}]`, inputScale));
      softmax(c.logits, c.tau).forEach((v, i) => close('softmax', v, c.softmax[i] as number, `${where} [${i}]`));
      expect(argmax(c.logits)).toBe(c.argmax);
    }
  });
});

describe('golden.json: relaxed categorical sample (mpmath)', () => {
  it('gumbel = -log(-log u), logY = logSoftmax((logits + g)/τ), y, argmax, hard', () => {
    for (const c of golden.relaxed) {
      c.logits.forEach((logits, r) => {
        const tau = rowTau(c.tau, r);
        const u = c.uniforms[r] as number[];
        const g = u.map(gumbelFromUniform);
        // −log(−log u) is ≈ 0 near u = 1/e, where the error is ulps of log u ≈ −1.
        g.forEach((v, i) => close('gumbelFromUniform', v, (c.gumbel[r] as number[])[i] as number, `u=${u[i]}`, 1));
        const z = logits.map((l, i) => l + (g[i] as number));
        const where = `logits=[${logits.join(', ')}], tau=${tau}`;
        const inputScale = Math.max(1, ...z.filter(Number.isFinite).map((v) => Math.abs(v / tau)));
        logSoftmax(z, tau).forEach((v, i) => close('relaxed logY', v, (c.logY[r] as number[])[i] as number, `${where} [${i}]`, inputScale));
        // y = e^(logY) inherits logY's absolute error as a relative one.
        softmax(z, tau).forEach((v, i) => close('relaxed y', v, (c.y[r] as number[])[i] as number, `${where} [${i}]`, 0));
        const best = argmax(z);
        expect(best).toBe(c.argmax[r]);
        expect((c.hard[r] as number[])[best]).toBe(1);
      });
    }
  });
});

describe('golden.json: relaxed Bernoulli sample (scipy.special.logit/expit)', () => {
  it('logistic = log u − log(1 − u), y = σ((logit + logistic)/τ), hard', () => {
    for (const c of golden.bernoulli) {
      c.logits.forEach((logits, r) => {
        const tau = rowTau(c.tau, r);
        logits.forEach((l, i) => {
          const u = (c.uniforms[r] as number[])[i] as number;
          const s = logisticFromUniform(u);
          // logit(u) ≈ 0 near u = 1/2: ulps of log u ≈ −0.69.
          close('logisticFromUniform', s, (c.logistic[r] as number[])[i] as number, `u=${u}`, 1);
          // σ via softmax([t, 0]) exercises the reference softmax as a two-class Bernoulli.
          const y = softmax([l + s, 0], tau)[0] as number;
          close('bernoulli y', y, (c.y[r] as number[])[i] as number, `logit=${l}, u=${u}, tau=${tau}`);
          expect(l + s > 0 ? 1 : 0).toBe((c.hard[r] as number[])[i]);
        });
      });
    }
  });
});

describe('golden.json: densities (Maddison et al. product forms in mpmath)', () => {
  // A log-density is a sum of terms of size |l_i|, τ|x_i|, k·lse, log Γ(k); when they cancel to a
  // value near 0 the achievable error is ulps of the largest term.
  const termScale = (logits: number[], tau: number, x: number[]): number =>
    Math.max(1, ...logits.map((l, i) => (Number.isFinite(l) ? Math.abs(l) + tau * Math.abs(x[i] as number) : 0)));

  it('concreteLogProb', () => {
    expect(golden.concrete.length).toBeGreaterThan(20);
    for (const c of golden.concrete) {
      const x = c.y.map((v) => Math.log(v));
      close('concreteLogProb', concreteLogProb(c.y, c.logits, c.tau), c.logProb, `logits=[${c.logits.join(', ')}], tau=${c.tau}, y=[${c.y.join(', ')}]`, termScale(c.logits, c.tau, x));
    }
  });
  it('expConcreteLogProb', () => {
    for (const c of golden.expConcrete) {
      close('expConcreteLogProb', expConcreteLogProb(c.x, c.logits, c.tau), c.logProb, `logits=[${c.logits.join(', ')}], tau=${c.tau}, x=[${c.x.join(', ')}]`, termScale(c.logits, c.tau, c.x));
    }
  });
  it('binConcreteLogProb and binConcreteLogitLogProb', () => {
    for (const c of golden.binConcrete) {
      const where = `logit=${c.logit}, tau=${c.tau}, y=${c.y}`;
      const scale = Math.max(1, Math.abs(c.logit) + c.tau * Math.abs(c.x));
      close('binConcreteLogProb', binConcreteLogProb(c.y, c.logit, c.tau), c.logProb, where, scale);
      close('binConcreteLogitLogProb', binConcreteLogitLogProb(c.x, c.logit, c.tau), c.logitLogProb, where, scale);
    }
  });
});
