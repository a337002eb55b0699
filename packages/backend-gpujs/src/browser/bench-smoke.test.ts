/**
 * A tiny run of the benchmark's code path (not a timing: sizes are small and times are ignored).
 * What it checks is that the timed computations agree: our relaxed sample + VJP on WebGL2 against
 * tfjs-webgl composing the same math on the same inputs, and that neither side leaks tensors.
 */
import { describe, expect, it } from 'vitest';
import { formatBench, runBench } from './bench.js';

describe('browser benchmark (smoke run)', () => {
  it('runs both sides at two small sizes; their y, dLogits and dτ agree to float32 tolerance', async () => {
    const { result, console: lines } = await runBench('sizes=64x8,8x300&iterations=2&rounds=1', 300_000);
    expect(result.fatal, lines.join('\n')).toBeUndefined();
    expect([result.mode, result.tfjsBackend]).toEqual(['webgl2', 'webgl']);
    expect(result.results.map((r) => [r.batch, r.k])).toEqual([[64, 8], [8, 300]]);
    for (const r of result.results) {
      // y ∈ [0, 1] and dLogits = O(1/τ) = O(2): 1e-5 is float32 rounding of a few chained ops.
      expect(r.maxAbsDiff, `[${r.batch}, ${r.k}] max |ours − tfjs|`).toBeLessThan(1e-5);
      expect(r.tauRelDiff, `[${r.batch}, ${r.k}] dτ relative difference`).toBeLessThan(1e-4);
      expect(Number.isFinite(r.ratio) && r.ratio > 0).toBe(true);
    }
    expect([result.oursTensorsLeft, result.tfjsTensorsLeft]).toEqual([0, 0]);
    expect(formatBench(result)).toContain('[64, 8]');
  }, 300_000);
});
