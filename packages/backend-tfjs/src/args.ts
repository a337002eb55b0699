/**
 * The tfjs backend's adapter to core's kernel-argument rules (`kernelArgs`). Shapes and numbers are
 * free to check. Tensor *contents* (logits, per-row τ, host uniforms) live on the tfjs backend, so
 * checking them costs a read-back (`dataSync`: a copy on cpu/wasm, a GPU sync on webgl); `Backend`
 * does it unless created with `validateContents: false`, and the ops never do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kernelArgs } from '@gumbel/core';
import type { KernelArgs } from '@gumbel/core';

export function tfjsArgs(checkContents: boolean): KernelArgs<tf.Tensor> {
  return kernelArgs<tf.Tensor>({
    expected: 'a tf.Tensor',
    isTensor: (value): value is tf.Tensor => value instanceof tf.Tensor,
    isDisposed: (tensor) => tensor.isDisposed,
    shapeOf: (tensor) => tensor.shape,
    contents: (tensor) => (checkContents ? tensor.dataSync() : undefined),
  });
}

/** The rules without content checks: for the ops, the Layer and read-backs. */
export const uncheckedArgs = tfjsArgs(false);
