/**
 * The relaxed Bernoulli panel's numbers: n samples y = σ((logit + L)/τ) with logistic noise L from the
 * backend, the hard samples from the same noise, a density histogram, and the analytic BinConcrete
 * density and CDF to hold them against (core's float64 reference, not the backend under test).
 */
import { binConcreteLogProb } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { withTensors } from './dom.js';

export interface BernoulliSamples {
  readonly soft: Float32Array | Float64Array;
  readonly ones: number;
}

export async function sampleBernoulli<T>(b: Backend<T>, logit: number, tau: number, n: number, seed: number): Promise<BernoulliSamples> {
  return withTensors<T, BernoulliSamples>(b.dispose.bind(b), async (keep) => {
    const logits = keep(b.fromArray(new Float64Array(n).fill(logit), [n]));
    const noise = keep(b.logisticNoise([n], seed));
    const soft = keep(b.relaxedBernoulli({ logits, tau, noise }));
    const hard = keep(b.hardBernoulli({ logits, noise }));
    const [softValues, hardValues] = await Promise.all([b.toArray(soft), b.toArray(hard)]);
    let ones = 0;
    for (const v of hardValues) ones += v;
    return { soft: softValues, ones };
  });
}

/** Density histogram on [0, 1]: bin centres and count / (n · width). */
export function densityHistogram(values: ArrayLike<number>, bins: number): { x: number; y: number }[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((values[i] as number) * bins)));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts.map((c, b) => ({ x: (b + 0.5) / bins, y: (c * bins) / values.length }));
}

export function analyticDensity(logit: number, tau: number, points: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 1; i < points; i++) {
    const y = i / points;
    out.push({ x: y, y: Math.exp(binConcreteLogProb(y, logit, tau)) });
  }
  return out;
}

/**
 * Kolmogorov–Smirnov distance between the samples and the BinConcrete CDF, which is closed-form:
 * y ≤ v  ⇔  (logit + L)/τ ≤ logit(v)  ⇔  L ≤ τ·logit(v) − logit, so F(v) = σ(τ·logit(v) − logit).
 */
export function ksDistance(values: ArrayLike<number>, logit: number, tau: number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    const f = v <= 0 ? 0 : v >= 1 ? 1 : 1 / (1 + Math.exp(-(tau * Math.log(v / (1 - v)) - logit)));
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}
