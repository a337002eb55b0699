/**
 * Seeded noise, generated on the host from the project's stream and uploaded as one float32 tensor.
 * Two generators of the same stream (element i = the uniform at position `offset + i` of the block
 * reserved from the seed or `CounterRng`):
 * - `'wasm-simd'`: @gumbel/wasm-simd's WebAssembly SIMD kernels (the CPU backend's too). Its
 *   uniforms equal core's `fillUniforms` bit for bit; Gumbel and logistic noise are finished there
 *   too (its fast float32 log, within 2⁻²⁰·max(1, |x|) of the float64 formula, backend-cpu README),
 *   so the tfjs backend runs no logs for a seeded sample.
 * - `'js'`: core's `fillUniforms`, with the Gumbel / logistic transforms as tf ops (noise.ts); the
 *   generator where WebAssembly SIMD is missing.
 * Every call uploads a freshly allocated array without copying it: tfjs-backend-cpu keeps the very
 * array it is given as the tensor's storage (webgl uploads lazily from it), so a buffer reused
 * across calls would rewrite tensors already handed out.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError, UnsupportedOperationError, fillUniforms, reserveFrom } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';
import { NOISE_GUMBEL, NOISE_LOGISTIC, NOISE_UNIFORM, WasmArena, fillNoise, wasmSimdAvailable } from '@gumbel/wasm-simd';
import { gumbelFromUniformsMath, logisticFromUniformsMath } from './noise.js';

export type HostNoisePath = 'wasm-simd' | 'js';
export type NoiseKind = 'uniform' | 'gumbel' | 'logistic';

let wasmArena: WasmArena | undefined;

/** One arena, shared, made on first use: calls are synchronous, so it is never in use twice. */
function arena(): WasmArena {
  wasmArena ??= new WasmArena();
  return wasmArena;
}

const WASM_KIND = { uniform: NOISE_UNIFORM, gumbel: NOISE_GUMBEL, logistic: NOISE_LOGISTIC } as const;

/** `'auto'` picks wasm-simd where the engine has WebAssembly SIMD; asking for wasm-simd where it is missing throws. */
export function resolveHostNoisePath(value: unknown, argument: string): HostNoisePath {
  if (value === undefined || value === 'auto') return wasmSimdAvailable() ? 'wasm-simd' : 'js';
  if (value === 'js') return 'js';
  if (value === 'wasm-simd') {
    if (!wasmSimdAvailable()) throw new UnsupportedOperationError('tfjs', `${argument} 'wasm-simd'`, 'this engine has no WebAssembly SIMD');
    return 'wasm-simd';
  }
  throw new GumbelRangeError(argument, value, "'auto', 'wasm-simd' or 'js'");
}

let opsPath: HostNoisePath | undefined;

/** The generator the ops (`gumbelSoftmax`, `relaxedBernoulli`, `gumbelMax`, …) use: `'auto'`, decided on first use. */
export function opsHostNoise(): HostNoisePath {
  opsPath ??= resolveHostNoisePath('auto', 'hostNoise');
  return opsPath;
}

/**
 * Noise of `kind` and `shape` from `source`, as a new float32 tensor (the caller's to dispose).
 * The seed is checked, and the stream advanced, exactly as core's `reserveFrom` does on both paths.
 */
export function hostNoise(path: HostNoisePath, kind: NoiseKind, shape: readonly number[], source: RandomSource): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (path === 'wasm-simd') {
    const data = fillNoise(arena(), new Float32Array(size), reserveFrom(source, size), WASM_KIND[kind]);
    return tf.tensor(data, [...shape], 'float32');
  }
  const data = new Float32Array(size);
  fillUniforms(data, reserveFrom(source, size));
  if (kind === 'uniform') return tf.tensor(data, [...shape], 'float32');
  const transform = kind === 'gumbel' ? gumbelFromUniformsMath : logisticFromUniformsMath;
  return tf.tidy(() => transform(tf.tensor(data, [...shape], 'float32')));
}
