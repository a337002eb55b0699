/**
 * Checks an explicit VJP against central finite differences of L = Σ u ⊙ f(params) for a fixed
 * upstream u, on the float64 CPU backend: h = 1e-6 leaves a truncation error ~h²·f''' and a
 * rounding error ~1e-16/h ≈ 1e-10, so 1e-6 relative (+1e-7 absolute) separates a wrong formula
 * from arithmetic noise.
 */
import type { Backend } from '@gumbel/core';
import { CounterRng } from '@gumbel/core';
import type { VjpResult } from '../computation.js';
import { expectClose, flat, shapeOf } from './support.js';
import type { Nested } from './support.js';

export function checkVjp<T>(backend: Backend<T>, params: Record<string, Nested>, f: (p: Record<string, T>) => VjpResult<T>, label: string, h = 1e-6): void {
  const build = (values: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, backend.fromArray(v, shapeOf(params[k] as Nested))])) as Record<string, T>;
  const base = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, flat(v)]));
  const result = f(build(base));
  const n = backend.toArraySync(result.value).length;
  const rng = CounterRng.fromSeed(2024);
  const u = Array.from({ length: n }, () => rng.next() - 0.5);
  const grads = result.backwardSync(backend.fromArray(u, backend.shapeOf(result.value)));
  const loss = (values: Record<string, number[]>) => {
    const y = Array.from(backend.toArraySync(f(build(values)).value));
    return y.reduce((s, v, i) => s + (u[i] as number) * v, 0);
  };
  for (const [name, values] of Object.entries(base)) {
    const numeric = values.map((_, i) => {
      const plus = { ...base, [name]: values.map((v, j) => (j === i ? v + h : v)) };
      const minus = { ...base, [name]: values.map((v, j) => (j === i ? v - h : v)) };
      return (loss(plus) - loss(minus)) / (2 * h);
    });
    const g = grads[name];
    if (g === undefined) throw new Error(`${label}: no gradient for ${name}`);
    expectClose(backend.toArraySync(g), numeric, 1e-6, 1e-7, `${label} d/d${name}`);
  }
}
