/**
 * Elementwise computations over broadcast parameters: the scalar-event distributions (Gumbel,
 * Logistic, Bernoulli and the relaxed Bernoullis) evaluate one formula per element with its
 * partial derivatives, and this helper does the broadcasting and builds the VJP.
 */
import type { Computation, HostGradient } from './computation.js';
import type { Param } from './host.js';
import { broadcastShapes, expand, sizeOf } from './shape.js';
import type { Shape } from './shape.js';

/**
 * `f(args, partials)` returns the value at one element and writes ∂value/∂args[j] into
 * `partials[j]` (left untouched means 0). Parameters are listed in `params`; the output shape is
 * their broadcast (named after the first pair that fails).
 */
export type ElementFunction = (args: Float64Array, partials: Float64Array) => number;

export function broadcastAll(params: readonly Param<unknown>[], context = 'batchShape'): Shape {
  let shape: Shape = [];
  let names = context;
  for (const p of params) {
    shape = broadcastShapes(p.shape, shape, p.name, names);
    names = `${names} × ${p.name}`;
  }
  return shape;
}

export function elementwise(params: readonly Param<unknown>[], f: ElementFunction, outShape: Shape = broadcastAll(params)): Computation {
  const n = sizeOf(outShape);
  const m = params.length;
  const columns = params.map((p) => expand(p.values, p.shape, outShape));
  const values = new Float64Array(n);
  const partials = new Float64Array(n * m);
  const args = new Float64Array(m);
  const d = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) args[j] = (columns[j] as Float64Array)[i] as number;
    d.fill(0);
    values[i] = f(args, d);
    partials.set(d, i * m);
  }
  return {
    values,
    shape: outShape,
    vjp: (dOut) => {
      const grads: Record<string, HostGradient> = {};
      params.forEach((p, j) => {
        const g = new Float64Array(n);
        // A zero upstream contributes nothing, even where the partial is infinite.
        for (let i = 0; i < n; i++) g[i] = dOut[i] === 0 ? 0 : (dOut[i] as number) * (partials[i * m + j] as number);
        grads[p.name] = { values: g, shape: outShape };
      });
      return grads;
    },
  };
}
