/**
 * conditionalGumbelNoise on GPU.js's cpu mode: core's algorithm on core's stream (so a seed gives
 * the CPU backend's noise), the conditioning exact even where float32 rounding makes ties, and
 * core's argument rules. The WebGL2 run of the same kernels is in the browser page.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { CounterRng, GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from './index.js';

const backend = createGpujsBackend({ mode: 'cpu' });
const cpu = createCpuBackend({ precision: 32, path: 'js' });
afterAll(() => backend.destroy());

/**
 * Row argmax of logits + g, ties to the lowest index, with the sums in float64 (as the CPU backend
 * and this cpu mode form them) or rounded to float32 (as a GL device or tfjs forms them).
 */
function hostArgmax(logits: ArrayLike<number>, g: ArrayLike<number>, k: number, round: (x: number) => number = (x) => x): number[] {
  const out: number[] = [];
  const at = (i: number) => round((logits[i] as number) + (g[i] as number));
  for (let r = 0; r < logits.length / k; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (at(r * k + j) > at(r * k + best)) best = j;
    out.push(best);
  }
  return out;
}

async function both(logits: number[], index: number[], k: number, source: () => number | CounterRng): Promise<{ got: ArrayLike<number>; want: ArrayLike<number> }> {
  const shape = [index.length, k];
  const [gl, gi, cl, ci] = [backend.fromArray(logits, shape), backend.fromArray(index, [index.length]), cpu.fromArray(logits, shape), cpu.fromArray(index, [index.length])];
  const g = backend.conditionalGumbelNoise(gl, gi, source());
  const got = await backend.toArray(g);
  const want = await cpu.toArray(cpu.conditionalGumbelNoise(cl, ci, source()));
  backend.dispose(gl, gi, g);
  return { got, want };
}

describe('conditionalGumbelNoise (cpu mode)', () => {
  it('a seed gives the CPU backend\'s float32 noise (to float32 rounding of the logs and the logsumexp)', async () => {
    const rng = CounterRng.fromSeed(5);
    const k = 6;
    const batch = 300;
    const logits = Array.from({ length: batch * k }, (_, i) => (i % k === 3 && i % 4 === 0 ? -Infinity : 6 * rng.next() - 3));
    const index = Array.from({ length: batch }, (_, r) => [0, 1, 2, 4, 5][r % 5] as number);
    const { got, want } = await both(logits, index, k, () => 2024);
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      // A few float32 ulps of the largest quantity in the formula (T ≈ logsumexp + G is below 25 here).
      worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / (1 + Math.abs(logits[i] as number) + Math.abs(want[i] as number)));
    }
    expect(worst).toBeLessThan(2e-6);
    // Masked classes: an ordinary Gumbel of the same uniform, which the CPU backend stores as is.
    for (let i = 0; i < got.length; i++) if (logits[i] === -Infinity) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-5);
    expect(hostArgmax(logits, got, k)).toEqual(index);
    expect(hostArgmax(logits, got, k, Math.fround)).toEqual(index);
  });

  it('a CounterRng source advances by batch·k: consecutive calls follow the CPU backend\'s stream', async () => {
    const logits = [0.5, -1, 2, 0, 1, 1];
    const index = [2, 0];
    const ours = CounterRng.fromSeed(77);
    const theirs = CounterRng.fromSeed(77);
    let step = 0;
    for (let call = 0; call < 3; call++) {
      const { got, want } = await both(logits, index, 3, () => (step++ % 2 === 0 ? ours : theirs));
      for (let i = 0; i < 6; i++) expect(got[i] as number, `call ${call}, entry ${i}`).toBeCloseTo(want[i] as number, 5);
    }
    expect(ours.position).toBe(18);
    expect(theirs.position).toBe(18);
  });

  it('the conditioning holds exactly where float32 rounding makes ties (logits 1e7: one ulp is 1)', async () => {
    // Four equal logits and the *last* class given: every other class must land strictly below it
    // after float32 rounding, or the lowest-index tie rule would pick it (with the guard loop removed
    // from the kernel, this test fails).
    const batch = 2000;
    const logits = Array.from({ length: batch * 4 }, () => 1e7);
    const index = Array.from({ length: batch }, () => 3);
    const lt = backend.fromArray(logits, [batch, 4]);
    const g = backend.conditionalGumbelNoise(lt, backend.fromArray(index, [batch]), 9);
    const values = await backend.toArray(g);
    expect(hostArgmax(logits, values, 4)).toEqual(index);
    expect(hostArgmax(logits, values, 4, Math.fround)).toEqual(index);
    // The device's own argmax of logits + g (float32 sums in the GL modes, float64 here) agrees.
    const hard = backend.gumbelMax({ logits: lt, noise: g });
    const onDevice = await backend.toArray(backend.argmax(hard));
    expect(Array.from(onDevice)).toEqual(index);
  });

  it('refuses a bad index before the stream advances, with core\'s messages', () => {
    const logits = backend.fromArray([0, 1, -Infinity, 2, 0, 0], [2, 3]);
    const rng = CounterRng.fromSeed(1);
    const bad: Array<[number[], RegExp]> = [
      [[0, 3], /index\[1\] must be an integer in \[0, 2\], got 3/],
      [[0.5, 1], /index\[0\] must be an integer in \[0, 2\], got 0\.5/],
      [[2, 1], /index\[0\] must be the index of an unmasked class/],
    ];
    for (const [index, message] of bad) {
      const t = backend.fromArray(index, [2]);
      expect(() => backend.conditionalGumbelNoise(logits, t, rng)).toThrow(GumbelRangeError);
      expect(() => backend.conditionalGumbelNoise(logits, t, rng)).toThrow(message);
      backend.dispose(t);
    }
    const wrongShape = backend.fromArray([0, 1, 2], [3]);
    expect(() => backend.conditionalGumbelNoise(logits, wrongShape, rng)).toThrow(GumbelTypeError);
    expect(() => backend.conditionalGumbelNoise(logits, wrongShape, rng)).toThrow(/^index must be of shape \[2\]/);
    expect(rng.position).toBe(0);
    backend.dispose(logits, wrongShape);
  });
});
