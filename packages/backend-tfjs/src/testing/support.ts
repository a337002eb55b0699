/**
 * Test helpers (not exported by the package): the CPU reference backend in float64, to check the
 * tfjs ops against an independently written implementation, and a float32-aware comparison.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { createCpuBackend } from '@gumbel/backend-cpu';
import type { CpuTensor } from '@gumbel/backend-cpu';

export const cpu64 = createCpuBackend({ precision: 64 });
export const cpu32 = createCpuBackend({ precision: 32 });

export function toCpu(t: tf.Tensor): CpuTensor {
  return cpu64.fromArray(t.dataSync(), t.shape);
}

export function fromCpu(t: CpuTensor): tf.Tensor {
  return tf.tensor(Float32Array.from(t.data), [...t.shape]);
}

/** Largest |a − b| / (atol/rtol + |b|)-style violation; returns the failing indices. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} ≠ ${expected.length}`];
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) out.push(`[${i}] ${a} vs ${e}`);
  }
  return out;
}

export async function useCpuBackend(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend unavailable');
}
