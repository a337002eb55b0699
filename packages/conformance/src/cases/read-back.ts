/**
 * Case family 8: reading tensors back. `toArraySync` must return exactly what `toArray` returns
 * (callers such as a tfjs gradient function rely on the synchronous form), in the backend's
 * precision, as a copy the caller may overwrite; a non-tensor gets a typed error from both forms.
 */
import { describe, expect, it } from 'vitest';
import { expectExact } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';

export function registerReadBackCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;

  describe('read-back', () => {
    it('toArraySync returns the values toArray returns, as a copy the caller owns', async () => {
      await withTensors(backend, async (scope) => {
        const values = [0.5, -1.25, 3, 0, 0.0078125, -7.5]; // exact in float32 too
        const t = scope.from(values, [2, 3]);
        const sync = backend.toArraySync(t);
        const viaPromise = await backend.toArray(t);
        expect(sync).toBeInstanceOf(backend.floatPrecision === 32 ? Float32Array : Float64Array);
        expectExact(Float64Array.from(sync), Float64Array.from(viaPromise), 'toArraySync vs toArray');
        expectExact(Float64Array.from(sync), values, 'toArraySync vs the values written');
        sync.fill(99);
        expectExact(Float64Array.from(backend.toArraySync(t)), values, 'writing into the copy leaves the tensor alone');
        // A kernel output too, not only an uploaded tensor.
        const y = scope.keep(backend.relaxedSample({ logits: t, tau: 1 }));
        expectExact(Float64Array.from(backend.toArraySync(y)), Float64Array.from(await backend.toArray(y)), 'kernel output');
      });
    });

    it('a non-tensor is a GumbelTypeError naming the tensor argument, from both forms', async () => {
      expect(() => backend.toArraySync('not a tensor' as unknown as T)).toThrow(TypeError);
      expect(() => backend.toArraySync('not a tensor' as unknown as T)).toThrow(/tensor/);
      await expect(backend.toArray({} as unknown as T)).rejects.toThrow(TypeError);
    });
  });
}
