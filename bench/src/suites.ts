/**
 * The benchmark runs. Each returns rows of { label, timing } measured in this process, so ratios
 * compare like with like on the same machine in the same run.
 */
import gumbel from '@stdlib/random-base-gumbel';
import { CounterRng } from '@gumbel/core';
import { createCpuBackend } from '@gumbel/backend-cpu';
import type { CpuBackend, CpuTensor } from '@gumbel/backend-cpu';
import { measure, measureInterleaved, memoryNow } from './measure.js';
import type { MeasureOptions, Timing } from './measure.js';
import { fusedStgs, gumbelMaxRows, inverseCdfRows, jsGumbel } from './reference-loops.js';
import { disposeTfStgs, tfGumbel, tfStgs, tfStgsInputs, useTfBackend } from './tfjs-peers.js';

export interface Row {
  readonly label: string;
  readonly timing: Timing;
}

export interface Settings {
  readonly measure: MeasureOptions;
  /** Slow peers (tfjs-cpu) get fewer samples. */
  readonly slow: MeasureOptions;
  readonly noiseSize: number;
  readonly stgsShapes: readonly (readonly [number, number])[];
  readonly scalingSizes: readonly number[];
  readonly scalingK: number;
}

const KEY: readonly [number, number] = [42, 0];
const TAU = 0.5;

function backends(): { wasm: CpuBackend | undefined; js: CpuBackend } {
  const js = createCpuBackend({ precision: 32, path: 'js' });
  const auto = createCpuBackend({ precision: 32 });
  return { wasm: auto.mode === 'wasm-simd' ? auto : undefined, js };
}

export async function noiseSuite(s: Settings): Promise<Row[]> {
  const n = s.noiseSize;
  const { wasm, js } = backends();
  const out: CpuTensor = { data: new Float32Array(n), shape: [n] };
  const buf = new Float32Array(n);
  const draw = gumbel.factory(0, 1, { seed: 1234 });
  // The synchronous implementations are sampled in alternation (measureInterleaved), so the target
  // ratio, ours against stdlib, compares samples taken in the same stretch of machine load.
  const impls: [string, () => void][] = [];
  if (wasm !== undefined) {
    impls.push(['gumbel cpu wasm-simd', () => wasm.gumbelNoise([n], 1, out)]);
    impls.push(['uniforms only (Threefry-2x32-20), cpu wasm-simd', () => wasm.uniformNoise([n], 1, out)]);
  }
  impls.push(['gumbel cpu js', () => js.gumbelNoise([n], 1, out)]);
  impls.push(['plain-JS loop (Threefry + Math.log)', () => jsGumbel(buf, KEY)]);
  impls.push(['@stdlib/random-base-gumbel', () => { for (let i = 0; i < n; i++) buf[i] = draw(); }]);
  const timings = measureInterleaved(impls.map(([, fn]) => fn), s.measure);
  const rows: Row[] = impls.map(([label], i) => ({ label, timing: timings[i] as Timing }));
  await useTfBackend('cpu');
  rows.push({ label: 'tfjs-cpu randomUniform + log', timing: measure(() => tfGumbel(n, 1), s.measure) });
  await useTfBackend('wasm');
  rows.push({ label: 'tfjs-wasm randomUniform + log', timing: measure(() => tfGumbel(n, 1), s.measure) });
  return rows;
}

interface StgsState {
  readonly logits: CpuTensor;
  readonly dy: CpuTensor;
  readonly noise: CpuTensor;
  readonly hard: CpuTensor;
  readonly soft: CpuTensor;
  readonly dLogits: CpuTensor;
  readonly dTau: CpuTensor;
}

function stgsState(batch: number, k: number): StgsState {
  const rng = CounterRng.fromSeed(9);
  const n = batch * k;
  const t = (): CpuTensor => ({ data: new Float32Array(n), shape: [batch, k] });
  const logits = t();
  const dy = t();
  rng.fill(logits.data as Float32Array);
  rng.fill(dy.data as Float32Array);
  for (let i = 0; i < n; i++) {
    logits.data[i] = 4 * (logits.data[i] as number) - 2;
    dy.data[i] = 2 * (dy.data[i] as number) - 1;
  }
  return { logits, dy, noise: t(), hard: t(), soft: t(), dLogits: t(), dTau: { data: new Float32Array(1), shape: [] } };
}

/** Our backend's ST-GS step: noise, forward pair, VJP, every output into a reused buffer. */
export function backendStgs(b: CpuBackend, st: StgsState, rng: CounterRng): void {
  const [batch, k] = st.logits.shape as [number, number];
  const noise = b.gumbelNoise([batch, k], rng, st.noise);
  b.straightThroughSample({ logits: st.logits, tau: TAU, noise, out: { hard: st.hard, soft: st.soft } });
  b.relaxedSampleVjp({ logits: st.logits, tau: TAU, noise, y: st.soft, dy: st.dy, out: { dLogits: st.dLogits, dTau: st.dTau } });
}

