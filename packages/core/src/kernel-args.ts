/**
 * The kernel-argument rules, written once for every backend: named arguments, tensor shapes, τ (a
 * number or a per-row tensor), optional noise and host uniforms. They run on the host before any
 * work and before a random stream advances, so a bad call fails with a typed error naming the
 * argument and changes nothing.
 *
 * A backend supplies a `TensorAdapter` for its own tensor type (what counts as one of its tensors,
 * its shape, whether it was disposed, and its values where reading them is cheap or asked for) and
 * gets the same rules, the same messages and the same error classes as every other backend.
 */
import { GumbelRangeError, GumbelTypeError, describeValue } from './errors.js';
import type { ResolvedTemperature, Shape } from './backend.js';
import { validateLogits, validateSameShape, validateTemperature, validateTemperatures } from './validate.js';

export interface TensorAdapter<T> {
  /** What a tensor of this backend is, for messages: `a tf.Tensor`, `a GpujsTensor made by this backend`. */
  readonly expected: string;
  /** Is `value` one of this backend's tensors (live or disposed)? */
  isTensor(value: unknown): value is T;
  isDisposed(tensor: T): boolean;
  shapeOf(tensor: T): Shape;
  /**
   * The tensor's values where checking them is cheap or was asked for; `undefined` means the values
   * are trusted unchecked (they live on a device, and reading them back would cost a sync per call).
   */
  contents(tensor: T): ArrayLike<number> | undefined;
}

/** Logits that passed the rules, with the contents the check read (`undefined`: not read, trusted). */
export interface CheckedLogits<T> {
  readonly tensor: T;
  readonly batch: number;
  readonly values: ArrayLike<number> | undefined;
}

export interface KernelArgs<T> {
  /** A tensor of this backend that has not been disposed. */
  asTensor(value: unknown, argument: string): T;
  /** A `[batch, k]` tensor (values unchecked). */
  asMatrix(value: unknown, argument: string): { readonly tensor: T; readonly batch: number; readonly k: number };
  /**
   * Categorical logits: `[batch, k]`, no NaN or +∞, at least one finite entry per row. `checkValues:
   * false` checks the shape only, for kernels that check the values in their own first pass.
   * `values` are the contents the check read (`undefined` where none were read): a kernel that needs
   * them again (a density's support check) uses these, because a second read is a second GPU sync
   * on tfjs-webgl.
   */
  categoricalLogits(value: unknown, argument?: string, checkValues?: boolean): CheckedLogits<T> & { readonly k: number };
  /**
   * Elementwise (Bernoulli) logits: rank ≥ 1, the leading axis being the batch. −∞ and +∞ are logits
   * of probability 0 and 1, allowed (sure outcomes; a row of them is a legitimate sample); NaN is not.
   * `values` as for `categoricalLogits`.
   */
  elementwiseLogits(value: unknown, argument?: string): CheckedLogits<T> & { readonly rowSize: number };
  /** argmax / one-hot input: `[batch, k]` of any values except NaN, which has no place in an ordering. */
  argmaxInput(value: unknown, argument?: string): { readonly tensor: T; readonly batch: number; readonly k: number };
  /** A tensor that must have exactly the shape of another one (noise, y, dy…). */
  like(value: unknown, argument: string, shape: Shape, shapeName: string): T;
  /** Noise is optional; `undefined` (also when written out explicitly) means none. */
  optionalNoise(value: unknown, shape: Shape): T | undefined;
  /** τ against a batch: a number (finite, > 0), or a `[batch]` tensor of such numbers. */
  resolveTau(value: unknown, batch: number, argument?: string): ResolvedTemperature<T>;
  /** Host uniforms must lie in the open interval (0, 1), as every noise formula assumes. */
  uniformsTensor(value: unknown, argument?: string): T;
  /** The adapter's `contents`: a tensor's values where checking them is cheap or was asked for, else undefined. */
  contentsOf(tensor: T): ArrayLike<number> | undefined;
}

