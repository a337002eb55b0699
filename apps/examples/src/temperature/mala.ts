/**
 * A preconditioned Metropolis-adjusted Langevin sampler (MALA) for log p(z | y): proposals
 * z' = z + ½ε² M∇log p(z) + ε L ξ with M = L Lᵀ the Laplace covariance, accepted with the
 * Metropolis–Hastings ratio, so the chain targets the exact posterior whatever the approximation's
 * quality. The step ε adapts during burn-in towards ~57% acceptance (Roberts & Rosenthal 1998).
 */
import { CounterRng } from '@gumbel/core';
import type { Evaluated } from './model.js';

export interface ChainResult {
  /** Draws of z after burn-in, row-major [draws, d]. */
  readonly draws: Float64Array;
  readonly acceptance: number;
  readonly step: number;
}

function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / (l[j * d + j] as number);
    }
  }
  return l;
}

export function runMala(f: (z: Float64Array) => Evaluated, z0: Float64Array, covariance: Float64Array, { draws = 3000, burnIn = 1000, seed = 0 } = {}): ChainResult {
  const d = z0.length;
  const L = cholesky(covariance, d);
  const rng = CounterRng.fromSeed(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const mv = (m: Float64Array, x: Float64Array) => Float64Array.from({ length: d }, (_, i) => { let s = 0; for (let j = 0; j < d; j++) s += (m[i * d + j] as number) * (x[j] as number); return s; });
  // log q(to | from) up to a constant: −|L⁻¹(to − from − ½ε² M g)|² / (2ε²); solve with L by substitution.
  const logQ = (to: Float64Array, from: Float64Array, g: Float64Array, eps: number) => {
    const mg = mv(covariance, g);
    const r = Float64Array.from({ length: d }, (_, i) => (to[i] as number) - (from[i] as number) - 0.5 * eps * eps * (mg[i] as number));
    const w = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = r[i] as number;
      for (let j = 0; j < i; j++) s -= (L[i * d + j] as number) * (w[j] as number);
      w[i] = s / (L[i * d + i] as number);
    }
    return -w.reduce((a, v) => a + v * v, 0) / (2 * eps * eps);
  };
  let z = Float64Array.from(z0);
  let current = f(z);
  let eps = 1.0;
  let accepted = 0;
  const out = new Float64Array(draws * d);
  for (let it = 0; it < burnIn + draws; it++) {
    const xi = Float64Array.from({ length: d }, normal);
    const drift = mv(covariance, current.gradient);
    const noise = mv(L, xi);
    const proposal = Float64Array.from({ length: d }, (_, i) => (z[i] as number) + 0.5 * eps * eps * (drift[i] as number) + eps * (noise[i] as number));
    const next = f(proposal);
    const logAlpha = next.value - current.value + logQ(z, proposal, next.gradient, eps) - logQ(proposal, z, current.gradient, eps);
    const accept = Math.log(rng.next()) < logAlpha;
    if (accept) {
      z = proposal;
      current = next;
    }
    if (it < burnIn) eps *= Math.exp(((accept ? 1 : 0) - 0.574) / Math.sqrt(it + 1));
    else {
      if (accept) accepted++;
      out.set(z, (it - burnIn) * d);
    }
  }
  return { draws: out, acceptance: accepted / draws, step: eps };
}
