import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { BERNOULLI_REPORT_ESTIMATORS, REPORT_ESTIMATORS } from './diagnostics/bias-variance.js';
import { ESTIMATORS, estimatorEntry } from './registry.js';

const backend = createCpuBackend({ precision: 64 });

describe('the estimator registry', () => {
  it('has unique kebab-case ids and a label for each', () => {
    const ids = ESTIMATORS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of ESTIMATORS) {
      expect(e.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(e.label.length).toBeGreaterThan(0);
    }
  });

  it('creates, for every entry, an estimator of the declared kind', () => {
    for (const e of ESTIMATORS) expect(e.create(backend, { seed: 1 }).kind, e.id).toBe(e.kind);
  });

  it('passes the options an entry takes and refuses the others', () => {
    expect((estimatorEntry('gumbel-rao').create(backend, { seed: 1, samples: 3 }) as unknown as { samples: number }).samples).toBe(3);
    expect((estimatorEntry('reinforce-loo').create(backend, { seed: 1 }) as unknown as { samples: number }).samples).toBe(4);
    const ema = estimatorEntry('reinforce-ema').create(backend, { seed: 1, initialBaseline: 2.5 }) as unknown as { baselineValue: number };
    expect(ema.baselineValue).toBe(2.5);
    expect(() => estimatorEntry('relaxed-gs').create(backend, { samples: 3 })).toThrow(GumbelTypeError);
    expect(() => estimatorEntry('relaxed-gs').create(backend, { samples: 3 })).toThrow(/options.samples must be omitted: estimator 'relaxed-gs' does not take it/);
    expect(() => estimatorEntry('no-such')).toThrow(GumbelRangeError);
    expect(() => estimatorEntry('st-gs').create(backend, { rowsPerLoss: 2 })).toThrow(/options.rowsPerLoss must be omitted/);
    expect(estimatorEntry('muprop').create(backend, { seed: 1, rowsPerLoss: 2 }).kind).toBe('control-variate');
  });

  it('minTau is the τ each entry really accepts: τ = minTau samples, τ just below a positive minTau is a GumbelRangeError', async () => {
    // k = 5: entries that draw several distinct classes (the unordered set, default n = 4) need k ≥ n.
    const logits = backend.fromArray([0.3, -1, 2, 0, 0.5, -0.2, 1.1, 0.4, -0.7, 0], [2, 5]);
    for (const e of ESTIMATORS) {
      expect(e.minTau, e.id).toBeGreaterThanOrEqual(0);
      if (!e.usesTau) expect(e.minTau, `${e.id} has no τ`).toBe(0);
      // Estimators without a lower limit sample at a small τ; the others at their limit.
      const lowest = e.minTau > 0 ? e.minTau : 0.05;
      const sample = await e.create(backend, { seed: 1 }).sample(logits, { tau: lowest });
      sample.dispose();
      if (e.minTau > 0) await expect(e.create(backend, { seed: 1 }).sample(logits, { tau: e.minTau * (1 - 1e-9) }), e.id).rejects.toThrow(GumbelRangeError);
    }
    expect(estimatorEntry('reinmax').minTau).toBe(1);
    expect(ESTIMATORS.filter((e) => e.minTau > 0).map((e) => e.id)).toEqual(['reinmax']);
  });

  it('is what the report measures: every report row names a registry estimator of the right variable', () => {
    for (const row of REPORT_ESTIMATORS) expect(estimatorEntry(row.id).variable).toBe('categorical');
    for (const row of BERNOULLI_REPORT_ESTIMATORS) expect(estimatorEntry(row.id).variable).toBe('bernoulli');
    const reported = new Set([...REPORT_ESTIMATORS, ...BERNOULLI_REPORT_ESTIMATORS].map((r) => r.id));
    expect(ESTIMATORS.filter((e) => !reported.has(e.id)).map((e) => e.id)).toEqual([]);
  });
});
