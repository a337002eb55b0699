/**
 * Conditional ("reverse") Gumbel noise for Gumbel-Rao, computed on the host by core's
 * `fillConditionalGumbel` in float32 (the CPU backend's algorithm and stream layout: element
 * (b, j) uses position offset + b·k + j) and uploaded. It needs the logits and the index on the
 * host anyway — to check that the index is an unmasked class and to nudge draws that float32
 * rounding would lift onto the winner — so one read-back of each is the price; the result is
 * bit-identical to the CPU backend's float32 noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fillConditionalGumbel, validateLogits, validateSameShape } from '@gumbel/core';
import type { KernelArgs, RandomSource } from '@gumbel/core';

export function conditionalGumbelOnHost(rules: KernelArgs<tf.Tensor>, logitsArg: unknown, indexArg: unknown, source: RandomSource): tf.Tensor {
  const { tensor: logits, batch, k } = rules.asMatrix(logitsArg, 'logits');
  const index = rules.asTensor(indexArg, 'index');
  validateSameShape(index.shape, [batch], 'index', 'the batch size of logits');
  const values = logits.dataSync();
  // Checked whatever `validateContents` says: the values are on the host already.
  validateLogits(values, 'logits', k);
  const out = new Float32Array(batch * k);
  fillConditionalGumbel(out, values, index.dataSync(), k, source);
  return tf.tensor(out, [batch, k], 'float32');
}
