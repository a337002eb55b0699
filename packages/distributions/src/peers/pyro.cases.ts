/**
 * Cases learned from Pyro's tests/distributions/test_relaxed_straight_through.py. Pyro's entropy-
 * gradient tests compare Monte-Carlo means of ∇ log q(z) under the relaxed and the straight-through
 * class over 10⁵–10⁶ draws; since the straight-through logProb is taken at the relaxed point the
 * hard sample was rounded from, the same seed gives the two classes the same relaxed draw, and we
 * check equality exactly on 10⁴ draws instead of within a Monte-Carlo tolerance.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { expect } from 'vitest';
import { RelaxedBernoulli, RelaxedBernoulliStraightThrough, RelaxedOneHotCategorical, RelaxedOneHotCategoricalStraightThrough } from '../index.js';
import { flat, shapeOf } from '../test-support/support.js';
import type { Nested } from '../test-support/support.js';
import type { PortedCase } from './case.js';

const b = createCpuBackend({ precision: 64 });
const SRC = 'pyro/test_relaxed_straight_through.py';
const ONEHOT_PROBS: Nested[] = [[0.25, 0.75], [0.25, 0.5, 0.25], [[0.25, 0.75], [0.75, 0.25]], [[[0.25, 0.75]], [[0.75, 0.25]]], new Array(10).fill(0.1)];
const BERN_PROBS: Nested[] = [[0.25, 0.75], [[0.25, 0.75], [0.75, 0.25]]];
const t = (v: Nested) => b.fromArray(flat(v), shapeOf(v));

type T = ReturnType<typeof b.fromArray>;
function gradOfLogProbSum(d: { rsample: (s: number[], o: { seed: number }) => T; logProbVjp: (v: T) => { value: T; backwardSync: (d: T) => Record<string, T> } }, n: number): number[] {
  const z = d.rsample([n], { seed: 77 });
  const lp = d.logProbVjp(z);
  return Array.from(b.toArraySync(lp.backwardSync(b.fromArray(new Array(b.toArraySync(lp.value).length).fill(1), b.shapeOf(lp.value))).probs!));
}

export const PYRO_CASES: PortedCase[] = [
  ...ONEHOT_PROBS.map((probs, i) => ({
    source: SRC,
    name: `test_onehot_shapes[${i}]: d logProb(rsample) / d probs has the shape of probs`,
    run: () => {
      const d = new RelaxedOneHotCategoricalStraightThrough({ backend: b, temperature: 0.5, probs: t(probs) });
      const g = d.logProbVjp(d.rsample([], { seed: i })).backwardSync(b.fromArray(new Array(flat(probs).length / (shapeOf(probs).at(-1) as number)).fill(1), d.batchShape));
      expect(b.shapeOf(g.probs!)).toEqual(shapeOf(probs));
    },
  })),
  ...[0.2, 0.5, 1.0].map((temp) => ({
    source: SRC,
    name: `test_onehot_entropy_grad[τ=${temp}]: straight-through and relaxed give the same ∇ Σ log q(z)`,
    run: () => {
      const q = t([0.1, 0.2, 0.3, 0.4]);
      const relaxed = gradOfLogProbSum(new RelaxedOneHotCategorical({ backend: b, temperature: temp, probs: q }) as never, 10_000);
      const st = gradOfLogProbSum(new RelaxedOneHotCategoricalStraightThrough({ backend: b, temperature: temp, probs: q }) as never, 10_000);
      expect(st).toEqual(relaxed);
    },
  })),
  ...BERN_PROBS.map((probs, i) => ({
    source: SRC,
    name: `test_bernoulli_shapes[${i}]: d logProb(rsample) / d probs has the shape of probs`,
    run: () => {
      const d = new RelaxedBernoulliStraightThrough({ backend: b, temperature: 0.5, probs: t(probs) });
      const g = d.logProbVjp(d.rsample([], { seed: i })).backwardSync(b.fromArray(new Array(flat(probs).length).fill(1), shapeOf(probs)));
      expect(b.shapeOf(g.probs!)).toEqual(shapeOf(probs));
    },
  })),
  ...[0.2, 0.5, 1.0].map((temp) => ({
    source: SRC,
    name: `test_bernoulli_entropy_grad[τ=${temp}]: straight-through and relaxed give the same ∇ Σ log q(z)`,
    run: () => {
      const q = t([0.1, 0.2, 0.3, 0.4]);
      const relaxed = gradOfLogProbSum(new RelaxedBernoulli({ backend: b, temperature: temp, probs: q }) as never, 10_000);
      const st = gradOfLogProbSum(new RelaxedBernoulliStraightThrough({ backend: b, temperature: temp, probs: q }) as never, 10_000);
      expect(st).toEqual(relaxed);
    },
  })),
];
