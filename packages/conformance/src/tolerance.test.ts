import { describe, expect, it } from 'vitest';
import { isClose, mismatches, resolveTolerance } from './tolerance.js';

describe('tolerance rule', () => {
  it('derives defaults from the precision and applies overrides field by field', () => {
    expect(resolveTolerance(64).values).toEqual({ rtol: 1e-10, atol: 1e-10 });
    expect(resolveTolerance(32).values).toEqual({ rtol: 1e-4, atol: 1e-4 });
    const t = resolveTolerance(32, { rtol: 1e-3, gradient: { atol: 1e-2 }, integral: 5e-3 });
    expect(t.values).toEqual({ rtol: 1e-3, atol: 1e-4 });
    expect(t.gradient).toEqual({ rtol: 5e-4, atol: 1e-2 });
    expect(t.integral).toBe(5e-3);
    expect(t.unitRoundoff).toBe(2 ** -24);
  });

  it('is |a − e| ≤ atol + rtol·|e|, with equal infinities passing and NaN never', () => {
    const tol = { rtol: 1e-3, atol: 1e-6 };
    expect(isClose(1000.9, 1000, tol)).toBe(true);
    expect(isClose(1001.1, 1000, tol)).toBe(false);
    expect(isClose(-Infinity, -Infinity, tol)).toBe(true);
    expect(isClose(-1e300, -Infinity, tol)).toBe(false);
    expect(isClose(NaN, NaN, tol)).toBe(false);
    expect(mismatches([1, 2], [1, 2, 3], tol)).toEqual([{ index: 2, actual: NaN, expected: 3 }]);
  });
});
