/**
 * How a method's result joins an automatic-differentiation tape. Every differentiable method is one
 * host computation with an explicit vector-Jacobian product; a `Tape` decides what to do with it.
 * Backends without a tape (CPU, GPU.js) use `noTape` and get gradients from the `…Vjp` methods;
 * on tfjs, `tfjsTape()` (from `@gumbel/distributions/tfjs`) records the same computation as a
 * `tf.customGrad` op, so every method composes inside `tf.grad`.
 */
export interface Tape<T> {
  /**
   * Record an op with the given tensor inputs. `forward` makes the output; `vjp` returns one
   * gradient per input, shaped like it. Returns the output.
   */
  record(inputs: readonly T[], forward: () => T, vjp: (dOut: T) => T[]): T;
}

/** No tape: just compute the value. */
export const noTape: Tape<never> = {
  record: (_inputs, forward) => forward(),
};
