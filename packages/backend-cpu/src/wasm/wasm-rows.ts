/**
 * Row kernels on the wasm-simd path: relaxed sample (y and log y), the straight-through pair and
 * the softmax VJP, over chunks of whole rows. Shapes, τ, noise and `out` are checked on the host
 * first, as on the JS path; the logit values are checked by the kernel's first pass (a separate JS
 * pass would cost as much as the kernel), and a bad row makes the host raise the same typed error
 * with `validateLogits`. A call that throws may then have written part of an `out` buffer.
 */
import { validateLogits } from '@gumbel/core';
import { argsObject, like, tauGradient } from '../args.js';
import type { ResolvedTemperature } from '@gumbel/core';
import { outputTensor } from '../out-buffers.js';
import { prepareRelaxed } from '../relaxed-categorical.js';
import type { CpuTensor } from '../tensor.js';
import { CHUNK_ELEMENTS } from '@gumbel/wasm-simd';
import type { WasmArena } from '@gumbel/wasm-simd';

type Prepared = ReturnType<typeof prepareRelaxed>;

/** Softmax modes of the `softmaxRows` kernel. */
export const MODE_SOFT = 0;
export const MODE_STRAIGHT_THROUGH = 1;
export const MODE_LOG = 2;

function rowsPerChunk(k: number): number {
  return Math.max(1, Math.floor(CHUNK_ELEMENTS / k));
}

/** Copy one chunk's logits, noise and τ in; returns the τ stride (0 when τ is shared). */
function loadChunk(arena: WasmArena, p: Prepared, b0: number, rows: number, at: { logits: number; noise: number; tau: number }): number {
  const f32 = arena.f32;
  const from = b0 * p.k;
  const to = from + rows * p.k;
  f32.set(p.logits.subarray(from, to), at.logits >> 2);
  if (p.noise !== undefined) f32.set(p.noise.subarray(from, to), at.noise >> 2);
  return setTau(f32, p.tau, b0, rows, at.tau);
}

function setTau(f32: Float32Array, tau: ResolvedTemperature<CpuTensor>, b0: number, rows: number, at: number): number {
  if (tau.kind === 'scalar') {
    f32[at >> 2] = tau.value;
    return 0;
  }
  f32.set(tau.tensor.data.subarray(b0, b0 + rows), at >> 2);
  return 4;
}

/** y (MODE_SOFT), log y (MODE_LOG) or y plus the one-hot argmax (MODE_STRAIGHT_THROUGH). */
export function wasmSoftmax(arena: WasmArena, args: unknown, mode: number, out: unknown, outHard: unknown): { soft: CpuTensor; hard: CpuTensor | undefined } {
  const p = prepareRelaxed(args, false);
  const { batch, k } = p;
  const soft = outputTensor(out, mode === MODE_STRAIGHT_THROUGH ? 'out.soft' : 'out', p.shape, 32);
  const hard = mode === MODE_STRAIGHT_THROUGH ? outputTensor(outHard, 'out.hard', p.shape, 32) : undefined;
  const per = rowsPerChunk(k);
  const chunk = Math.min(batch, per) * k;
  const [logits = 0, noise = 0, tau = 0, ys = 0, hs = 0] = arena.layout([chunk, chunk, Math.min(batch, per), chunk, hard === undefined ? 0 : chunk]);
  for (let b0 = 0; b0 < batch; b0 += per) {
    const rows = Math.min(per, batch - b0);
    const stride = loadChunk(arena, p, b0, rows, { logits, noise, tau });
    const bad = arena.kernels.softmaxRows(logits, noise, p.noise === undefined ? 0 : 1, tau, stride, rows, k, ys, hs, mode);
    if (bad > 0) validateLogits(p.logits, 'logits', k);
    const f32 = arena.f32;
    soft.data.set(f32.subarray(ys >> 2, (ys >> 2) + rows * k), b0 * k);
    if (hard !== undefined) hard.data.set(f32.subarray(hs >> 2, (hs >> 2) + rows * k), b0 * k);
  }
  return { soft, hard };
}

/**
 * relaxedSampleVjp: ds = y(dy − Σ y·dy), dlogits = ds/τ, dτ = −(1/τ) Σ ds·log y. Unlike the JS
 * path, which recomputes y in float64, this reads the forward output `y` the caller passes (the
 * contract of the kernel), which spares the backward pass every exp.
 */
export function wasmSoftmaxVjp(arena: WasmArena, args: unknown, out: unknown): { dLogits: CpuTensor; dTau: CpuTensor } {
  const p = prepareRelaxed(args, false);
  const a = argsObject(args);
  const y = like(a['y'], 'y', p.shape, 'logits').data;
  const dy = like(a['dy'], 'dy', p.shape, 'logits').data;
  const o = out === undefined ? undefined : argsObject(out, 'out');
  const dLogits = outputTensor(o?.['dLogits'], 'out.dLogits', p.shape, 32);
  const tauShape = p.tau.kind === 'scalar' ? [] : [p.batch];
  const dTauOut = o === undefined ? undefined : outputTensor(o['dTau'], 'out.dTau', tauShape, 32);
  const { batch, k } = p;
  const per = rowsPerChunk(k);
  const chunk = Math.min(batch, per) * k;
  const [logits = 0, noise = 0, tau = 0, ys = 0, dys = 0, dls = 0, dts = 0] = arena.layout([chunk, chunk, Math.min(batch, per), chunk, chunk, chunk, Math.min(batch, per)]);
  let dTauSum = 0;
  const perRow = p.tau.kind === 'rows' ? (dTauOut ?? outputTensor(undefined, 'out.dTau', tauShape, 32)) : undefined;
  for (let b0 = 0; b0 < batch; b0 += per) {
    const rows = Math.min(per, batch - b0);
    const stride = loadChunk(arena, p, b0, rows, { logits, noise, tau });
    arena.f32.set(y.subarray(b0 * k, (b0 + rows) * k), ys >> 2);
    arena.f32.set(dy.subarray(b0 * k, (b0 + rows) * k), dys >> 2);
    const bad = arena.kernels.softmaxVjpRows(logits, noise, p.noise === undefined ? 0 : 1, tau, stride, rows, k, ys, dys, dls, dts);
    if (bad > 0) validateLogits(p.logits, 'logits', k);
    const f32 = arena.f32;
    dLogits.data.set(f32.subarray(dls >> 2, (dls >> 2) + rows * k), b0 * k);
    const rowsTau = f32.subarray(dts >> 2, (dts >> 2) + rows);
    if (perRow !== undefined) perRow.data.set(rowsTau, b0);
    else for (let r = 0; r < rows; r++) dTauSum += rowsTau[r] as number;
  }
  if (perRow !== undefined) return { dLogits, dTau: perRow };
  // A shared τ's gradient is the float64 sum of the rows' contributions, rounded once.
  if (dTauOut !== undefined) {
    dTauOut.data[0] = dTauSum;
    return { dLogits, dTau: dTauOut };
  }
  return { dLogits, dTau: tauGradient(p.tau, Float64Array.of(dTauSum), 32) };
}
