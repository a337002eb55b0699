/**
 * Standard normal ε for the reparameterised z = μ + σ·ε, from the run's CounterRng (Box–Muller on
 * the open-interval uniforms, so log u is always finite): the same stream on every backend, and a
 * checkpoint of the stream reproduces the run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fillUniforms, reserveFrom, type RandomSource } from '@gumbel/core';

/** Fills `out` with standard normals from `seed` (also the model's N(0, σ²) initialisation, model.ts). */
export function fillNormals(out: Float32Array, seed: RandomSource): Float32Array {
  const n = out.length;
  const u = new Float64Array(2 * Math.ceil(n / 2));
  fillUniforms(u, reserveFrom(seed, u.length));
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u[i] as number));
    const a = 2 * Math.PI * (u[i + 1] as number);
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

export function normalNoise(rows: number, cols: number, seed: RandomSource): tf.Tensor2D {
  return tf.tensor2d(fillNormals(new Float32Array(rows * cols), seed), [rows, cols]);
}
