/** Behaviour of the kernels beyond golden values: per-row τ, masking, ties, precision, normalisation. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';
import type { CpuTensor } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
const f32 = createCpuBackend();

function row(t: CpuTensor, b: number): number[] {
  const k = t.shape[1] as number;
  return Array.from(t.data.subarray(b * k, (b + 1) * k));
}

describe('per-row τ', () => {
  it('a [batch] τ gives each row what its own scalar τ gives', () => {
    const logits = cpu.fromArray([0.1, 2, -1, 3, 0, 0.5], [2, 3]);
    const noise = cpu.gumbelNoise([2, 3], 5);
    const taus = [0.3, 4];
    const both = cpu.relaxedLogSample({ logits, noise, tau: cpu.fromArray(taus, [2]) });
    taus.forEach((tau, b) => expect(row(both, b)).toEqual(row(cpu.relaxedLogSample({ logits, noise, tau }), b)));
    const dy = cpu.fromArray([1, -2, 0.5, 0.3, 0.2, -1], [2, 3]);
    const y = cpu.relaxedSample({ logits, noise, tau: 1 });
    const perRow = cpu.relaxedSampleVjp({ logits, noise, tau: cpu.fromArray([1, 1], [2]), y, dy });
    const scalar = cpu.relaxedSampleVjp({ logits, noise, tau: 1, y, dy });
    expect(perRow.dTau.shape).toEqual([2]);
    expect(scalar.dTau.shape).toEqual([]);
    expect(scalar.dTau.data[0]).toBeCloseTo((perRow.dTau.data[0] as number) + (perRow.dTau.data[1] as number), 14);
    expect(Array.from(perRow.dLogits.data)).toEqual(Array.from(scalar.dLogits.data));
  });

  it('Bernoulli τ applies per entry of the leading axis, whatever the rank', () => {
    const logits = cpu.fromArray([1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2]);
    const y = cpu.relaxedBernoulli({ logits, tau: cpu.fromArray([1, 2], [2]) });
    expect(Array.from(y.data.subarray(0, 4))).toEqual(new Array(4).fill(1 / (1 + Math.exp(-1))));
    expect(Array.from(y.data.subarray(4))).toEqual(new Array(4).fill(1 / (1 + Math.exp(-0.5))));
  });
});

describe('masked (−∞) logits', () => {
  const logits = cpu.fromArray([0.5, -Infinity, 2, -Infinity, 1, 1], [2, 3]);
  const noise = cpu.gumbelNoise([2, 3], 9);
  const args = { logits, noise, tau: 0.5 };

  it('y = 0, log y = −∞, never the argmax, last in top-k', () => {
    const logY = cpu.relaxedLogSample(args);
    const y = cpu.relaxedSample(args);
    expect([logY.data[1], logY.data[3]]).toEqual([-Infinity, -Infinity]);
    expect([y.data[1], y.data[3]]).toEqual([0, 0]);
    expect(row(y, 0).reduce((a, b) => a + b)).toBeCloseTo(1, 15);
    const st = cpu.straightThroughSample(args);
    expect([st.hard.data[1], st.hard.data[3]]).toEqual([0, 0]);
    expect(Array.from(cpu.topK({ logits, noise, count: 3 }).data.filter((_, i) => i % 3 === 2))).toEqual([1, 0]);
  });

  it('gradients there are exactly 0 and nothing is NaN, even with huge upstream at masked classes', () => {
    const up = cpu.fromArray([1, 1e300, -1, Infinity, 2, 3], [2, 3]);
    const g1 = cpu.relaxedLogSampleVjp({ ...args, logY: cpu.relaxedLogSample(args), dLogY: up });
    const g2 = cpu.relaxedSampleVjp({ ...args, y: cpu.relaxedSample(args), dy: up });
    const g3 = cpu.relaxedBernoulliVjp({ ...args, y: cpu.relaxedBernoulli(args), dy: up });
    for (const g of [g1, g2, g3]) {
      expect([g.dLogits.data[1], g.dLogits.data[3]]).toEqual([0, 0]);
      expect(g.dLogits.data.every(Number.isFinite) && g.dTau.data.every(Number.isFinite)).toBe(true);
    }
    const y = cpu.relaxedSample(args);
    const dOut = cpu.fromArray([1, 1], [2]);
    const gc = cpu.concreteLogProbVjp({ logits, tau: 0.5, y, dOut });
    const ge = cpu.expConcreteLogProbVjp({ logits, tau: 0.5, x: cpu.relaxedLogSample(args), dOut });
    for (const g of [gc, ge]) {
      expect([g.dLogits.data[1], g.dLogits.data[3], g.dValue.data[1], g.dValue.data[3]]).toEqual([0, 0, 0, 0]);
      expect([...g.dLogits.data, ...g.dValue.data, ...g.dTau.data].every(Number.isFinite)).toBe(true);
    }
  });

  it('masked classes are dropped from the densities: k counts the unmasked ones', () => {
    const full = cpu.fromArray([0.5, 2], [1, 2]);
    const masked = cpu.fromArray([0.5, -Infinity, 2], [1, 3]);
    const y2 = cpu.fromArray([0.3, 0.7], [1, 2]);
    const y3 = cpu.fromArray([0.3, 0, 0.7], [1, 3]);
    expect(cpu.concreteLogProb({ logits: masked, tau: 0.8, y: y3 }).data[0]).toBeCloseTo(cpu.concreteLogProb({ logits: full, tau: 0.8, y: y2 }).data[0] as number, 14);
    const x3 = cpu.fromArray([Math.log(0.3), -Infinity, Math.log(0.7)], [1, 3]);
    const x2 = cpu.fromArray([Math.log(0.3), Math.log(0.7)], [1, 2]);
    expect(cpu.expConcreteLogProb({ logits: masked, tau: 0.8, x: x3 }).data[0]).toBeCloseTo(cpu.expConcreteLogProb({ logits: full, tau: 0.8, x: x2 }).data[0] as number, 14);
  });

  it('a −∞ Bernoulli logit gives y = 0, hard = 0, log p = −∞ and zero gradients', () => {
    const l = cpu.fromArray([-Infinity, 0], [2]);
    expect(Array.from(cpu.relaxedBernoulli({ logits: l, tau: 1 }).data)).toEqual([0, 0.5]);
    expect(Array.from(cpu.hardBernoulli({ logits: l, noise: cpu.fromArray([1e9, 1], [2]) }).data)).toEqual([0, 1]);
    const y = cpu.fromArray([0.3, 0.3], [2]);
    expect(cpu.binConcreteLogProb({ logits: l, tau: 1, y }).data[0]).toBe(-Infinity);
    const g = cpu.binConcreteLogProbVjp({ logits: l, tau: 1, y, dOut: cpu.fromArray([1, 1], [2]) });
    expect([g.dLogits.data[0], g.dValue.data[0]]).toEqual([0, 0]);
    expect(g.dTau.data.every(Number.isFinite)).toBe(true);
  });
});

describe('ties and order', () => {
  it('argmax and one-hot take the lowest index; top-k lists ties lowest index first', () => {
    const x = cpu.fromArray([1, 3, 3, 0, 2, 2, 2, 2], [2, 4]);
    expect(Array.from(cpu.argmax(x).data)).toEqual([1, 0]);
    expect(Array.from(cpu.oneHotArgmax(x).data)).toEqual([0, 1, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(cpu.topK({ logits: x, count: 4 }).data)).toEqual([1, 2, 0, 3, 0, 1, 2, 3]);
    expect(cpu.topK({ logits: x, count: 2 }).shape).toEqual([2, 2]);
  });
});

describe('precision', () => {
  it('a float32 backend returns Float32Array results close to the float64 ones', async () => {
    const values = [0.1, 2, -1, 3, 0, 0.5];
    const a64 = { logits: cpu.fromArray(values, [2, 3]), tau: 0.7, noise: cpu.gumbelNoise([2, 3], 1) };
    const a32 = { logits: f32.fromArray(values, [2, 3]), tau: 0.7, noise: f32.fromArray(a64.noise.data, [2, 3]) };
    const y32 = f32.relaxedSample(a32);
    expect(y32.data).toBeInstanceOf(Float32Array);
    expect(await f32.toArray(y32)).toBeInstanceOf(Float32Array);
    const y64 = cpu.relaxedSample(a64);
    y32.data.forEach((v, i) => expect(v).toBeCloseTo(y64.data[i] as number, 6));
    const g = f32.relaxedSampleVjp({ ...a32, y: y32, dy: y32 });
    expect(g.dLogits.data).toBeInstanceOf(Float32Array);
    expect(g.dTau.data).toBeInstanceOf(Float32Array);
  });
});

describe('densities are normalised', () => {
  it('Concrete (k = 3) integrates to 1 over the simplex', () => {
    // Substitute y = softmax(z1, z2, 0), whose Jacobian determinant is y1·y2·y3: the integrand is
    // smooth with exponential tails, so a midpoint rule on [−L, L]² is accurate to many digits.
    for (const tau of [0.7, 1.5]) {
      const n = 400;
      const L = 32;
      const h = (2 * L) / n;
      const m = n * n;
      const ys = new Float64Array(3 * m);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const z1 = -L + (i + 0.5) * h;
          const z2 = -L + (j + 0.5) * h;
          const top = Math.max(z1, z2, 0);
          const e = [Math.exp(z1 - top), Math.exp(z2 - top), Math.exp(-top)];
          const sum = e[0]! + e[1]! + e[2]!;
          ys.set(e.map((v) => v / sum), 3 * (i * n + j));
        }
      }
      const logits = cpu.fromArray(Array.from({ length: m }, () => [0.4, -0.3, 0.1]).flat(), [m, 3]);
      const lp = cpu.concreteLogProb({ logits, tau, y: cpu.fromArray(ys, [m, 3]) });
      let total = 0;
      lp.data.forEach((v, e) => {
        total += Math.exp(v) * ys[3 * e]! * ys[3 * e + 1]! * ys[3 * e + 2]! * h * h;
      });
      expect(total, `τ = ${tau}`).toBeCloseTo(1, 6);
    }
  });

  it('BinConcrete integrates to 1 over (0, 1)', () => {
    // Substitute y = σ(z): ∫ p(y) dy = ∫ p(σ(z)) σ'(z) dz, smooth in z, trapezoid on [−60, 60].
    for (const [logit, tau] of [[0.3, 0.4], [-2, 1], [1, 3]] as const) {
      const n = 24_001;
      const zs = Array.from({ length: n }, (_, i) => -60 + (120 * i) / (n - 1));
      const ys = zs.map((z) => 1 / (1 + Math.exp(-z)));
      const ok = ys.map((y) => y > 0 && y < 1);
      const lp = cpu.binConcreteLogProb({ logits: cpu.fromArray(new Array<number>(n).fill(logit), [n]), tau, y: cpu.fromArray(ys.map((y, i) => (ok[i] ? y : 0.5)), [n]) });
      let total = 0;
      zs.forEach((_, i) => {
        if (!ok[i]) return;
        const y = ys[i] as number;
        total += Math.exp(lp.data[i] as number) * y * (1 - y) * (i === 0 || i === n - 1 ? 0.5 : 1);
      });
      // Beyond z ≈ 37, σ(z) rounds to 1 and those points are skipped: a tail of mass < 1e-6.
      expect(total * (120 / (n - 1)), `logit ${logit}, τ ${tau}`).toBeCloseTo(1, 5);
    }
  });

  it('ExpConcrete at x = log y equals Concrete at y plus Σ log y', () => {
    const logits = cpu.fromArray([0.2, -1, 0.7, 0.1], [1, 4]);
    const yv = [0.1, 0.2, 0.3, 0.4];
    const c = cpu.concreteLogProb({ logits, tau: 0.9, y: cpu.fromArray(yv, [1, 4]) }).data[0] as number;
    const e = cpu.expConcreteLogProb({ logits, tau: 0.9, x: cpu.fromArray(yv.map(Math.log), [1, 4]) }).data[0] as number;
    expect(e).toBeCloseTo(c + yv.reduce((s, v) => s + Math.log(v), 0), 13);
  });
});
