import { describe, expect, it } from 'vitest';
import { loadGolden, parseGolden, reviveNumbers } from './golden.js';

describe('golden.json loader', () => {
  it('revives only the infinity (and NaN) strings', () => {
    expect(reviveNumbers('x', '-Infinity')).toBe(-Infinity);
    expect(reviveNumbers('x', 'Infinity')).toBe(Infinity);
    expect(reviveNumbers('x', 'NaN')).toBeNaN();
    expect(reviveNumbers('x', 'infinity')).toBe('infinity');
    expect(reviveNumbers('x', 3)).toBe(3);
  });

  it('rejects fixtures missing a family', () => {
    expect(() => parseGolden('{"softmax": []}')).toThrow(/gumbelQuantile/);
  });

  it('loads the shipped fixtures with masked logits as -Infinity numbers', () => {
    const golden = loadGolden();
    const masked = golden.concrete.flatMap((c) => c.logits).filter((v) => v === -Infinity);
    expect(masked.length).toBeGreaterThan(0);
    for (const c of golden.relaxed) for (const row of c.logY) for (const v of row) expect(typeof v).toBe('number');
  });
});
