/**
 * A typed front for `tf.customGrad`, whose own signature is variadic (`Tensor | GradSaveFunc`).
 * `body` gets the n input tensors and the save function; it returns the value and a gradient
 * function giving one gradient per input.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface CustomOpResult {
  readonly value: tf.Tensor;
  readonly gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

export function customOp(inputs: readonly tf.Tensor[], body: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomOpResult): tf.Tensor {
  const n = inputs.length;
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const result = body(args.slice(0, n) as tf.Tensor[], args[n] as tf.GradSaveFunc);
    return { value: result.value, gradFunc: result.gradFunc };
  });
  return f(...inputs);
}
