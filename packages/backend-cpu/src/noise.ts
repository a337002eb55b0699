/**
 * Noise kernels. Every draw comes from core's counter stream: element i (row-major) of a tensor is
 * the uniform at position `block.offset + i`, filled by core's `fillUniforms`, so the values are the
 * documented stream and agree with any backend that fills the same block.
 */
import { fillUniforms, reserveFrom, validateShape } from '@gumbel/core';
import type { FloatPrecision, RandomSource } from '@gumbel/core';
import { allocate, makeTensor, sizeOf } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';
import { uniformsTensor } from './args.js';

/** Standard Gumbel from u ∈ (0, 1). The open interval keeps both logs finite. */
export function gumbelFromUniform(u: number): number {
  return -Math.log(-Math.log(u));
}

/**
 * Standard logistic from u ∈ (0, 1): log u − log(1 − u). log1p keeps 1 − u exact for small u,
 * where forming 1 − u first would round away the information that u carries.
 */
export function logisticFromUniform(u: number): number {
  return Math.log(u) - Math.log1p(-u);
}

/** Uniforms of the backend's precision (float32 backends take core's float32 conversion). */
export function drawUniforms(precision: FloatPrecision, shape: unknown, source: RandomSource): CpuTensor {
  const checked = validateShape(shape);
  const data = allocate(precision, sizeOf(checked));
  fillUniforms(data, reserveFrom(source, data.length));
  return makeTensor(data, checked);
}

function mapUniforms(precision: FloatPrecision, uniforms: CpuTensor, f: (u: number) => number): CpuTensor {
  const src = uniforms.data;
  const out: FloatArray = allocate(precision, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i] as number);
  return makeTensor(out, uniforms.shape);
}

export function gumbelNoise(precision: FloatPrecision, shape: unknown, source: RandomSource): CpuTensor {
  return mapUniforms(precision, drawUniforms(precision, shape, source), gumbelFromUniform);
}

export function logisticNoise(precision: FloatPrecision, shape: unknown, source: RandomSource): CpuTensor {
  return mapUniforms(precision, drawUniforms(precision, shape, source), logisticFromUniform);
}

export function gumbelFromUniforms(precision: FloatPrecision, uniforms: unknown): CpuTensor {
  return mapUniforms(precision, uniformsTensor(uniforms), gumbelFromUniform);
}

export function logisticFromUniforms(precision: FloatPrecision, uniforms: unknown): CpuTensor {
  return mapUniforms(precision, uniformsTensor(uniforms), logisticFromUniform);
}
