/**
 * The wasm-simd path against the plain-JS reference: the same uniforms bit for bit, the fast log's
 * error bound checked exhaustively over every float32 uniform the stream can produce, row kernels
 * against the float64 JS path across chunk boundaries, and `out` buffers.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng, GumbelTypeError } from '@gumbel/core';
import { createCpuBackend, wasmSimdAvailable } from './index.js';
import type { CpuTensor } from './index.js';

const wasm = wasmSimdAvailable() ? createCpuBackend({ precision: 32, path: 'wasm-simd' }) : undefined;
const js32 = createCpuBackend({ precision: 32, path: 'js' });
const ref = createCpuBackend({ precision: 64 });

/** Largest |a − e| / max(1, |e|): the error measure of the documented bounds. */
function worst(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const d = Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e));
    if (!(d <= w)) w = d; // NaN lands here and fails the caller's bound
  }
  return w;
}

describe.skipIf(wasm === undefined)('wasm-simd path', () => {
  const cpu = wasm as NonNullable<typeof wasm>;

  it('uniforms are the JS stream bit for bit, across the 2^32 counter carry and chunk boundaries', () => {
    const start = { key: [0x9e3779b9, 0x7f4a7c15] as [number, number], position: 2 ** 32 - 1000, splits: 0 };
    const n = 3 * 65536 + 13;
    const a = cpu.uniformNoise([n], CounterRng.fromState(start));
    const b = js32.uniformNoise([n], CounterRng.fromState(start));
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (a.data[i] !== b.data[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('uniforms are the JS stream bit for bit at every length and carry offset (vector front, scalar back, split at the carry)', () => {
    // The kernel runs 16 positions per iteration in i32x4 lanes plus 2 in scalar chains, the last few
    // as scalars, and splits a chunk where the counter's low word wraps: lengths around those
    // boundaries, with the wrap before, inside and after each part.
    for (const n of [1, 2, 15, 16, 17, 18, 19, 35, 143, 144, 145, 161, 162, 1000]) {
      for (const before of [0, 1, 2, 15, 16, 17, 18, 143, 144, 999, 5000]) {
        const start = { key: [0x85ebca6b, 0xc2b2ae35] as [number, number], position: 3 * 2 ** 32 - before, splits: 0 };
        const a = cpu.uniformNoise([n], CounterRng.fromState(start)).data;
        const b = js32.uniformNoise([n], CounterRng.fromState(start)).data;
        const bad = Array.from(a).findIndex((v, i) => v !== b[i]);
        expect({ n, before, bad }).toEqual({ n, before, bad: -1 });
      }
    }
  });

  it('fast log: Gumbel and logistic noise within 2^-20·max(1, |x|) of float64, for every float32 uniform of the stream', () => {
    // The stream's float32 uniforms are exactly (m + ½)·2^-23, m = 0 … 2^23 − 1: check them all.
    const n = 2 ** 23;
    const u = new Float32Array(n);
    for (let m = 0; m < n; m++) u[m] = (m + 0.5) * 2 ** -23;
    const uniforms: CpuTensor = { data: u, shape: [n] };
    const g = cpu.gumbelFromUniforms(uniforms).data;
    const l = cpu.logisticFromUniforms(uniforms).data;
    const ge = new Float64Array(n);
    const le = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const v = u[m] as number;
      ge[m] = -Math.log(-Math.log(v));
      le[m] = Math.log(v) - Math.log1p(-v);
    }
    // Rounding to float32 alone costs 2^-24 relative; the bound allows 16 such roundings.
    expect(worst(g, ge)).toBeLessThanOrEqual(2 ** -20);
    expect(worst(l, le)).toBeLessThanOrEqual(2 ** -20);
  });

  it('Gumbel noise keeps the bound at every tail length: the kernel runs 32 elements per step, then one block of 16', () => {
    // Lengths with an odd and an even number of 16-element blocks, shorter than a block, and across
    // the 2^16-element chunk boundary; expected values are −log(−log u) in float64 of the JS path's uniforms.
    const start = { key: [0x243f6a88, 0x85a308d3] as [number, number], position: 12345, splits: 0 };
    for (const n of [1, 13, 16, 17, 33, 48, 65536 + 48 + 5, 2 * 65536 + 31]) {
      const g = cpu.gumbelNoise([n], CounterRng.fromState(start)).data;
      const u = js32.uniformNoise([n], CounterRng.fromState(start)).data;
      const ge = Array.from(u, (v) => -Math.log(-Math.log(v)));
      expect(worst(g, ge)).toBeLessThanOrEqual(2 ** -20);
      const h = cpu.gumbelFromUniforms({ data: u, shape: [n] }).data;
      expect(worst(h, ge)).toBeLessThanOrEqual(2 ** -20);
    }
  });

  for (const [batch, k] of [[300, 67], [3, 70001], [2000, 1], [5, 4]] as const) {
    it(`softmax, log-softmax, straight-through and the VJP agree with the JS path at [${batch}, ${k}] (masked classes, per-row τ)`, () => {
      const rng = CounterRng.fromSeed(7);
      const values = Array.from({ length: batch * k }, (_, i) => (i % 7 === 3 && k > 1 ? -Infinity : 4 * rng.next() - 2));
      const taus = Array.from({ length: batch }, () => 0.2 + 2 * rng.next());
      const dyv = Array.from({ length: batch * k }, () => 2 * rng.next() - 1);
      for (const perRow of [false, true]) {
        // Same float32 inputs for both paths (noise from the JS path), so only kernel arithmetic differs.
        const logits = js32.fromArray(values, [batch, k]);
        const tau = perRow ? js32.fromArray(taus, [batch]) : 0.7;
        const noise = js32.gumbelNoise([batch, k], 11);
        const dy = js32.fromArray(dyv, [batch, k]);
        const run = (b: typeof cpu) => {
          const st = b.straightThroughSample({ logits, tau, noise });
          const g = b.relaxedSampleVjp({ logits, tau, noise, y: st.soft, dy });
          return { soft: st.soft.data, hard: st.hard.data, log: b.relaxedLogSample({ logits, tau, noise }).data, y: b.relaxedSample({ logits, tau, noise }).data, dl: g.dLogits.data, dt: g.dTau.data };
        };
        // The wasm path rounds l + g, 1/τ and s = (l + g)/τ to float32 where the JS path keeps float64:
        // |s| ≤ (2 + 17)/0.2 ≈ 95, so s − max may be off by ~3·95·2^-24 ≈ 2e-5, which y and log y
        // inherit relatively. 1e-4 (the conformance suite's float32 tolerance) bounds it with room.
        const w = run(cpu);
        const r = run(js32);
        expect(worst(w.soft, r.soft)).toBeLessThan(1e-4);
        expect(Array.from(w.y)).toEqual(Array.from(w.soft));
        expect(worst(w.log, r.log)).toBeLessThan(1e-4);
        expect(Array.from(w.hard)).toEqual(Array.from(r.hard));
        expect(worst(w.dl, r.dl)).toBeLessThan(1e-4);
        // dτ sums k·batch terms in float32: relative to the scale of its terms
        const scale = Array.from(r.dt).reduce((a, v) => a + Math.abs(v), 0) / r.dt.length + 1;
        expect(worst(Array.from(w.dt, (v) => v / scale), Array.from(r.dt, (v) => v / scale))).toBeLessThan(1e-3);
      }
    });
  }

  it('out buffers are filled and returned, may alias an input, and a bad one fails before the stream advances', () => {
    const shape = [64, 10];
    const logits = cpu.fromArray(Array.from({ length: 640 }, (_, i) => Math.sin(i)), shape);
    const noise = cpu.gumbelNoise(shape, 3);
    const out = cpu.gumbelNoise(shape, 5);
    expect(cpu.gumbelNoise(shape, 3, out)).toBe(out);
    expect(Array.from(out.data)).toEqual(Array.from(noise.data));
    const hard = cpu.fromArray(new Float32Array(640), shape);
    const soft = cpu.fromArray(new Float32Array(640), shape);
    const st = cpu.straightThroughSample({ logits, tau: 0.5, noise, out: { hard, soft } });
    expect(st.hard).toBe(hard);
    expect(st.soft).toBe(soft);
    expect(Array.from(soft.data)).toEqual(Array.from(cpu.relaxedSample({ logits, tau: 0.5, noise }).data));
    const copy = cpu.fromArray(noise.data, shape);
    const inPlace = cpu.relaxedSample({ logits, tau: 0.5, noise: copy, out: copy });
    expect(Array.from(inPlace.data)).toEqual(Array.from(soft.data));
    const rng = CounterRng.fromSeed(1);
    expect(() => cpu.gumbelNoise(shape, rng, cpu.fromArray(new Float32Array(10), [10]))).toThrow(GumbelTypeError);
    expect(() => cpu.gumbelNoise([10], rng, ref.fromArray(new Float64Array(10), [10]))).toThrow(GumbelTypeError);
    expect(rng.position).toBe(0);
  });
});
