/**
 * Noise for the edge cases: from the backend's seeded generator, or, on a backend without one
 * (GPU.js on WebGL1), from core's stream uploaded as host uniforms — the same draws either way.
 */
import { CounterRng, fillUniforms } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import type { TensorScope } from '../scope.js';

/** Whether `noiseFor` can make noise on this backend. */
export function canMakeNoise<T>(backend: Backend<T>): boolean {
  return backend.supports.seededNoise || backend.supports.hostUniforms;
}

export function noiseFor<T>(backend: Backend<T>, scope: TensorScope<T>, shape: readonly number[], seed: number, kind: 'gumbel' | 'logistic'): T {
  if (backend.supports.seededNoise) return scope.keep(kind === 'gumbel' ? backend.gumbelNoise(shape, seed) : backend.logisticNoise(shape, seed));
  const u = new Float32Array(shape.reduce((a, d) => a * d, 1));
  fillUniforms(u, CounterRng.fromSeed(seed).reserve(u.length));
  const ut = scope.from(u, shape);
  return scope.keep(kind === 'gumbel' ? backend.gumbelFromUniforms(ut) : backend.logisticFromUniforms(ut));
}