/** Kernels take one object of named arguments, so optional noise and per-row τ are never positional. */
export function argsObject(args: unknown, argument = 'args'): Record<string, unknown> {
  if (typeof args !== 'object' || args === null) throw new GumbelTypeError(argument, args, 'an object');
  return args as Record<string, unknown>;
}

function checkEach(values: ArrayLike<number> | undefined, argument: string, ok: (v: number) => boolean, requirement: string): void {
  if (values === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!ok(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, requirement);
  }
}

export function kernelArgs<T>(adapter: TensorAdapter<T>): KernelArgs<T> {
  const asTensor = (value: unknown, argument: string): T => {
    if (!adapter.isTensor(value)) throw new GumbelTypeError(argument, value, adapter.expected);
    // A disposed tensor is a value in the wrong state, not a number out of range: a TypeError, as
    // JavaScript itself throws for a detached ArrayBuffer.
    if (adapter.isDisposed(value)) throw new GumbelTypeError(argument, value, `${adapter.expected} that has not been disposed`, 'a disposed tensor');
    const shape = adapter.shapeOf(value);
    if (shape.some((d) => d < 1)) throw new GumbelRangeError(argument, shape, 'a tensor with every dimension ≥ 1', `shape ${describeValue(shape)}`);
    return value;
  };

  const asMatrix = (value: unknown, argument: string) => {
    const t = asTensor(value, argument);
    const shape = adapter.shapeOf(t);
    const [batch, k] = shape;
    if (shape.length !== 2 || batch === undefined || k === undefined) {
      throw new GumbelTypeError(argument, shape, 'a tensor of shape [batch, k]', `shape ${describeValue(shape)}`);
    }
    return { tensor: t, batch, k };
  };

  const like = (value: unknown, argument: string, shape: Shape, shapeName: string): T => {
    const t = asTensor(value, argument);
    validateSameShape(adapter.shapeOf(t), shape, argument, shapeName);
    return t;
  };

  return {
    asTensor,
    asMatrix,
    like,
    categoricalLogits(value, argument = 'logits', checkValues = true) {
      const m = asMatrix(value, argument);
      const values = checkValues ? adapter.contents(m.tensor) : undefined;
      if (values !== undefined) validateLogits(values, argument, m.k);
      return { ...m, values };
    },
    elementwiseLogits(value, argument = 'logits') {
      const t = asTensor(value, argument);
      const shape = adapter.shapeOf(t);
      const batch = shape[0];
      if (batch === undefined) throw new GumbelTypeError(argument, shape, 'a tensor of rank ≥ 1 (leading axis = batch)', 'shape []');
      // ±∞ are Bernoulli logits of probability 1 / 0 (sure outcomes), so only NaN is refused.
      const values = adapter.contents(t);
      checkEach(values, argument, (v) => !Number.isNaN(v), 'not NaN (±Infinity: probability 1 or 0)');
      let size = 1;
      for (const d of shape) size *= d;
      return { tensor: t, batch, rowSize: size / batch, values };
    },
    argmaxInput(value, argument = 'x') {
      const m = asMatrix(value, argument);
      checkEach(adapter.contents(m.tensor), argument, (v) => !Number.isNaN(v), 'a number other than NaN');
      return m;
    },
    optionalNoise: (value, shape) => (value === undefined ? undefined : like(value, 'noise', shape, 'logits')),
    resolveTau(value, batch, argument = 'tau') {
      if (typeof value === 'number') return { kind: 'scalar', value: validateTemperature(value, argument) };
      if (!adapter.isTensor(value)) throw new GumbelTypeError(argument, value, `a number or ${adapter.expected} of shape [batch]`);
      const t = like(value, argument, [batch], 'the batch size of logits');
      const values = adapter.contents(t);
      if (values !== undefined) validateTemperatures(values, argument);
      return { kind: 'rows', tensor: t };
    },
    uniformsTensor(value, argument = 'uniforms') {
      const t = asTensor(value, argument);
      checkEach(adapter.contents(t), argument, (u) => u > 0 && u < 1, 'in the open interval (0, 1)');
      return t;
    },
    contentsOf: (tensor) => adapter.contents(tensor),
  };
}
