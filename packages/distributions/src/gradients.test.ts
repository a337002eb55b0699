/**
 * Every explicit VJP (`…Vjp`, `klVjp`) against finite differences, with broadcasting in the
 * parameters (the gradient must be summed back onto each parameter's shape) and both
 * parametrisations. The straight-through classes are checked against the relaxed VJP they borrow.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Categorical,
  ExpRelaxedOneHotCategorical,
  Gumbel,
  LogitRelaxedBernoulli,
  Logistic,
  OneHotCategorical,
  PlackettLuce,
  RelaxedBernoulli,
  RelaxedBernoulliStraightThrough,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
  klVjp,
} from './index.js';
import { checkVjp } from './test-support/finite-difference.js';
import { read } from './test-support/support.js';

const backend = createCpuBackend({ precision: 64 });
type T = ReturnType<typeof backend.fromArray>;
const seed = 5;
const off = { backend, validateArgs: false } as const;

describe('explicit VJPs match finite differences (cpu float64)', () => {
  it('Gumbel and Logistic: logProb and cdf wrt loc, scale, value; icdf wrt loc, scale, p; rsample, mean, variance, stddev, entropy wrt loc, scale (broadcast [2] × [3, 1])', () => {
    for (const D of [Gumbel, Logistic]) {
      const params = { loc: [0.3, -1.2], scale: [[0.5], [1.0], [2.2]], value: [0.1, 1.4] };
      checkVjp(backend, params, (p) => new D({ ...off, loc: p.loc as T, scale: p.scale as T }).logProbVjp(p.value as T), `${D.name}.logProb`);
      checkVjp(backend, { loc: params.loc, scale: params.scale }, (p) => new D({ ...off, loc: p.loc as T, scale: p.scale as T }).rsampleVjp([4], { seed }), `${D.name}.rsample`);
      checkVjp(backend, params, (p) => new D({ ...off, loc: p.loc as T, scale: p.scale as T }).cdfVjp(p.value as T), `${D.name}.cdf`);
      for (const m of ['meanVjp', 'varianceVjp', 'stddevVjp', 'entropyVjp'] as const) {
        checkVjp(backend, { loc: params.loc, scale: params.scale }, (p) => new D({ ...off, loc: p.loc as T, scale: p.scale as T })[m](), `${D.name}.${m}`);
      }
      checkVjp(backend, { loc: params.loc, scale: params.scale, p: [0.2, 0.9] }, (p) => new D({ ...off, loc: p.loc as T, scale: p.scale as T }).icdfVjp(p.p as T), `${D.name}.icdf`);
    }
  });

  it('Categorical: logProb and entropy wrt logits and wrt probs', () => {
    const logits = [[0.2, -1.0, 1.5], [0.0, 0.3, -0.4]];
    const value = [[2, 0], [1, 1], [0, 2]];
    checkVjp(backend, { logits }, (p) => new Categorical({ ...off, logits: p.logits as T }).logProbVjp(backend.fromArray(value.flat(), [3, 2])), 'Categorical.logProb');
    checkVjp(backend, { logits }, (p) => new Categorical({ ...off, logits: p.logits as T }).entropyVjp(), 'Categorical.entropy');
    const probs = [[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]];
    checkVjp(backend, { probs }, (p) => new Categorical({ ...off, probs: p.probs as T }).logProbVjp(backend.fromArray([2, 1], [2])), 'Categorical.logProb (probs)');
    checkVjp(backend, { probs }, (p) => new Categorical({ ...off, probs: p.probs as T }).entropyVjp(), 'Categorical.entropy (probs)');
  });

  it('Bernoulli and OneHotCategorical: logProb, entropy, mean and variance wrt logits and probs', () => {
    checkVjp(backend, { logits: [0.3, -2.0, 4.0] }, (p) => new Bernoulli({ ...off, logits: p.logits as T }).logProbVjp(backend.fromArray([1, 0, 0], [3])), 'Bernoulli.logProb');
    checkVjp(backend, { probs: [0.3, 0.8] }, (p) => new Bernoulli({ ...off, probs: p.probs as T }).logProbVjp(backend.fromArray([1, 0, 0, 1], [2, 2])), 'Bernoulli.logProb (probs)');
    checkVjp(backend, { logits: [0.3, -2.0] }, (p) => new Bernoulli({ ...off, logits: p.logits as T }).entropyVjp(), 'Bernoulli.entropy');
    checkVjp(backend, { probs: [0.3, 0.8] }, (p) => new Bernoulli({ ...off, probs: p.probs as T }).entropyVjp(), 'Bernoulli.entropy (probs)');
    for (const m of ['meanVjp', 'varianceVjp'] as const) {
      checkVjp(backend, { logits: [0.3, -2.0] }, (p) => new Bernoulli({ ...off, logits: p.logits as T })[m](), `Bernoulli.${m}`);
      checkVjp(backend, { probs: [0.3, 0.8] }, (p) => new Bernoulli({ ...off, probs: p.probs as T })[m](), `Bernoulli.${m} (probs)`);
      checkVjp(backend, { logits: [[0.2, -1.0, 1.5], [0.0, 0.3, -0.4]] }, (p) => new OneHotCategorical({ ...off, logits: p.logits as T })[m](), `OneHotCategorical.${m}`);
      checkVjp(backend, { probs: [0.2, 0.5, 0.3] }, (p) => new OneHotCategorical({ ...off, probs: p.probs as T })[m](), `OneHotCategorical.${m} (probs)`);
    }
  });

  it('Concrete family: rsample wrt logits and a per-row τ; logProb wrt logits, τ and the value', () => {
    const logits = [[0.2, -1.0, 1.5], [0.0, 0.3, -0.4]];
    const temperature = [0.7, 1.9];
    for (const D of [RelaxedOneHotCategorical, ExpRelaxedOneHotCategorical]) {
      checkVjp(backend, { logits, temperature }, (p) => new D({ ...off, logits: p.logits as T, temperature: p.temperature as T }).rsampleVjp([2], { seed }), `${D.name}.rsample`);
    }
    const y = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]];
    checkVjp(backend, { logits, temperature, value: y }, (p) => new RelaxedOneHotCategorical({ ...off, logits: p.logits as T, temperature: p.temperature as T }).logProbVjp(p.value as T), 'RelaxedOneHotCategorical.logProb');
    const x = y.map((row) => row.map(Math.log));
    checkVjp(backend, { logits, temperature, value: x }, (p) => new ExpRelaxedOneHotCategorical({ ...off, logits: p.logits as T, temperature: p.temperature as T }).logProbVjp(p.value as T), 'ExpRelaxedOneHotCategorical.logProb');
    checkVjp(backend, { probs: [0.2, 0.5, 0.3], temperature: [0.4] }, (p) => new RelaxedOneHotCategorical({ ...off, probs: p.probs as T, temperature: p.temperature as T }).logProbVjp(backend.fromArray(y.flat(), [2, 3])), 'RelaxedOneHotCategorical.logProb (probs, τ broadcast)');
  });

  it('BinConcrete family: rsample and logProb wrt logits / probs, τ and the value', () => {
    for (const D of [RelaxedBernoulli, LogitRelaxedBernoulli]) {
      checkVjp(backend, { logits: [0.3, -1.0], temperature: [[0.5], [2.0]] }, (p) => new D({ ...off, logits: p.logits as T, temperature: p.temperature as T }).rsampleVjp([3], { seed }), `${D.name}.rsample`);
    }
    checkVjp(backend, { probs: [0.3, 0.8], temperature: [0.6], value: [0.2, 0.9] }, (p) => new RelaxedBernoulli({ ...off, probs: p.probs as T, temperature: p.temperature as T }).logProbVjp(p.value as T), 'RelaxedBernoulli.logProb');
    checkVjp(backend, { logits: [0.3, -1.8], temperature: [1.3], value: [-0.4, 2.0] }, (p) => new LogitRelaxedBernoulli({ ...off, logits: p.logits as T, temperature: p.temperature as T }).logProbVjp(p.value as T), 'LogitRelaxedBernoulli.logProb');
  });

  it('PlackettLuce: logProb wrt logits and wrt scores', () => {
    checkVjp(backend, { logits: [[0.1, 2.3, -0.5, 1.0]] }, (p) => new PlackettLuce({ ...off, logits: p.logits as T }).logProbVjp(backend.fromArray([2, 0, 3, 1, 1, 3, 0, 2], [2, 4])), 'PlackettLuce.logProb (logits)');
    checkVjp(backend, { scores: [0.1, 2.3, 0.5, 1.0] }, (p) => new PlackettLuce({ ...off, scores: p.scores as T }).logProbVjp(backend.fromArray([2, 0, 3, 1], [4])), 'PlackettLuce.logProb (scores)');
  });

  it('kl: Categorical, Bernoulli, Gumbel, wrt both sides', () => {
    checkVjp(backend, { a: [[0.2, -1.0, 1.5]], b: [[0.0, 0.3, -0.4], [1.0, 2.0, 0.0]] }, (p) => renameKl(klVjp(new Categorical({ ...off, logits: p.a as T }), new Categorical({ ...off, logits: p.b as T })), { 'p.logits': 'a', 'q.logits': 'b' }), 'kl(Categorical)');
    checkVjp(backend, { a: [0.3, 0.6], b: [0.5, 0.1] }, (p) => renameKl(klVjp(new Bernoulli({ ...off, probs: p.a as T }), new Bernoulli({ ...off, probs: p.b as T })), { 'p.probs': 'a', 'q.probs': 'b' }), 'kl(Bernoulli)');
    checkVjp(
      backend,
      { a: [0.5, 2.0], b: [1.3, 0.5], c: [-0.2], d: [0.8] },
      (p) => renameKl(klVjp(new Gumbel({ ...off, loc: p.a as T, scale: p.b as T }), new Gumbel({ ...off, loc: p.c as T, scale: p.d as T })), { 'p.loc': 'a', 'p.scale': 'b', 'q.loc': 'c', 'q.scale': 'd' }),
      'kl(Gumbel)',
    );
  });

  it('the straight-through classes pass the relaxed sample’s gradient through the hard value', () => {
    const logits = backend.fromArray([0.2, -1.0, 1.5, 0.0, 0.3, -0.4], [2, 3]);
    const st = new RelaxedOneHotCategoricalStraightThrough({ backend, logits, temperature: 0.5 }).rsampleVjp([3], { seed });
    const relaxed = new RelaxedOneHotCategorical({ backend, logits, temperature: 0.5 }).rsampleVjp([3], { seed });
    const hard = read(backend, st.value);
    const soft = read(backend, relaxed.value);
    for (let r = 0; r < 6; r++) {
      const row = soft.slice(r * 3, r * 3 + 3);
      expect(hard.slice(r * 3, r * 3 + 3)).toEqual(row.map((v) => (v === Math.max(...row) ? 1 : 0)));
    }
    const dy = backend.fromArray(Array.from({ length: 18 }, (_, i) => Math.sin(i)), [3, 2, 3]);
    expect(read(backend, st.backwardSync(dy).logits as T)).toEqual(read(backend, relaxed.backwardSync(dy).logits as T));
    const bst = new RelaxedBernoulliStraightThrough({ backend, probs: 0.3, temperature: 0.5 }).rsampleVjp([5], { seed });
    const brel = new RelaxedBernoulli({ backend, probs: 0.3, temperature: 0.5 }).rsampleVjp([5], { seed });
    expect(read(backend, bst.value)).toEqual(read(backend, brel.value).map((v) => (v > 0.5 ? 1 : 0)));
    const db = backend.fromArray([1, 2, 3, 4, 5], [5]);
    expect(read(backend, bst.backwardSync(db).probs as T)).toEqual(read(backend, brel.backwardSync(db).probs as T));
  });
});

function renameKl<V>(result: { value: V; backward: (d: V) => Promise<Record<string, V>>; backwardSync: (d: V) => Record<string, V> }, names: Record<string, string>) {
  const rename = (g: Record<string, V>) => Object.fromEntries(Object.entries(g).map(([k, v]) => [names[k] ?? k, v]));
  return { value: result.value, backward: async (d: V) => rename(await result.backward(d)), backwardSync: (d: V) => rename(result.backwardSync(d)) };
}