export async function stgsSuite(s: Settings, batch: number, k: number): Promise<Row[]> {
  const { wasm, js } = backends();
  const st = stgsState(batch, k);
  const rng = CounterRng.fromSeed(5);
  const bufs = { logits: st.logits.data as Float32Array, dy: st.dy.data as Float32Array, noise: new Float32Array(batch * k), hard: new Float32Array(batch * k), soft: new Float32Array(batch * k), dLogits: new Float32Array(batch * k), batch, k };
  // Ours, its three calls, cpu js, the fused loop and tfjs-wasm are sampled in alternation (as the
  // noise suite), so the tfjs-wasm ratio compares samples from the same stretch of machine load;
  // tfjs-cpu (seconds per sample) is measured afterwards on its own.
  await useTfBackend('wasm');
  const tfInputs = tfStgsInputs(bufs.logits, bufs.dy, batch, k);
  const impls: [string, () => void][] = [];
  if (wasm !== undefined) {
    impls.push(['cpu wasm-simd', () => backendStgs(wasm, st, rng)]);
    // Where the time goes: the three calls of the step, each on its own.
    impls.push(['↳ of which gumbelNoise', () => wasm.gumbelNoise([batch, k], rng, st.noise)]);
    impls.push(['↳ of which straightThroughSample', () => wasm.straightThroughSample({ logits: st.logits, tau: TAU, noise: st.noise, out: { hard: st.hard, soft: st.soft } })]);
    impls.push(['↳ of which relaxedSampleVjp', () => wasm.relaxedSampleVjp({ logits: st.logits, tau: TAU, noise: st.noise, y: st.soft, dy: st.dy, out: { dLogits: st.dLogits, dTau: st.dTau } })]);
  }
  impls.push(['cpu js', () => backendStgs(js, st, rng)]);
  impls.push(['fused plain-JS loop', () => fusedStgs(bufs, TAU, KEY)]);
  impls.push(['tfjs-wasm composed ops', () => tfStgs(tfInputs, TAU, 3)]);
  const timings = measureInterleaved(impls.map(([, fn]) => fn), s.measure);
  disposeTfStgs(tfInputs);
  const rows: Row[] = impls.map(([label], i) => ({ label, timing: timings[i] as Timing }));
  await useTfBackend('cpu');
  const cpuInputs = tfStgsInputs(bufs.logits, bufs.dy, batch, k);
  rows.push({ label: 'tfjs-cpu composed ops', timing: measure(() => tfStgs(cpuInputs, TAU, 3), s.slow) });
  disposeTfStgs(cpuInputs);
  await useTfBackend('wasm');
  return rows;
}

export function categoricalSuite(s: Settings, batch: number, k: number): Row[] {
  const { wasm } = backends();
  const st = stgsState(batch, k);
  const out = new Int32Array(batch);
  const scratch = new Float64Array(k);
  const logits = st.logits.data as Float32Array;
  const rows: Row[] = [];
  if (wasm !== undefined) {
    const rng = CounterRng.fromSeed(6);
    rows.push({
      label: 'Gumbel-max, cpu wasm-simd (noise + straightThroughSample.hard)',
      timing: measure(() => {
        const noise = wasm.gumbelNoise([batch, k], rng, st.noise);
        wasm.straightThroughSample({ logits: st.logits, tau: 1, noise, out: { hard: st.hard, soft: st.soft } });
      }, s.measure),
    });
  }
  rows.push({ label: 'Gumbel-max, plain-JS loop', timing: measure(() => gumbelMaxRows(logits, batch, k, KEY, out), s.measure) });
  rows.push({ label: 'inverse CDF, plain-JS loop', timing: measure(() => inverseCdfRows(logits, batch, k, KEY, out, scratch), s.measure) });
  return rows;
}

export interface ScalingPoint {
  readonly n: number;
  readonly timing: Timing;
  /** Bytes held while the step runs: its eight tensors (inputs, outputs, noise) plus the backend's WebAssembly arena. */
  readonly peakBytes: number;
  /** The WebAssembly arena alone. */
  readonly scratchBytes: number;
  /** ArrayBuffer bytes allocated by one step beyond the preallocated buffers (should be ~0). */
  readonly perCallBytes: number;
}

export function scalingSuite(s: Settings): { mode: string; points: ScalingPoint[] } {
  const { wasm, js } = backends();
  const b = wasm ?? js;
  const k = s.scalingK;
  const points: ScalingPoint[] = [];
  for (const n of s.scalingSizes) {
    const batch = Math.max(1, Math.floor(n / k));
    // Drop the previous size's buffers first (`pnpm bench` runs node with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const st = stgsState(batch, k);
    const rng = CounterRng.fromSeed(8);
    backendStgs(b, st, rng);
    const before = memoryNow().arrayBuffers;
    backendStgs(b, st, rng);
    const after = memoryNow().arrayBuffers;
    const timing = measure(() => backendStgs(b, st, rng), { ...s.measure, samples: Math.min(s.measure.samples, 7) });
    const tensors = [st.logits, st.dy, st.noise, st.hard, st.soft, st.dLogits, st.dTau].reduce((a, t) => a + t.data.byteLength, 0);
    points.push({ n: batch * k, timing, peakBytes: tensors + b.scratchBytes(), scratchBytes: b.scratchBytes(), perCallBytes: Math.max(0, after - before) });
  }
  return { mode: b.mode, points };
}
