/**
 * Timing: warm-up, then several samples; each sample repeats the call until it has run ≥ `minMs`,
 * so a 1 ms kernel is not measured at timer resolution. Reports the median and the min–max of the
 * per-call times in CPU time of this process (user + system, `process.cpuUsage`), which time
 * slices given to other jobs on a shared machine do not inflate, and the median wall time too.
 * Every implementation measured is single-threaded; CPU time also counts V8's GC helper threads,
 * a real cost of the allocating peers.
 */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly wallMedian: number;
  readonly samples: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function medianOf(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface MeasureOptions {
  readonly warmup: number;
  readonly samples: number;
  /** Minimum wall time of one sample in ms (the call is repeated inside it). */
  readonly minMs: number;
}

export function measure(fn: () => void, options: MeasureOptions): Timing {
  for (let i = 0; i < options.warmup; i++) fn();
  // Calibrate the repetitions per sample from one timed call.
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.ceil(options.minMs / once));
  const times: number[] = [];
  const walls: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    const wall = performance.now();
    const start = cpuMs();
    for (let r = 0; r < reps; r++) fn();
    times.push((cpuMs() - start) / reps);
    walls.push((performance.now() - wall) / reps);
  }
  times.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  return { median: medianOf(times), min: times[0] as number, max: times[times.length - 1] as number, wallMedian: medianOf(walls), samples: times.length };
}

/**
 * Several implementations measured in alternation: warm-up and calibration as in `measure`, then
 * sample s of every implementation runs before sample s + 1 of any. On a shared machine the load
 * changes within seconds; measured one after another, each implementation would see different
 * conditions and their ratio would carry the difference (the same code measured 17.8× and 26.0×
 * stdlib in two consecutive runs). Alternating puts every implementation's samples in the same
 * stretch of time, so the ratios of medians compare like with like. (No forced GC between samples:
 * tried, it doubled tfjs-wasm's time per step, which would flatter our ratios.)
 */
export function measureInterleaved(fns: readonly (() => void)[], options: MeasureOptions): Timing[] {
  const reps = fns.map((fn) => {
    for (let i = 0; i < options.warmup; i++) fn();
    const t0 = performance.now();
    fn();
    return Math.max(1, Math.ceil(options.minMs / Math.max(performance.now() - t0, 1e-3)));
  });
  const times = fns.map((): number[] => []);
  const walls = fns.map((): number[] => []);
  for (let s = 0; s < options.samples; s++) {
    fns.forEach((fn, i) => {
      const r = reps[i] as number;
      const wall = performance.now();
      const start = cpuMs();
      for (let k = 0; k < r; k++) fn();
      (times[i] as number[]).push((cpuMs() - start) / r);
      (walls[i] as number[]).push((performance.now() - wall) / r);
    });
  }
  return times.map((t, i) => {
    const sorted = [...t].sort((a, b) => a - b);
    const w = [...(walls[i] as number[])].sort((a, b) => a - b);
    return { median: medianOf(sorted), min: sorted[0] as number, max: sorted[sorted.length - 1] as number, wallMedian: medianOf(w), samples: sorted.length };
  });
}

/** Bytes held by ArrayBuffers (typed arrays and WebAssembly memories) and the process RSS. */
export function memoryNow(): { arrayBuffers: number; rss: number } {
  const m = process.memoryUsage();
  return { arrayBuffers: m.arrayBuffers, rss: m.rss };
}
