/**
 * Browser benchmark page: our relaxed sample + its VJP (GPU.js, webgl2) against tfjs-webgl composing
 * the same math, at each requested [batch, k], in one page and one run. Both sides start from the
 * same logits, noise and upstream gradient already on their device, run `iterations` steps, and
 * read back the last step's dLogits to wait for the device; runs alternate between the two sides
 * and the median per-step time of each is reported (and the ratio of the fastest rounds). The page also cross-checks the two sides'
 * outputs, so the timed work is the same computation.
 *
 * Query: `sizes=4096x64,256x1024&iterations=10&rounds=9`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { CounterRng } from '@gumbel/core';
import { createGpujsBackend } from '../index.js';
import type { GpujsBackend, GpujsTensor } from '../index.js';

const TAU = 0.5;

/** One size's result, as the page publishes it (the Node driver reads this type too). */
export interface SizeResult {
  readonly batch: number;
  readonly k: number;
  readonly oursMs: number;
  readonly tfjsMs: number;
  /** tfjs time / our time, medians over rounds: ≥ 1 means we are no slower. */
  readonly ratio: number;
  /** The same ratio from each side's fastest round (least disturbed by other work on the machine). */
  readonly ratioOfMinimums: number;
  /** Largest |ours − tfjs| over y and dLogits, and the relative error of dτ. */
  readonly maxAbsDiff: number;
  readonly tauRelDiff: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function hostData(batch: number, k: number, seed: number): { logits: Float32Array; noise: Float32Array; dy: Float32Array } {
  const rng = CounterRng.fromSeed(seed);
  const n = batch * k;
  const logits = new Float32Array(n).map(() => 4 * rng.next() - 2);
  const noise = new Float32Array(n).map(() => -Math.log(-Math.log(rng.next())));
  const dy = new Float32Array(n).map(() => 2 * rng.next() - 1);
  return { logits, noise, dy };
}

function oursStep(b: GpujsBackend, logits: GpujsTensor, noise: GpujsTensor, dy: GpujsTensor) {
  const y = b.relaxedSample({ logits, tau: TAU, noise });
  const { dLogits, dTau } = b.relaxedSampleVjp({ logits, tau: TAU, noise, y, dy });
  return { y, dLogits, dTau };
}

/** The same math composed from tfjs ops: y = softmax((l + g)/τ); VJP as in the CPU backend. */
function tfjsStep(logits: tf.Tensor2D, noise: tf.Tensor2D, dy: tf.Tensor2D) {
  return tf.tidy(() => {
    const logY = tf.logSoftmax(tf.div(tf.add(logits, noise), TAU));
    const y = tf.exp(logY);
    const ds = tf.mul(y, tf.sub(dy, tf.sum(tf.mul(y, dy), -1, true)));
    const dLogits = tf.div(ds, TAU);
    const dTau = tf.div(tf.sum(tf.mul(ds, logY)), -TAU);
    return { y, dLogits, dTau };
  });
}

async function benchSize(b: GpujsBackend, batch: number, k: number, iterations: number, rounds: number): Promise<SizeResult> {
  const host = hostData(batch, k, batch * 7919 + k);
  const shape = [batch, k];
  const ours = { logits: b.fromArray(host.logits, shape), noise: b.fromArray(host.noise, shape), dy: b.fromArray(host.dy, shape) };
  // Put our inputs on the device once (a host tensor would be uploaded on every kernel call).
  const dev = { logits: b.toDevice(ours.logits), noise: b.toDevice(ours.noise), dy: b.toDevice(ours.dy) };
  const theirs = { logits: tf.tensor2d(host.logits, [batch, k]), noise: tf.tensor2d(host.noise, [batch, k]), dy: tf.tensor2d(host.dy, [batch, k]) };

  // Cross-check on identical inputs (the timed device copies on our side, the same values on tfjs's).
  const a = oursStep(b, dev.logits, dev.noise, dev.dy);
  const t = tfjsStep(theirs.logits, theirs.noise, theirs.dy);
  const [ay, ad, at] = [await b.toArray(a.y), await b.toArray(a.dLogits), await b.toArray(a.dTau)];
  const [ty, td, tt] = [await t.y.data(), await t.dLogits.data(), await t.dTau.data()];
  let maxAbsDiff = 0;
  for (let i = 0; i < ay.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((ay[i] as number) - (ty[i] as number)), Math.abs((ad[i] as number) - (td[i] as number)));
  const tauRelDiff = Math.abs((at[0] as number) - (tt[0] as number)) / Math.max(1e-30, Math.abs(tt[0] as number));
  b.dispose(a.y, a.dLogits, a.dTau);
  tf.dispose([t.y, t.dLogits, t.dTau]);

  const runOurs = async () => {
    const start = performance.now();
    let last: ReturnType<typeof oursStep> | undefined;
    for (let i = 0; i < iterations; i++) {
      if (last) b.dispose(last.y, last.dLogits, last.dTau);
      last = oursStep(b, dev.logits, dev.noise, dev.dy);
    }
    const l = last as ReturnType<typeof oursStep>;
    await b.toArray(l.dTau);
    const ms = (performance.now() - start) / iterations;
    b.dispose(l.y, l.dLogits, l.dTau);
    return ms;
  };
  const runTfjs = async () => {
    const start = performance.now();
    let last: ReturnType<typeof tfjsStep> | undefined;
    for (let i = 0; i < iterations; i++) {
      if (last) tf.dispose([last.y, last.dLogits, last.dTau]);
      last = tfjsStep(theirs.logits, theirs.noise, theirs.dy);
    }
    const l = last as ReturnType<typeof tfjsStep>;
    await l.dTau.data();
    const ms = (performance.now() - start) / iterations;
    tf.dispose([l.y, l.dLogits, l.dTau]);
    return ms;
  };
  await runOurs(); // warm-up: compile every kernel and shader at this size
  await runTfjs();
  const oursTimes: number[] = [];
  const tfjsTimes: number[] = [];
  // Alternate which side goes first, so neither always runs right after the other's work.
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      oursTimes.push(await runOurs());
      tfjsTimes.push(await runTfjs());
    } else {
      tfjsTimes.push(await runTfjs());
      oursTimes.push(await runOurs());
    }
  }
  b.dispose(ours.logits, ours.noise, ours.dy, dev.logits, dev.noise, dev.dy);
  tf.dispose([theirs.logits, theirs.noise, theirs.dy]);
  const oursMs = median(oursTimes);
  const tfjsMs = median(tfjsTimes);
  const ratioOfMinimums = Math.min(...tfjsTimes) / Math.min(...oursTimes);
  return { batch, k, oursMs, tfjsMs, ratio: tfjsMs / oursMs, ratioOfMinimums, maxAbsDiff, tauRelDiff };
}

async function main(): Promise<unknown> {
  const params = new URLSearchParams((globalThis as unknown as { location: { search: string } }).location.search);
  const sizes = (params.get('sizes') ?? '4096x64,256x1024').split(',').map((s) => s.split('x').map(Number) as [number, number]);
  const iterations = Number(params.get('iterations') ?? '10');
  const rounds = Number(params.get('rounds') ?? '9');
  await tf.setBackend('webgl');
  await tf.ready();
  const b = createGpujsBackend({ mode: 'webgl2' });
  const results: SizeResult[] = [];
  for (const [batch, k] of sizes) results.push(await benchSize(b, batch, k, iterations, rounds));
  const out = { mode: b.mode, tfjsBackend: tf.getBackend(), iterations, rounds, results, tfjsTensorsLeft: tf.memory().numTensors, oursTensorsLeft: b.liveTensors };
  await b.destroy();
  return out;
}

(globalThis as unknown as { __gumbelBench: Promise<unknown> }).__gumbelBench = main().catch((error: unknown) => ({
  fatal: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
}));
