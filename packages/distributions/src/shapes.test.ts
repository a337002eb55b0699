/**
 * Table-driven shapes, every class: batch shapes of rank 0–3 × sample shapes of rank 0–2 give
 * samples of sampleShape + batchShape + eventShape and log-probabilities of sampleShape +
 * batchShape; values broadcast against the batch; τ broadcasts against the logits (TFP's rules).
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelTypeError } from '@gumbel/core';
import { describe, expect, it } from 'vitest';
import { Categorical, Gumbel, RelaxedBernoulli, RelaxedOneHotCategorical } from './index.js';
import { CATALOG, K } from './test-support/catalog.js';

const backend = createCpuBackend({ precision: 64 });
const BATCHES = [[], [2], [2, 3], [3, 1, 2]];
const SAMPLES = [[], [4], [2, 1]];

describe('shapes: sampleShape + batchShape + eventShape', () => {
  for (const entry of CATALOG) {
    for (const batch of BATCHES) {
      it(`${entry.name}, batch [${batch}]`, () => {
        const d = entry.make(backend, batch);
        expect(d.batchShape).toEqual(batch);
        expect(d.eventShape).toEqual(entry.eventShape);
        for (const s of SAMPLES) {
          const x = d.sample(s, { seed: 1 });
          expect(backend.shapeOf(x)).toEqual([...s, ...batch, ...entry.eventShape]);
          if (!entry.samplesHaveDensity) continue;
          expect(backend.shapeOf(d.logProb(x))).toEqual([...s, ...batch]);
        }
      });
    }
  }
});

describe('shapes: broadcasting', () => {
  it('a per-row τ [2] against unbatched logits [k] gives batch [2] (TFP testParamBroadcasting)', () => {
    const d = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray([2, 3, -4], [3]), temperature: backend.fromArray([1, 1.4], [2]) });
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3]);
    expect(backend.shapeOf(d.sample([5], { seed: 0 }))).toEqual([5, 2, 3]);
  });

  it('τ [3, 1] against logits [4, k] gives batch [3, 4]', () => {
    const d = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray(new Array(4 * K).fill(0), [4, K]), temperature: backend.fromArray([0.5, 1, 2], [3, 1]) });
    expect(d.batchShape).toEqual([3, 4]);
  });

  it('a single value broadcasts against the batch, and a batch of values against a single distribution', () => {
    const g = new Gumbel({ backend, loc: backend.fromArray([0, 1, 2], [3]), scale: 1 });
    expect(backend.shapeOf(g.logProb(0.5))).toEqual([3]);
    expect(backend.shapeOf(g.logProb(backend.fromArray([1, 2, 3, 4, 5, 6], [2, 3])))).toEqual([2, 3]);
    const c = new Categorical({ backend, logits: backend.fromArray([0, 1, 2], [3]) });
    expect(backend.shapeOf(c.logProb(backend.fromArray([0, 1, 2, 2], [4])))).toEqual([4]);
    const rb = new RelaxedBernoulli({ backend, logits: 0.3, temperature: backend.fromArray([0.5, 2], [2, 1]) });
    expect(backend.shapeOf(rb.logProb(backend.fromArray([0.1, 0.5, 0.9], [3])))).toEqual([2, 3]);
  });

  it('shapes that do not broadcast are typed errors naming both sides', () => {
    expect(() => new Gumbel({ backend, loc: backend.fromArray([0, 1, 2], [3]), scale: backend.fromArray([1, 2], [2]) })).toThrow(GumbelTypeError);
    const d = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray(new Array(2 * K).fill(0), [2, K]), temperature: 1 });
    expect(() => d.logProb(backend.fromArray(new Array(3 * K).fill(1 / K), [3, K]))).toThrow(/value must be of a shape that broadcasts against/);
    expect(() => d.logProb(backend.fromArray([0.5, 0.5], [2]))).toThrow(/trailing dimensions are the event shape \[3\]/);
  });
});
