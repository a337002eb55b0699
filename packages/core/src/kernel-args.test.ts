import { describe, expect, it } from 'vitest';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { argsObject, kernelArgs } from './kernel-args.js';
import { validateShape } from './validate.js';

/** A toy tensor type: enough to drive the rules without any backend. */
interface Toy {
  readonly shape: number[];
  readonly values: number[];
  disposed: boolean;
  /** Whether the adapter may read `values` (a host tensor) or must trust them (a device tensor). */
  readonly onHost: boolean;
}
const toy = (values: number[], shape: number[], onHost = true): Toy => ({ values, shape, disposed: false, onHost });
const isToy = (v: unknown): v is Toy => typeof v === 'object' && v !== null && 'values' in v && 'onHost' in v;

const rules = kernelArgs<Toy>({
  expected: 'a toy tensor',
  isTensor: isToy,
  isDisposed: (t) => t.disposed,
  shapeOf: (t) => t.shape,
  contents: (t) => (t.onHost ? t.values : undefined),
});

describe('kernelArgs', () => {
  it('argsObject wants an object', () => {
    expect(() => argsObject(3)).toThrow(new GumbelTypeError('args', 3, 'an object'));
    expect(argsObject({ a: 1 })).toEqual({ a: 1 });
  });

  it('asTensor refuses other values, disposed tensors (TypeError) and empty dimensions (RangeError)', () => {
    expect(() => rules.asTensor([1, 2], 'x')).toThrow('x must be a toy tensor, got [1, 2]');
    const gone = toy([1], [1]);
    gone.disposed = true;
    const error = (() => {
      try {
        rules.asTensor(gone, 'logits');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GumbelTypeError);
    expect((error as Error).message).toBe('logits must be a toy tensor that has not been disposed, got a disposed tensor');
    expect(() => rules.asTensor(toy([], [2, 0]), 'logits')).toThrow(GumbelRangeError);
    expect(() => rules.asTensor(toy([], [2, 0]), 'logits')).toThrow('logits must be a tensor with every dimension ≥ 1, got shape [2, 0]');
  });

  it('categorical logits: [batch, k], values checked only where the adapter hands them over', () => {
    expect(() => rules.categoricalLogits(toy([1, 2, 3], [3]))).toThrow('logits must be a tensor of shape [batch, k], got shape [3]');
    expect(() => rules.categoricalLogits(toy([0, NaN], [1, 2]))).toThrow('logits[1] must be finite or -Infinity (masked), got NaN');
    expect(rules.categoricalLogits(toy([0, NaN], [1, 2], false)).k).toBe(2);
    expect(rules.categoricalLogits(toy([0, NaN], [1, 2]), 'logits', false).batch).toBe(1);
  });

  it('logits hand back the values their check read (so kernels need not read them again), undefined where none were read', () => {
    const host = toy([0, -Infinity, 1, 2], [2, 2]);
    expect(rules.categoricalLogits(host).values).toBe(host.values);
    expect(rules.elementwiseLogits(host).values).toBe(host.values);
    expect(rules.categoricalLogits(host, 'logits', false).values).toBeUndefined();
    expect(rules.categoricalLogits(toy([0, 1], [1, 2], false)).values).toBeUndefined();
    expect(rules.elementwiseLogits(toy([0, 1], [2], false)).values).toBeUndefined();
  });

  it('elementwise logits allow ±∞ (sure outcomes) but not NaN, and report the row size', () => {
    expect(rules.elementwiseLogits(toy([-Infinity, 0, 1, 2, 3, Infinity], [2, 3])).rowSize).toBe(3);
    expect(() => rules.elementwiseLogits(toy([0, NaN], [2]))).toThrow('logits[1] must be not NaN (±Infinity: probability 1 or 0), got NaN');
    expect(() => rules.elementwiseLogits(toy([0], []))).toThrow(GumbelTypeError);
  });

  it('τ: a number, or a [batch] tensor whose host values are checked', () => {
    expect(rules.resolveTau(0.5, 4)).toEqual({ kind: 'scalar', value: 0.5 });
    const rows = toy([1, 2], [2]);
    expect(rules.resolveTau(rows, 2)).toEqual({ kind: 'rows', tensor: rows });
    expect(() => rules.resolveTau(0, 2)).toThrow('tau must be finite and > 0, got 0');
    expect(() => rules.resolveTau(toy([1, 2, 3], [3]), 2)).toThrow('tau must be of shape [2] to match the batch size of logits, got shape [3]');
    expect(() => rules.resolveTau(toy([1, -1], [2]), 2)).toThrow('tau[1] must be finite and > 0, got -1');
    expect(rules.resolveTau(toy([1, -1], [2], false), 2).kind).toBe('rows');
    expect(() => rules.resolveTau('1', 2)).toThrow('tau must be a number or a toy tensor of shape [batch], got "1"');
  });

  it('noise is optional and shaped like the logits; uniforms lie in (0, 1); argmax input has no NaN', () => {
    expect(rules.optionalNoise(undefined, [2, 2])).toBeUndefined();
    expect(() => rules.optionalNoise(toy([0, 0], [1, 2]), [2, 2])).toThrow('noise must be of shape [2, 2] to match logits, got shape [1, 2]');
    expect(() => rules.uniformsTensor(toy([0.5, 1], [2]))).toThrow('uniforms[1] must be in the open interval (0, 1), got 1');
    expect(() => rules.argmaxInput(toy([0, NaN], [1, 2]))).toThrow('x[1] must be a number other than NaN, got NaN');
  });
});

describe('validateShape', () => {
  it('takes integers ≥ 1 (and the scalar shape []), refuses 0 and non-integers', () => {
    expect(validateShape([])).toEqual([]);
    expect(validateShape([2, 3])).toEqual([2, 3]);
    expect(() => validateShape([2, 0])).toThrow(new GumbelRangeError('shape[1]', 0, 'an integer ≥ 1'));
    expect(() => validateShape([1.5])).toThrow(GumbelRangeError);
    expect(() => validateShape(['2'])).toThrow(GumbelTypeError);
    expect(() => validateShape(3)).toThrow(GumbelTypeError);
  });
});
