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
  /**
   * Tensor-native forms of computations a training loop calls every step, which the
   * distributions use instead of the host computation when the tape has them (see `TapeKernels`).
   */
  readonly kernels?: TapeKernels<T>;
}

/** A categorical parameter as the caller gave it: classes on the last axis. */
export interface CategoricalTensor<T> {
  readonly kind: 'logits' | 'probs';
  readonly tensor: T;
}

/**
 * Tensor-native kernels a tape may offer. Each is the same formula as the package's float64 host
 * computation, evaluated in the backend's ops (so in its precision) with the same VJP, and tested
 * against the host computation; none reads a tensor to the host. Shapes and classes are checked
 * by the caller before a kernel runs.
 */
export interface TapeKernels<T> {
  /**
   * KL(p ‖ q) = Σ p_i (log p_i − log q_i) over the last axis, p and q normalised from their
   * parameter, batch shapes broadcast; +∞ where q masks a class p can take; gradient 0 at classes
   * p masks (and at probabilities of 0).
   */
  categoricalKl?(p: CategoricalTensor<T>, q: CategoricalTensor<T>): T;
}

/** No tape: just compute the value. */
export const noTape: Tape<never> = {
  record: (_inputs, forward) => forward(),
};
