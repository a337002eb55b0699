/**
 * Threefry noise on Float32Arrays: element i is the stream's value at position `block.offset + i`
 * under `block.key`, so uniforms are bit for bit core's `fillUniforms`; Gumbel and logistic noise
 * use the module's fast float32 logs (error bound in @gumbel/backend-cpu's README). Work runs in
 * chunks through the arena's scratch memory, so the arena stays small whatever the length.
 */
import type { RandomBlock } from '@gumbel/core';
import { CHUNK_ELEMENTS } from './runtime.js';
import type { WasmArena } from './runtime.js';

/** Noise kinds of the `noise` / `fromUniforms` kernels. */
export const NOISE_UNIFORM = 0;
export const NOISE_GUMBEL = 1;
export const NOISE_LOGISTIC = 2;
export type NoiseKind = typeof NOISE_UNIFORM | typeof NOISE_GUMBEL | typeof NOISE_LOGISTIC;

const TWO_POW_32 = 2 ** 32;

/** Fills `out` with noise of `kind` from a block the caller reserved (and so already checked). */
export function fillNoise(arena: WasmArena, out: Float32Array, block: RandomBlock, kind: NoiseKind): Float32Array {
  const n = out.length;
  const [k0, k1] = block.key;
  const [buf = 0] = arena.layout([Math.min(n, CHUNK_ELEMENTS)]);
  for (let start = 0; start < n; start += CHUNK_ELEMENTS) {
    const len = Math.min(CHUNK_ELEMENTS, n - start);
    const p = block.offset + start;
    arena.kernels.noise(buf, len, k0, k1, p % TWO_POW_32, Math.floor(p / TWO_POW_32), kind);
    out.set(arena.f32.subarray(buf >> 2, (buf >> 2) + len), start);
  }
  return out;
}

/** Gumbel or logistic noise from uniforms in (0, 1) (checked by the caller), written to `out`. */
export function fillFromUniforms(arena: WasmArena, uniforms: Float32Array | Float64Array, out: Float32Array, kind: typeof NOISE_GUMBEL | typeof NOISE_LOGISTIC): Float32Array {
  const n = uniforms.length;
  const [buf = 0] = arena.layout([Math.min(n, CHUNK_ELEMENTS)]);
  for (let start = 0; start < n; start += CHUNK_ELEMENTS) {
    const len = Math.min(CHUNK_ELEMENTS, n - start);
    const f32 = arena.f32;
    f32.set(uniforms.subarray(start, start + len), buf >> 2);
    arena.kernels.fromUniforms(buf, buf, len, kind);
    out.set(f32.subarray(buf >> 2, (buf >> 2) + len), start);
  }
  return out;
}
