import type { Backend } from '@gumbel/core';
import { expect } from 'vitest';
import type { VjpResult } from '../computation.js';

/** TFP's "gradients are not None": every named gradient exists and is finite (upstream −1, as for −logProb). */
export function checkVjpFinite<T>(result: VjpResult<T>, backend: Backend<T>, names: readonly string[]): void {
  const n = backend.toArraySync(result.value).length;
  const grads = result.backwardSync(backend.fromArray(new Array(n).fill(-1), backend.shapeOf(result.value)));
  for (const name of names) {
    expect(grads[name], name).toBeDefined();
    expect(Array.from(backend.toArraySync(grads[name] as T)).every(Number.isFinite), name).toBe(true);
  }
}
