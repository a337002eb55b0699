/**
 * The argument rules that once drifted between backends, now one rule each in core's
 * `kernelArgs`: a dimension of size 0 is refused (a `GumbelRangeError` naming the dimension), and
 * a disposed tensor is a `GumbelTypeError` (a value in the wrong state, as JavaScript's own
 * detached-ArrayBuffer error is a TypeError). Backends whose tensors cannot be disposed (the CPU
 * backend's are garbage-collected) must keep them usable after `dispose` instead.
 */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';

function thrown(thunk: () => unknown): unknown {
  try {
    thunk();
  } catch (error) {
    return error;
  }
  return undefined;
}

export function registerArgumentRuleCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;

  describe('argument rules shared by every backend', () => {
    it('a dimension of size 0 is a GumbelRangeError naming it', () => {
      const calls: [string, string, () => unknown][] = [
        ['fromArray([], [0, 3])', 'shape[0]', () => backend.fromArray([], [0, 3])],
        ['fromArray([], [2, 0])', 'shape[1]', () => backend.fromArray([], [2, 0])],
      ];
      if (s.seededNoise) calls.push(['gumbelNoise([4, 0])', 'shape[1]', () => backend.gumbelNoise([4, 0], 1)]);
      for (const [label, argument, thunk] of calls) {
        const error = thrown(thunk);
        expect(error, label).toBeInstanceOf(RangeError);
        expect((error as Error).name, label).toBe('GumbelRangeError');
        expect((error as Error).message, label).toContain(`${argument} must be an integer ≥ 1, got 0`);
      }
    });

    it('a disposed tensor is a GumbelTypeError naming the argument, or still usable', async () => {
      const logits = backend.fromArray([0.5, -1, 2, 0, 1, -0.5], [2, 3]);
      backend.dispose(logits);
      let sample: T | undefined;
      const error = thrown(() => {
        sample = backend.relaxedSample({ logits, tau: 1 });
      });
      if (error === undefined) {
        // Not disposable: the tensor must still hold its values and give a sample.
        expect(Array.from(await backend.toArray(logits))).toEqual(Array.from(backend.floatPrecision === 32 ? Float32Array.of(0.5, -1, 2, 0, 1, -0.5) : [0.5, -1, 2, 0, 1, -0.5]));
        backend.dispose(sample as T);
        return;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).name).toBe('GumbelTypeError');
      expect((error as Error).message).toMatch(/^logits must be .* that has not been disposed, got a disposed tensor$/);
    });
  });
}
