/**
 * Noise on the wasm-simd path: the same Threefry stream as noise.ts, element i from position
 * `block.offset + i`, so uniforms are bit-for-bit those of the plain-JS path; Gumbel and logistic
 * noise use the fast float32 log of assembly/kernels.ts (error bound in ../../README.md).
 */
import { reserveFrom, validateShape } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';
import { uniformsTensor } from '../args.js';
import { outputTensor } from '../out-buffers.js';
import { sizeOf } from '../tensor.js';
import type { CpuTensor } from '../tensor.js';
import { CHUNK_ELEMENTS } from './wasm-runtime.js';
import type { WasmArena } from './wasm-runtime.js';

const TWO_POW_32 = 2 ** 32;

/** kind: NOISE_UNIFORM, NOISE_GUMBEL or NOISE_LOGISTIC. Everything is checked before the stream advances. */
export function wasmNoise(arena: WasmArena, shape: unknown, source: RandomSource, kind: number, out: unknown): CpuTensor {
  const checked = validateShape(shape);
  const n = sizeOf(checked);
  const target = outputTensor(out, 'out', checked, 32);
  const block = reserveFrom(source, n);
  const [k0, k1] = block.key;
  const [buf = 0] = arena.layout([Math.min(n, CHUNK_ELEMENTS)]);
  const data = target.data;
  for (let start = 0; start < n; start += CHUNK_ELEMENTS) {
    const len = Math.min(CHUNK_ELEMENTS, n - start);
    const p = block.offset + start;
    arena.kernels.noise(buf, len, k0, k1, p % TWO_POW_32, Math.floor(p / TWO_POW_32), kind);
    data.set(arena.f32.subarray(buf >> 2, (buf >> 2) + len), start);
  }
  return target;
}

/** Gumbel (kind 1) or logistic (kind 2) noise from host uniforms in (0, 1). */
export function wasmFromUniforms(arena: WasmArena, uniforms: unknown, kind: number, out: unknown): CpuTensor {
  const source = uniformsTensor(uniforms);
  const n = source.data.length;
  const target = outputTensor(out, 'out', source.shape, 32);
  const [buf = 0] = arena.layout([Math.min(n, CHUNK_ELEMENTS)]);
  for (let start = 0; start < n; start += CHUNK_ELEMENTS) {
    const len = Math.min(CHUNK_ELEMENTS, n - start);
    const f32 = arena.f32;
    f32.set(source.data.subarray(start, start + len), buf >> 2);
    arena.kernels.fromUniforms(buf, buf, len, kind);
    target.data.set(f32.subarray(buf >> 2, (buf >> 2) + len), start);
  }
  return target;
}
