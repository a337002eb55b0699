/**
 * "Is it possible to use a random variable for the temperature?" — yes: τ is an ordinary parameter
 * of the Concrete density, so it can have a prior and be inferred from relaxed observations.
 * τ ~ LogNormal(0, 1), θ ~ Normal(0, I), y_n ~ RelaxedOneHotCategorical(softmax θ, τ); we observe
 * N = 100 and N = 1,000 draws at τ* = 0.5 and recover τ and π by MAP (Laplace 95% interval) and by
 * MALA (95% credible interval). Run: `pnpm example:temperature` from the repository root.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { inferTemperature } from './temperature/infer.js';

const backend = createCpuBackend({ precision: 64 });
const TAU = 0.5;
const LOGITS = [1.0, 0.2, -0.5, -1.0];
const f = (x: number) => x.toFixed(3);
const vec = (v: number[]) => `[${v.map(f).join(', ')}]`;

console.log(`τ* = ${TAU}, π* = ${vec(LOGITS.map(Math.exp).map((e, _, a) => e / a.reduce((s, x) => s + x)))}; prior τ ~ LogNormal(0, 1), θ ~ Normal(0, I)`);
for (const n of [100, 1000]) {
  const r = inferTemperature(backend, { n, tau: TAU, logits: LOGITS, seed: 2024 });
  const inside = (i: [number, number]) => (i[0] <= TAU && TAU <= i[1] ? 'contains τ*' : 'misses τ*');
  console.log(`N = ${String(n).padStart(4)}  MAP  τ = ${f(r.map.tau)}  95% Laplace [${f(r.map.interval[0])}, ${f(r.map.interval[1])}] (${inside(r.map.interval)})  π = ${vec(r.map.pi)}`);
  console.log(`          MALA τ = ${f(r.mala.tau)}  95% credible [${f(r.mala.interval[0])}, ${f(r.mala.interval[1])}] (${inside(r.mala.interval)})  π = ${vec(r.mala.pi)}  acceptance ${f(r.mala.acceptance)}`);
}
