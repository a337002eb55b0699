import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CounterRng, fillUniforms, freshSeed, reserveFrom, uniformAt } from './counter-rng.js';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { threefry2x32, uniformFloat64FromWords } from './threefry.js';

describe('CounterRng', () => {
  it('gives the same stream for the same seed, including seed 0', () => {
    for (const seed of [0, 1, 42, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const a = CounterRng.fromSeed(seed);
      const b = CounterRng.fromSeed(seed);
      const xs = Array.from({ length: 16 }, () => a.next());
      expect(Array.from({ length: 16 }, () => b.next())).toEqual(xs);
    }
  });

  it('gives different streams for seeds 0 and 1', () => {
    const a = CounterRng.fromSeed(0).fill(new Float64Array(8));
    const b = CounterRng.fromSeed(1).fill(new Float64Array(8));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('draws position p from counter (p mod 2^32, floor(p / 2^32)) under key (seed lo, seed hi)', () => {
    const seed = 7 * 2 ** 32 + 11;
    const p = 2 ** 32 + 3;
    const [w0, w1] = threefry2x32(11, 7, 3, 1);
    expect(uniformAt(CounterRng.fromSeed(seed).key, p, 64)).toBe(uniformFloat64FromWords(w0, w1));
  });

  it('fills blocks that agree with element-wise draws, in either precision', () => {
    const rng = CounterRng.fromSeed(9);
    const block = rng.reserve(5);
    const f64 = new Float64Array(5);
    const f32 = new Float32Array(5);
    fillUniforms(f64, block);
    fillUniforms(f32, block);
    for (let i = 0; i < 5; i++) {
      expect(f64[i]).toBe(uniformAt(block.key, i, 64));
      expect(f32[i]).toBe(uniformAt(block.key, i, 32));
      expect(Math.abs((f64[i] as number) - (f32[i] as number))).toBeLessThan(2 ** -23);
    }
    expect(rng.position).toBe(5);
  });

  it('advances, clones and restores from serialised state', () => {
    const rng = CounterRng.fromSeed(123);
    rng.next();
    const copy = rng.clone();
    const restored = CounterRng.fromState(JSON.parse(JSON.stringify(rng.getState())));
    const next = rng.next();
    expect(copy.next()).toBe(next);
    expect(restored.next()).toBe(next);
    expect(rng.next()).not.toBe(next);
  });

  it('splits into children that differ from each other and from the parent', () => {
    const parent = CounterRng.fromSeed(5);
    const a = parent.split();
    const b = parent.split();
    const draws = [parent, a, b].map((r) => Array.from(r.clone().fill(new Float64Array(4))));
    expect(draws[0]).not.toEqual(draws[1]);
    expect(draws[1]).not.toEqual(draws[2]);
    expect(parent.getState().splits).toBe(2);
    // A split does not consume the parent's draws.
    expect(parent.position).toBe(0);
  });

  it('keeps every uniform strictly inside (0, 1) and has mean ≈ 1/2', () => {
    const xs = CounterRng.fromSeed(2024).fill(new Float32Array(100_000));
    let sum = 0;
    let outside = 0;
    for (const x of xs) {
      if (!(x > 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    // Var(U) = 1/12, so the standard error of the mean is sqrt(1/12/1e5) ≈ 9.1e-4; 5 SE = 4.6e-3.
    expect(Math.abs(sum / xs.length - 0.5)).toBeLessThan(4.6e-3);
  });

  it('rejects bad seeds with typed errors that name the argument and show the value', () => {
    expect(() => CounterRng.fromSeed(1.5)).toThrow(GumbelRangeError);
    expect(() => CounterRng.fromSeed(1.5)).toThrow(/seed must be an integer .* got 1\.5/);
    expect(() => CounterRng.fromSeed(-1)).toThrow(/seed .* got -1/);
    expect(() => CounterRng.fromSeed(NaN)).toThrow(/got NaN/);
    expect(() => CounterRng.fromSeed(2 ** 53)).toThrow(GumbelRangeError);
    expect(() => CounterRng.fromSeed('7' as unknown as number)).toThrow(GumbelTypeError);
    expect(() => reserveFrom(0.5, 3)).toThrow(/seed/);
  });

  it('rejects malformed states', () => {
    expect(() => CounterRng.fromState({ key: [1, 2 ** 32], position: 0, splits: 0 })).toThrow(/state\.key/);
    expect(() => CounterRng.fromState({ key: [1, 2], position: -3, splits: 0 })).toThrow(/state\.position .* got -3/);
    expect(() => CounterRng.fromState(null as never)).toThrow(GumbelTypeError);
  });

  it('makes fresh seeds that are valid and vary', () => {
    const seeds = new Set(Array.from({ length: 8 }, freshSeed));
    expect(seeds.size).toBeGreaterThan(1);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(() => CounterRng.create()).not.toThrow();
  });

  it('property: any valid seed and position round-trips through its state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.nat(1000), (seed, n) => {
        const rng = CounterRng.fromSeed(seed);
        rng.reserve(n);
        const again = CounterRng.fromState(rng.getState());
        return rng.next() === again.next();
      }),
    );
  });
});
