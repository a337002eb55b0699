/**
 * Timing: warm-up, then several samples; each sample repeats the call until it has run ≥ `minMs`,
 * so a 1 ms kernel is not measured at timer resolution. Reports the median and the min–max of the
 * per-call times.
 */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
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
  for (let s = 0; s < options.samples; s++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn();
    times.push((performance.now() - start) / reps);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 === 1 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
  return { median, min: times[0] as number, max: times[times.length - 1] as number, samples: times.length };
}

/** Bytes held by ArrayBuffers (typed arrays and WebAssembly memories) and the process RSS. */
export function memoryNow(): { arrayBuffers: number; rss: number } {
  const m = process.memoryUsage();
  return { arrayBuffers: m.arrayBuffers, rss: m.rss };
}
