/**
 * Every class, built with parameters of a given batch shape, for the table-driven shape test and
 * the per-backend conformance suite. Parameter values are deterministic functions of the index.
 */
import type { Backend } from '@gumbel/core';
import {
  Bernoulli,
  Categorical,
  ExpRelaxedOneHotCategorical,
  Gumbel,
  LogitRelaxedBernoulli,
  Logistic,
  OneHotCategorical,
  OneHotCategoricalStraightThrough,
  PlackettLuce,
  RelaxedBernoulli,
  RelaxedBernoulliStraightThrough,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
} from '../index.js';
import type { Distribution } from '../index.js';

export const K = 3;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const values = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

export interface CatalogEntry {
  readonly name: string;
  /** Event shape for k = K classes. */
  readonly eventShape: readonly number[];
  readonly make: <T>(backend: Backend<T>, batch: readonly number[]) => Distribution<T> & { logProb(v: T): T };
  /** Whether logProb takes the class's own samples (all do; the straight-through ones at the relaxed point). */
  readonly samplesHaveDensity: boolean;
  /** Hard samples whose logProb is taken at the relaxed point they were rounded from (Pyro). */
  readonly straightThrough?: boolean;
}

function logits<T>(b: Backend<T>, batch: readonly number[], k = K): T {
  return b.fromArray(values(size(batch) * k, (i) => Math.sin(1.7 * i) * 1.5), [...batch, k]);
}
function scalars<T>(b: Backend<T>, batch: readonly number[], f: (i: number) => number): T {
  return b.fromArray(values(size(batch), f), [...batch]);
}
const tau = (i: number) => 0.4 + 0.3 * (i % 4);

export const CATALOG: readonly CatalogEntry[] = [
  { name: 'Gumbel', eventShape: [], samplesHaveDensity: true, make: (b, s) => new Gumbel({ backend: b, loc: scalars(b, s, (i) => i * 0.1), scale: scalars(b, s, (i) => 0.5 + i * 0.2) }) },
  { name: 'Logistic', eventShape: [], samplesHaveDensity: true, make: (b, s) => new Logistic({ backend: b, loc: scalars(b, s, (i) => -i * 0.1), scale: scalars(b, s, (i) => 0.7 + i * 0.1) }) },
  { name: 'Categorical', eventShape: [], samplesHaveDensity: true, make: (b, s) => new Categorical({ backend: b, logits: logits(b, s) }) },
  { name: 'OneHotCategorical', eventShape: [K], samplesHaveDensity: true, make: (b, s) => new OneHotCategorical({ backend: b, logits: logits(b, s) }) },
  { name: 'OneHotCategoricalStraightThrough', eventShape: [K], samplesHaveDensity: true, make: (b, s) => new OneHotCategoricalStraightThrough({ backend: b, logits: logits(b, s) }) },
  { name: 'Bernoulli', eventShape: [], samplesHaveDensity: true, make: (b, s) => new Bernoulli({ backend: b, logits: scalars(b, s, (i) => Math.cos(i)) }) },
  { name: 'RelaxedOneHotCategorical', eventShape: [K], samplesHaveDensity: true, make: (b, s) => new RelaxedOneHotCategorical({ backend: b, logits: logits(b, s), temperature: scalars(b, s, tau) }) },
  { name: 'ExpRelaxedOneHotCategorical', eventShape: [K], samplesHaveDensity: true, make: (b, s) => new ExpRelaxedOneHotCategorical({ backend: b, logits: logits(b, s), temperature: scalars(b, s, tau) }) },
  { name: 'RelaxedOneHotCategoricalStraightThrough', eventShape: [K], samplesHaveDensity: true, straightThrough: true, make: (b, s) => new RelaxedOneHotCategoricalStraightThrough({ backend: b, logits: logits(b, s), temperature: scalars(b, s, tau) }) },
  { name: 'RelaxedBernoulli', eventShape: [], samplesHaveDensity: true, make: (b, s) => new RelaxedBernoulli({ backend: b, logits: scalars(b, s, (i) => Math.cos(i)), temperature: scalars(b, s, tau) }) },
  { name: 'LogitRelaxedBernoulli', eventShape: [], samplesHaveDensity: true, make: (b, s) => new LogitRelaxedBernoulli({ backend: b, logits: scalars(b, s, (i) => Math.cos(i)), temperature: scalars(b, s, tau) }) },
  { name: 'RelaxedBernoulliStraightThrough', eventShape: [], samplesHaveDensity: true, straightThrough: true, make: (b, s) => new RelaxedBernoulliStraightThrough({ backend: b, logits: scalars(b, s, (i) => Math.cos(i)), temperature: scalars(b, s, tau) }) },
  { name: 'PlackettLuce', eventShape: [K], samplesHaveDensity: true, make: (b, s) => new PlackettLuce({ backend: b, logits: logits(b, s) }) },
];
