/**
 * Noise on the wasm-simd path: @gumbel/wasm-simd's Threefry kernels, element i from position
 * `block.offset + i`, so uniforms are bit-for-bit those of the plain-JS path (noise.ts); Gumbel and
 * logistic noise use its fast float32 logs (error bound in ../../README.md).
 */
import { reserveFrom, validateShape } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';
import { fillFromUniforms, fillNoise } from '@gumbel/wasm-simd';
import type { NoiseKind, WasmArena } from '@gumbel/wasm-simd';
import { uniformsTensor } from '../args.js';
import { outputTensor } from '../out-buffers.js';
import { sizeOf } from '../tensor.js';
import type { CpuTensor } from '../tensor.js';

/** Everything is checked before the stream advances. */
export function wasmNoise(arena: WasmArena, shape: unknown, source: RandomSource, kind: NoiseKind, out: unknown): CpuTensor {
  const checked = validateShape(shape);
  const target = outputTensor(out, 'out', checked, 32);
  fillNoise(arena, target.data as Float32Array, reserveFrom(source, sizeOf(checked)), kind);
  return target;
}

/** Gumbel or logistic noise from host uniforms in (0, 1). */
export function wasmFromUniforms(arena: WasmArena, uniforms: unknown, kind: Exclude<NoiseKind, 0>, out: unknown): CpuTensor {
  const source = uniformsTensor(uniforms);
  const target = outputTensor(out, 'out', source.shape, 32);
  fillFromUniforms(arena, source.data, target.data as Float32Array, kind);
  return target;
}
