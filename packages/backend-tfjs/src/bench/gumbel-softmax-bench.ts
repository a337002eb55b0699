/**
 * Benchmark (a command, not a timed test): our `gumbelSoftmax` forward+backward against the same
 * math composed by hand from tf ops and differentiated by `tf.grad`, on the tfjs backends given,
 * at the given shapes. Iterations of the two alternate, so drift in machine load hits both; the
 * ratio is of medians. Three pairs are timed:
 * - `op`: the same Gumbel noise tensor handed to both (the cost of the op itself);
 * - `seeded`: ours drawing the project's Threefry stream on the host and uploading it (the ops'
 *   generator, `opsHostNoise()`: wasm-simd where available), against hand-written code drawing
 *   `tf.randomUniform` (what users write today, without a usable seed);
 * - `seeded-js`: the same, with the plain-JS generator (core's fillUniforms, transforms as tf ops):
 *   the path where WebAssembly SIMD is missing, and what every seeded call cost before.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hostNoise } from '../math/host-noise.js';
import { gumbelSoftmax } from '../ops/gumbel-softmax.js';

export interface BenchRow {
  readonly backend: string;
  readonly shape: readonly [number, number];
  readonly pair: 'op' | 'seeded' | 'seeded-js';
  readonly oursMs: number;
  readonly handMs: number;
  readonly ratio: number;
  /** Ratio of the fastest iterations: less sensitive to other load on the machine. */
  readonly minRatio: number;
}

export interface BenchOptions {
  readonly backends: readonly string[];
  readonly shapes: readonly (readonly [number, number])[];
  readonly iterations: number;
  readonly warmup: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timeOnce(run: () => tf.Tensor): number {
  const start = performance.now();
  const out = run();
  out.dataSync(); // forces completion on every backend
  const ms = performance.now() - start;
  out.dispose();
  return ms;
}

interface PairTimes {
  readonly oursMs: number;
  readonly handMs: number;
  readonly ratio: number;
  readonly minRatio: number;
}

function pairTimes(ours: () => tf.Tensor, hand: () => tf.Tensor, options: BenchOptions): PairTimes {
  for (let i = 0; i < options.warmup; i++) {
    timeOnce(ours);
    timeOnce(hand);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    if (i % 2 === 0) {
      a.push(timeOnce(ours));
      b.push(timeOnce(hand));
    } else {
      b.push(timeOnce(hand));
      a.push(timeOnce(ours));
    }
  }
  return { oursMs: median(a), handMs: median(b), ratio: median(a) / median(b), minRatio: Math.min(...a) / Math.min(...b) };
}

export async function runGumbelSoftmaxBench(options: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of options.backends) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} is not available`);
    for (const shape of options.shapes) {
      const tau = 0.7;
      const logits = tf.randomNormal([...shape], 0, 1, 'float32', 1);
      const w = tf.randomNormal([...shape], 0, 1, 'float32', 2);
      const g = tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.randomUniform([...shape], 1e-7, 1 - 1e-7, 'float32', 3))))));
      const loss = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, y));
      const handGrad = tf.grad((l: tf.Tensor) => loss(tf.softmax(tf.div(tf.add(l, g), tau))));
      const oursGrad = tf.grad((l: tf.Tensor) => loss(gumbelSoftmax(l, { tau, noise: g })));
      let seed = 0;
      const handSeeded = tf.grad((l: tf.Tensor) => {
        const u = tf.randomUniform([...shape], 1e-7, 1 - 1e-7);
        return loss(tf.softmax(tf.div(tf.add(l, tf.neg(tf.log(tf.neg(tf.log(u))))), tau)));
      });
      const oursSeeded = tf.grad((l: tf.Tensor) => loss(gumbelSoftmax(l, { tau, seed: seed++ })));
      const oursSeededJs = tf.grad((l: tf.Tensor) => loss(gumbelSoftmax(l, { tau, noise: hostNoise('js', 'gumbel', shape, seed++) })));
      const op = pairTimes(() => oursGrad(logits), () => handGrad(logits), options);
      rows.push({ backend, shape, pair: 'op', ...op });
      const seeded = pairTimes(() => oursSeeded(logits), () => handSeeded(logits), options);
      rows.push({ backend, shape, pair: 'seeded', ...seeded });
      const seededJs = pairTimes(() => oursSeededJs(logits), () => handSeeded(logits), options);
      rows.push({ backend, shape, pair: 'seeded-js', ...seededJs });
      tf.dispose([logits, w, g]);
    }
  }
  return rows;
}

export function formatBenchRows(rows: readonly BenchRow[]): string {
  const lines = ['backend  shape        pair       ours ms   hand ms   ratio (medians)   ratio (minimums)'];
  for (const r of rows) {
    lines.push(
      `${r.backend.padEnd(8)} ${`[${r.shape.join(', ')}]`.padEnd(12)} ${r.pair.padEnd(10)} ${r.oursMs.toFixed(2).padStart(8)} ${r.handMs.toFixed(2).padStart(9)}   ${r.ratio.toFixed(3).padEnd(17)} ${r.minRatio.toFixed(3)}`,
    );
  }
  return lines.join('\n');
}
