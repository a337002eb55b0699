/**
 * Cases learned from PyTorch's test/distributions/test_distributions.py: the examples
 * (`_get_examples`) and bad examples (`_get_bad_examples`) of the classes we share, run through
 * what PyTorch's generic tests do with them — sample shape = batch + event, log_prob of a sample
 * finite, a gradient check of log_prob (finite differences; skipped where a probability is exactly
 * 0, which a perturbation would push off the support) — and the bad ones must throw typed errors.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError } from '@gumbel/core';
import { expect } from 'vitest';
import { Bernoulli, Categorical, Gumbel, OneHotCategorical, OneHotCategoricalStraightThrough, RelaxedBernoulli, RelaxedOneHotCategorical } from '../index.js';
import type { Distribution, VjpResult } from '../index.js';
import { checkVjp } from '../test-support/finite-difference.js';
import { flat, shapeOf } from '../test-support/support.js';
import type { Nested } from '../test-support/support.js';
import type { PortedCase } from './case.js';

const b = createCpuBackend({ precision: 64 });
type T = ReturnType<typeof b.fromArray>;
const SRC = 'pytorch/test_distributions.py';

type Make = (p: Record<string, T | number>) => Distribution<T> & { logProbVjp?: (v: T) => VjpResult<T>; logProb(v: T): T };
interface Example {
  readonly cls: string;
  readonly make: Make;
  readonly params: Record<string, Nested>;
}

const classes: Record<string, Make> = {
  Bernoulli: (p) => new Bernoulli({ backend: b, ...p }) as never,
  Categorical: (p) => new Categorical({ backend: b, ...(p as object) }) as never,
  Gumbel: (p) => new Gumbel({ backend: b, ...p }) as never,
  OneHotCategorical: (p) => new OneHotCategorical({ backend: b, ...(p as object) }) as never,
  OneHotCategoricalStraightThrough: (p) => new OneHotCategoricalStraightThrough({ backend: b, ...(p as object) }) as never,
  RelaxedBernoulli: (p) => new RelaxedBernoulli({ backend: b, ...(p as { temperature: number }) }) as never,
  RelaxedOneHotCategorical: (p) => new RelaxedOneHotCategorical({ backend: b, ...(p as { temperature: number }) }) as never,
};

const ex = (cls: string, params: Record<string, Nested>): Example => ({ cls, make: classes[cls] as Make, params });
const CAT = [{ probs: [[0.1, 0.2, 0.3], [0.5, 0.3, 0.2]] }, { probs: [[1.0, 0.0], [0.0, 1.0]] }, { logits: [[0.0, 0.0], [0.0, 0.0]] }];
const EXAMPLES: Example[] = [
  ex('Bernoulli', { probs: [0.7, 0.2, 0.4] }),
  ex('Bernoulli', { probs: [0.3] }),
  ex('Bernoulli', { probs: 0.3 }),
  ex('Bernoulli', { logits: [0.0] }),
  ...CAT.map((p) => ex('Categorical', p)),
  // PyTorch draws these with randn; fixed values of the same shapes here.
  ex('Gumbel', { loc: Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.sin(5 * i + j))), scale: Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => 0.2 + Math.abs(Math.cos(5 * i + j)))) }),
  ex('Gumbel', { loc: [0.3], scale: [1.4] }),
  ...CAT.map((p) => ex('OneHotCategorical', p)),
  ...CAT.map((p) => ex('OneHotCategoricalStraightThrough', p)),
  ex('RelaxedBernoulli', { temperature: [0.5], probs: [0.7, 0.2, 0.4] }),
  ex('RelaxedBernoulli', { temperature: [2.0], probs: [0.3] }),
  ex('RelaxedBernoulli', { temperature: [7.2], logits: [-2.0, 2.0, 1.0, 5.0] }),
  ex('RelaxedOneHotCategorical', { temperature: [0.5], probs: [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]] }),
  ex('RelaxedOneHotCategorical', { temperature: [2.0], probs: [[1.0, 0.0], [0.0, 1.0]] }),
  ex('RelaxedOneHotCategorical', { temperature: [7.2], logits: [[-2.0, 2.0], [1.0, 5.0]] }),
];

const BAD: Example[] = [
  ex('Bernoulli', { probs: [1.1, 0.2, 0.4] }),
  ex('Bernoulli', { probs: [-0.5] }),
  ex('Bernoulli', { probs: 1.00001 }),
  ex('Categorical', { probs: [[-0.1, 0.2, 0.3], [0.5, 0.3, 0.2]] }),
  ex('Categorical', { probs: [[-1.0, 10.0], [0.0, -1.0]] }),
  ex('Gumbel', { loc: [1.0, 1.0], scale: [0.0, 1.0] }),
  ex('Gumbel', { loc: [1.0, 1.0], scale: [1.0, -1.0] }),
  ex('OneHotCategorical', { probs: [[0.1, 0.2, 0.3], [0.1, -10.0, 0.2]] }),
  ex('OneHotCategorical', { probs: [[0.0, 0.0], [0.0, 0.0]] }),
  ex('OneHotCategoricalStraightThrough', { probs: [[0.1, 0.2, 0.3], [0.1, -10.0, 0.2]] }),
  ex('OneHotCategoricalStraightThrough', { probs: [[0.0, 0.0], [0.0, 0.0]] }),
  ex('RelaxedBernoulli', { temperature: [1.5], probs: [1.7, 0.2, 0.4] }),
  ex('RelaxedBernoulli', { temperature: [2.0], probs: [-1.0] }),
  ex('RelaxedOneHotCategorical', { temperature: [0.5], probs: [[-0.1, 0.2, 0.7], [0.5, 0.3, 0.2]] }),
  ex('RelaxedOneHotCategorical', { temperature: [2.0], probs: [[-1.0, 0.0], [-1.0, 1.1]] }),
];

const build = (params: Record<string, Nested>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? v : b.fromArray(flat(v), shapeOf(v))]));
const describe = (e: Example) => `${e.cls}(${JSON.stringify(e.params).slice(0, 60)})`;

export const PYTORCH_CASES: PortedCase[] = [
  ...EXAMPLES.map((e, i) => ({
    source: SRC,
    name: `example ${i}: ${describe(e)} — sample shape, finite log_prob of a sample, gradient check`,
    run: () => {
      const d = e.make(build(e.params) as never);
      const x = d.sample([], { seed: i });
      expect(b.shapeOf(x)).toEqual([...d.batchShape, ...d.eventShape]);
      expect(Array.from(b.toArraySync(d.logProb(x))).every(Number.isFinite)).toBe(true);
      const hasZero = Object.values(e.params).some((v) => flat(v).some((x) => x === 0) && !('logits' in e.params));
      if (d.logProbVjp === undefined || hasZero) return;
      const numeric = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === 'number' ? [v] : v]));
      const xs = Array.from(b.toArraySync(x));
      checkVjp(b, numeric, (p) => (e.make({ ...p, validateArgs: false } as never) as { logProbVjp: (v: T) => VjpResult<T> }).logProbVjp(b.fromArray(xs, b.shapeOf(x))), describe(e));
    },
  })),
  ...BAD.map((e, i) => ({
    source: SRC,
    name: `bad example ${i}: ${describe(e)} is a typed error`,
    run: () => expect(() => e.make(build(e.params) as never)).toThrow(GumbelRangeError),
  })),
  {
    source: SRC,
    name: 'test_relaxed_one_hot_categorical_1d/2d: sample shapes [3], [2, 3], [2, 2, 3]',
    run: () => {
      expect(b.shapeOf(new RelaxedOneHotCategorical({ backend: b, temperature: 0.67, probs: b.fromArray([0.1, 0.2, 0.7], [3]) }).sample([], { seed: 1 }))).toEqual([3]);
      const d = new RelaxedOneHotCategorical({ backend: b, temperature: 0.67, probs: b.fromArray([0.1, 0.2, 0.7, 0.5, 0.3, 0.2], [2, 3]) });
      expect(b.shapeOf(d.sample([], { seed: 1 }))).toEqual([2, 3]);
      expect(b.shapeOf(d.sample([2], { seed: 1 }))).toEqual([2, 2, 3]);
    },
  },
  {
    source: SRC,
    name: 'test_relaxed_bernoulli: sample shapes and values in (0, 1)',
    run: () => {
      const d = new RelaxedBernoulli({ backend: b, temperature: 0.67, probs: b.fromArray([0.7, 0.2, 0.4], [3]) });
      const x = d.sample([8], { seed: 2 });
      expect(b.shapeOf(x)).toEqual([8, 3]);
      expect(Array.from(b.toArraySync(x)).every((v) => v > 0 && v < 1)).toBe(true);
    },
  },
  {
    source: SRC,
    name: 'test_gumbel_shape: loc [5, 5] × scale [5, 5] sample shapes',
    run: () => {
      const d = new Gumbel({ backend: b, loc: b.fromArray(new Array(25).fill(0), [5, 5]), scale: b.fromArray(new Array(25).fill(1), [5, 5]) });
      expect(b.shapeOf(d.sample([], { seed: 1 }))).toEqual([5, 5]);
      expect(b.shapeOf(d.sample([7], { seed: 1 }))).toEqual([7, 5, 5]);
    },
  },
];
