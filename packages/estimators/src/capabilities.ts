/** Estimators check the backend's `supports` manifest when they are made: no silent fallback. */
import { GumbelTypeError, UnsupportedOperationError } from '@gumbel/core';
import type { Backend, BackendCapabilities } from '@gumbel/core';

export function requireBackend<T>(backend: Backend<T>, estimator: string, needs: readonly (keyof BackendCapabilities)[]): Backend<T> {
  if (typeof backend !== 'object' || backend === null || typeof backend.supports !== 'object') {
    throw new GumbelTypeError('backend', backend, 'a Backend (e.g. createCpuBackend())');
  }
  for (const need of needs) {
    if (!backend.supports[need]) throw new UnsupportedOperationError(backend.name, estimator, `it needs capability \`${need}\``);
  }
  return backend;
}
