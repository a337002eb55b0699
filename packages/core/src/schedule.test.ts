import { describe, expect, it } from 'vitest';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { exponentialDecaySchedule, slopeAnnealingSchedule } from './schedule.js';

describe('exponentialDecaySchedule', () => {
  it('reproduces the documented example (Jang et al. 2017 settings)', () => {
    const tau = exponentialDecaySchedule({ initial: 1, rate: 1e-4, min: 0.5, every: 1000 });
    expect(tau(0)).toBe(1);
    expect(tau(999)).toBe(1);
    expect(tau(1000)).toBeCloseTo(Math.exp(-0.1), 15);
    expect(tau(1999)).toBeCloseTo(Math.exp(-0.1), 15);
    expect(tau(10_000)).toBe(0.5);
    expect(tau(1e9)).toBe(0.5);
  });
  it('decays every step by default and holds at initial for rate 0', () => {
    const tau = exponentialDecaySchedule({ initial: 2, rate: 0.01, min: 0.1 });
    expect(tau(1)).toBeCloseTo(2 * Math.exp(-0.01), 15);
    expect(tau(37)).toBeCloseTo(2 * Math.exp(-0.37), 15);
    const flat = exponentialDecaySchedule({ initial: 0.7, rate: 0, min: 0.7 });
    expect(flat(123_456)).toBe(0.7);
  });
  it('is non-increasing and never below the floor', () => {
    const tau = exponentialDecaySchedule({ initial: 5, rate: 3e-3, min: 0.3, every: 7 });
    let prev = Infinity;
    for (let t = 0; t < 5000; t += 3) {
      const v = tau(t);
      expect(v).toBeLessThanOrEqual(prev);
      expect(v).toBeGreaterThanOrEqual(0.3);
      prev = v;
    }
  });
  it('rejects bad options and steps, naming them', () => {
    const ok = { initial: 1, rate: 0.1, min: 0.5 };
    expect(() => exponentialDecaySchedule({ ...ok, initial: 0 })).toThrow(/^initial must be finite and > 0, got 0$/);
    expect(() => exponentialDecaySchedule({ ...ok, min: -1 })).toThrow(/^min must be finite and > 0/);
    expect(() => exponentialDecaySchedule({ ...ok, min: 2 })).toThrow(/^min must be ≤ initial \(1\), got 2$/);
    expect(() => exponentialDecaySchedule({ ...ok, rate: -0.1 })).toThrow(/^rate must be finite and ≥ 0, got -0\.1$/);
    expect(() => exponentialDecaySchedule({ ...ok, rate: Infinity })).toThrow(/^rate must be finite/);
    expect(() => exponentialDecaySchedule({ ...ok, every: 0 })).toThrow(/^every must be an integer ≥ 1, got 0$/);
    expect(() => exponentialDecaySchedule({ ...ok, every: 1.5 })).toThrow(GumbelRangeError);
    expect(() => exponentialDecaySchedule(null as unknown as typeof ok)).toThrow(GumbelTypeError);
    expect(() => exponentialDecaySchedule({ ...ok, rate: '1' as unknown as number })).toThrow(GumbelTypeError);
    const tau = exponentialDecaySchedule(ok);
    expect(() => tau(-1)).toThrow(/^step must be an integer ≥ 0, got -1$/);
    expect(() => tau(0.5)).toThrow(GumbelRangeError);
    expect(() => tau(NaN)).toThrow(GumbelRangeError);
    expect(() => tau(Infinity)).toThrow(GumbelRangeError);
    expect(() => tau('3' as unknown as number)).toThrow(GumbelTypeError);
  });
});

describe('slopeAnnealingSchedule', () => {
  // Chung, Ahn & Bengio (2017, §4.1): a = min(5, 1 + 0.04·N_epoch); here 500 steps per epoch, so
  // epoch k starts at step 500·k and the ceiling is reached at epoch 100 (step 50,000).
  const chung = slopeAnnealingSchedule({ initial: 1, increment: 0.04, max: 5, every: 500 });
  it('ramps by the increment once per period and stops at the ceiling (values by hand)', () => {
    expect(chung(0)).toBe(1);
    expect(chung(499)).toBe(1);
    expect(chung(500)).toBeCloseTo(1.04, 14);
    expect(chung(1000)).toBeCloseTo(1.08, 14);
    expect(chung(12_345)).toBeCloseTo(1.96, 14); // epoch 24
    expect(chung(49_999)).toBeCloseTo(4.96, 14); // epoch 99
    expect(chung(50_000)).toBe(5);
    expect(chung(1e9)).toBe(5);
  });
  it('is non-decreasing, within [initial, max], and flat for increment 0', () => {
    const slope = slopeAnnealingSchedule({ initial: 0.5, increment: 0.3, max: 2, every: 7 });
    let prev = -Infinity;
    for (let t = 0; t < 200; t += 1) {
      const v = slope(t);
      expect(v).toBeGreaterThanOrEqual(prev);
      expect(v).toBeGreaterThanOrEqual(0.5);
      expect(v).toBeLessThanOrEqual(2);
      prev = v;
    }
    expect(prev).toBe(2);
    expect(slopeAnnealingSchedule({ initial: 3, increment: 0, max: 3, every: 1 })(10_000)).toBe(3);
  });
  it('rejects bad options and steps, naming them', () => {
    const ok = { initial: 1, increment: 0.04, max: 5, every: 500 };
    expect(() => slopeAnnealingSchedule({ ...ok, initial: 0 })).toThrow(/^initial must be finite and > 0, got 0$/);
    expect(() => slopeAnnealingSchedule({ ...ok, initial: NaN })).toThrow(GumbelRangeError);
    expect(() => slopeAnnealingSchedule({ ...ok, increment: -0.04 })).toThrow(/^increment must be finite and ≥ 0, got -0\.04$/);
    expect(() => slopeAnnealingSchedule({ ...ok, max: 0.5 })).toThrow(/^max must be finite and ≥ initial \(1\), got 0\.5$/);
    expect(() => slopeAnnealingSchedule({ ...ok, max: Infinity })).toThrow(/^max must be finite/);
    expect(() => slopeAnnealingSchedule({ ...ok, every: 0 })).toThrow(/^every must be an integer ≥ 1, got 0$/);
    expect(() => slopeAnnealingSchedule({ ...ok, every: undefined as unknown as number })).toThrow(GumbelTypeError);
    expect(() => slopeAnnealingSchedule(null as unknown as typeof ok)).toThrow(GumbelTypeError);
    expect(() => chung(-1)).toThrow(/^step must be an integer ≥ 0, got -1$/);
    expect(() => chung(2.5)).toThrow(GumbelRangeError);
    expect(() => chung('3' as unknown as number)).toThrow(GumbelTypeError);
  });
});
