/**
 * GST: the gapped logits by hand and their two properties (consistency, gap ≥ κ) on random rows;
 * the backward pass is the softmax(m/τ) VJP, checked against a float64 reference; options refused
 * with typed errors. Its bias and variance next to ST-GS and Gumbel-Rao: decoupled-straight-
 * through.test.ts and the report.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { createGappedStraightThrough, gappedLogits } from './gapped-straight-through.js';
import { createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import { expectClose, refSoftmax } from './test-support/helpers.js';

const backend = createCpuBackend({ precision: 64 });

describe('GST gapped logits', () => {
  it('by hand: the chosen class rises to the max, classes within κ of the max drop to max − κ', () => {
    const m = new Float64Array(4);
    gappedLogits([1, 0.5, -1, 2], 0, 1, m);
    expect(Array.from(m)).toEqual([2, 0.5, -1, 1]);
    gappedLogits([1, 0.5, -1, 2], 3, 1, m);
    expect(Array.from(m)).toEqual([1, 0.5, -1, 2]); // the argmax chosen, nothing within κ: unchanged
    gappedLogits([0, -Infinity, 0.2], 0, 0.5, m);
    expect([m[0], m[1]]).toEqual([0.2, -Infinity]);
    expect(m[2]).toBeCloseTo(-0.3, 15);
  });

  it('consistency and gap on 200 random rows: argmax m = d and m_d − max_{j≠d} m_j ≥ κ', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 6 - 3;
    for (let r = 0; r < 200; r++) {
      const theta = Array.from({ length: 6 }, rand);
      const d = r % 6;
      const kappa = (r % 4) * 0.5;
      const m = new Float64Array(6);
      gappedLogits(theta, d, kappa, m);
      const others = Math.max(...Array.from(m).filter((_, j) => j !== d));
      expect(m[d] as number, `row ${r}`).toBeGreaterThanOrEqual(others + kappa - 1e-12);
    }
  });
});

describe('GST estimator', () => {
  const theta = [0.3, -0.4, 1.1, 0.2, -Infinity, 0.9];
  const logits = backend.fromArray(theta, [2, 3]);

  it('forward is the ST-GS one-hot of the same seed; backward is J(softmax(m/τ))ᵀ·dy; masked classes get 0', async () => {
    const tau = 0.7;
    const sample = await createGappedStraightThrough(backend, { seed: 6, tau, gap: 0.5 }).sample(logits);
    const st = await createStraightThroughGumbelSoftmax(backend, { seed: 6, tau }).sample(logits);
    const z = await backend.toArray(sample.value);
    expect(Array.from(z)).toEqual(Array.from(await backend.toArray(st.value)));
    const dy = [1, -2, 0.5, 3, 7, -1];
    const { dLogits, dTau } = await sample.backward(backend.fromArray(dy, [2, 3]));
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) {
      const row = theta.slice(b * 3, b * 3 + 3);
      const m = new Float64Array(3);
      gappedLogits(row, Array.from(z.subarray(b * 3, b * 3 + 3)).indexOf(1), 0.5, m);
      const y = refSoftmax(m, tau);
      const g = dy.slice(b * 3, b * 3 + 3);
      const yg = y.reduce((s, v, j) => s + v * (g[j] as number), 0);
      for (let j = 0; j < 3; j++) expected.push(((y[j] as number) * ((g[j] as number) - yg)) / tau);
    }
    const got = await backend.toArray(dLogits);
    expectClose(got, expected, 1e-12);
    expect(got[4]).toBe(0);
    expect(backend.shapeOf(dTau as never)).toEqual([]);
  });

  it('the gradient is a function of the sample alone: every row that drew the same class gets the same gradient', async () => {
    const rows = 200;
    const row = [0.4, -0.3, 0.8, 0];
    const sample = await createGappedStraightThrough(backend, { seed: 8 }).sample(backend.fromArray(Array.from({ length: rows }, () => row).flat(), [rows, 4]));
    const z = await backend.toArray(sample.value);
    const g = await backend.toArray((await sample.backward(backend.fromArray(Array.from({ length: rows }, () => [1, -1, 2, 0.5]).flat(), [rows, 4]))).dLogits);
    const byClass = new Map<number, number[]>();
    for (let r = 0; r < rows; r++) {
      const d = Array.from(z.subarray(r * 4, r * 4 + 4)).indexOf(1);
      const grad = Array.from(g.subarray(r * 4, r * 4 + 4));
      const first = byClass.get(d);
      if (first === undefined) byClass.set(d, grad);
      else expect(grad).toEqual(first);
    }
    expect(byClass.size).toBe(4); // every class drawn at least once in 200 rows (p_min ≈ 0.17)
  });

  it('refuses a bad gap with typed errors naming it', () => {
    expect(() => createGappedStraightThrough(backend, { gap: -1 })).toThrow(GumbelRangeError);
    expect(() => createGappedStraightThrough(backend, { gap: Number.NaN })).toThrow(/gap/);
    expect(() => createGappedStraightThrough(backend, { gap: '1' as never })).toThrow(GumbelTypeError);
    expect(createGappedStraightThrough(backend).gap).toBe(1);
  });
});
