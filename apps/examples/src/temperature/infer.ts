/**
 * The whole experiment for one N: draw N observations from RelaxedOneHotCategorical(π*, τ*), then
 * infer (τ, π) by MAP with a Laplace interval and by MALA with a posterior credible interval.
 */
import type { Backend } from '@gumbel/core';
import { RelaxedOneHotCategorical } from '@gumbel/distributions';
import { findMap } from './map.js';
import { runMala } from './mala.js';
import { makeLogPosterior } from './model.js';

export interface TemperatureReport {
  readonly n: number;
  readonly tauTrue: number;
  readonly piTrue: number[];
  readonly map: { readonly tau: number; readonly interval: [number, number]; readonly pi: number[] };
  readonly mala: { readonly tau: number; readonly interval: [number, number]; readonly pi: number[]; readonly acceptance: number };
}

const softmax = (l: ArrayLike<number>) => {
  const m = Math.max(...Array.from(l));
  const e = Array.from(l, (x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((x) => x / s);
};

function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  return (sorted[lo] as number) + (pos - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - (sorted[lo] as number));
}

export function inferTemperature<T>(backend: Backend<T>, options: { n: number; tau: number; logits: number[]; seed: number; mapSteps?: number; draws?: number; burnIn?: number }): TemperatureReport {
  const k = options.logits.length;
  const truth = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray(options.logits, [k]), temperature: options.tau });
  const y = truth.sample([options.n], { seed: options.seed });
  const f = makeLogPosterior(backend, y);
  const start = new Float64Array(k + 1); // τ = 1, uniform π: the prior's centre
  const map = findMap(f, start, { steps: options.mapSteps ?? 3000 });
  const sdU = Math.sqrt(map.covariance[0] as number);
  const u = map.z[0] as number;
  const chain = runMala(f, map.z, map.covariance, { draws: options.draws ?? 3000, burnIn: options.burnIn ?? 1000, seed: options.seed + 1 });
  const d = k + 1;
  const taus = Array.from({ length: chain.draws.length / d }, (_, i) => Math.exp(chain.draws[i * d] as number)).sort((a, b) => a - b);
  const piMean = new Array<number>(k).fill(0);
  for (let i = 0; i < taus.length; i++) softmax(chain.draws.subarray(i * d + 1, i * d + d)).forEach((p, j) => (piMean[j] = (piMean[j] as number) + p / taus.length));
  backend.dispose(y);
  return {
    n: options.n,
    tauTrue: options.tau,
    piTrue: softmax(options.logits),
    map: { tau: Math.exp(u), interval: [Math.exp(u - 1.96 * sdU), Math.exp(u + 1.96 * sdU)], pi: softmax(map.z.subarray(1)) },
    mala: { tau: quantile(taus, 0.5), interval: [quantile(taus, 0.025), quantile(taus, 0.975)], pi: piMean, acceptance: chain.acceptance },
  };
}
