/**
 * `gumbelMax`, the exact sample: the one-hot argmax of logits + noise per row, checked against
 * expected one-hots worked out by hand (no backend computes them), including a masked class whose
 * noise is large, a tie (lowest index wins) and the no-noise case (the mode). Its distribution
 * is checked in statistics.ts.
 */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';

// Row 0: logits + noise = [1.5, 1, 0.25]          → class 0.
// Row 1: [−∞, 0.5, 2] + [9, 1, 0] = [−∞, 1.5, 2]  → class 2 (the masked class's noise is ignored).
// Row 2: [0, 1, 0.5] + [1, 0, 0.5] = [1, 1, 1]    → class 0 (a three-way tie goes to the lowest index).
// Row 3: [0, 3, 1] + [0, −2.5, 0] = [0, 0.5, 1]   → class 2.
const LOGITS = [0.5, 2, 0.25, -Infinity, 0.5, 2, 0, 1, 0.5, 0, 3, 1];
const NOISE = [1, -1, 0, 9, 1, 0, 1, 0, 0.5, 0, -2.5, 0];
const WITH_NOISE = [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1];
// Without noise, the mode: argmax of the logits themselves.
const WITHOUT_NOISE = [0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0];

export function registerGumbelMaxCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  describe('gumbelMax (the exact one-hot sample)', () => {
    it('one-hot of argmax(logits + noise): masked never chosen, ties to the lowest index; no noise = the mode', async () => {
      await withTensors(backend, async (scope) => {
        const logits = scope.from(LOGITS, [4, 3]);
        const noise = scope.from(NOISE, [4, 3]);
        const sampled = scope.keep(backend.gumbelMax({ logits, noise }));
        expect(backend.shapeOf(sampled)).toEqual([4, 3]);
        expect(Array.from(await scope.read(sampled))).toEqual(WITH_NOISE);
        expect(Array.from(await scope.read(scope.keep(backend.gumbelMax({ logits }))))).toEqual(WITHOUT_NOISE);
      });
    });

    it('bad input: noise of another shape, NaN logits, a row entirely masked', async () => {
      await withTensors(backend, (scope) => {
        const logits = scope.from(LOGITS, [4, 3]);
        expect(() => backend.gumbelMax({ logits, noise: scope.from([0, 0, 0], [1, 3]) })).toThrow(/noise must be of shape \[4, 3\]/);
        expect(() => backend.gumbelMax({ logits: scope.from([0, NaN], [1, 2]) })).toThrow(/logits\[1\]/);
        expect(() => backend.gumbelMax({ logits: scope.from([-Infinity, -Infinity], [1, 2]) })).toThrow(/logits/);
        expect(() => backend.gumbelMax({ logits: scope.from([1, 2], [2]) })).toThrow(/logits must be a tensor of shape \[batch, k\]/);
      });
    });
  });
}
