/**
 * The peers' test suites, ported: the cases in tfp/pytorch/pyro.cases.ts plus the golden values
 * (fixtures/golden.json, run by golden.test.ts) learned from the same files. The last test pins the
 * count per source to the table in the package README, so the table cannot drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGolden } from '../test-support/support.js';
import { PYRO_CASES } from './pyro.cases.js';
import { PYTORCH_CASES } from './pytorch.cases.js';
import { TFP_CASES } from './tfp.cases.js';

const CASES = [...TFP_CASES, ...PYTORCH_CASES, ...PYRO_CASES];

describe('ported peer cases', () => {
  for (const c of CASES) it(`${c.source}: ${c.name}`, c.run);
});

describe('ported-case counts', () => {
  it('match the table in README.md', () => {
    const counts = new Map<string, number>();
    for (const c of [...CASES, ...loadGolden()]) counts.set(c.source, (counts.get(c.source) ?? 0) + 1);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = new Map<string, number>();
    for (const m of readme.matchAll(/^\| `([^`]+)` \| (\d+) \|/gm)) table.set(m[1] as string, Number(m[2]));
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(counts));
  });
});
