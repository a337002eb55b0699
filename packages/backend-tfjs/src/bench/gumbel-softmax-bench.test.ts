import { expect, it } from 'vitest';
import '../testing/support.js';
import { runGumbelSoftmaxBench } from './gumbel-softmax-bench.js';

// A smoke run of the benchmark's code path on tiny shapes: it times, it does not judge speed.
it('the benchmark runs and reports a finite ratio per backend, shape and pair', async () => {
  const rows = await runGumbelSoftmaxBench({ backends: ['cpu'], shapes: [[4, 3]], iterations: 2, warmup: 1 });
  expect(rows.map((r) => r.pair)).toEqual(['op', 'seeded', 'seeded-js']);
  for (const r of rows) expect(Number.isFinite(r.ratio) && r.ratio > 0).toBe(true);
});
