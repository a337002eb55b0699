/**
 * Conditional ("reverse") Gumbel noise for Gumbel-Rao, computed on the host by the CPU reference
 * backend (float32, the same stream layout: element (b, j) uses position offset + b·k + j) and
 * uploaded. It needs the logits and the index on the host anyway — to check that the index is an
 * unmasked class and to nudge draws that float32 rounding would lift onto the winner — so one
 * read-back of each is the price; the result is bit-identical to the CPU backend's float32 noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createCpuBackend } from '@gumbel/backend-cpu';
import type { RandomSource } from '@gumbel/core';
import { uncheckedArgs } from './args.js';

const reference = createCpuBackend({ precision: 32 });

export function conditionalGumbelOnHost(logitsArg: unknown, indexArg: unknown, source: RandomSource): tf.Tensor {
  const logits = uncheckedArgs.asTensor(logitsArg, 'logits');
  const index = uncheckedArgs.asTensor(indexArg, 'index');
  const noise = reference.conditionalGumbelNoise(
    reference.fromArray(logits.dataSync(), logits.shape),
    reference.fromArray(index.dataSync(), index.shape),
    source,
  );
  return tf.tensor(noise.data, [...noise.shape], 'float32');
}
