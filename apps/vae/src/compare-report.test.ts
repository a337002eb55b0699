import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompareCli } from './compare-args.js';
import { PAPER_FULL } from './compare.js';
import { writeComparison } from './compare-report.js';
import type { MetricsRow } from './trainer.js';

const BOUND_CLI = resolve(import.meta.dirname, '../dist/bound-cli.js');

const row = (step: number, valid: number, test: number): MetricsRow => ({
  step, trainNegElbo: step === 0 ? null : valid - 5, heldOutNegElbo: valid, trainEvalNegElbo: valid - 2, testNegElbo: test,
  tau: 1, stepsPerSecond: 10, seconds: step / 10, load1: 2,
});

describe('paper-full report', () => {
  it('rows carry steps, epochs, last and best-validation numbers, the bound, and say which runs are unfinished or not started', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-report-'));
    mkdirSync(join(out, 'relaxed-gs'));
    const config = { ...PAPER_FULL.config, estimator: 'relaxed-gs' };
    writeFileSync(join(out, 'relaxed-gs', 'metrics.json'), JSON.stringify({ config, rows: [row(0, 206, 207), row(1000, 150, 151), row(2000, 152, 150.5)] }));
    writeFileSync(join(out, 'relaxed-gs', 'bounds.jsonl'), [
      { step: 1000, set: 'test', digits: 10_000, samples: 1000, multiSampleBound: 130, negElbo: 151 },
      { step: 2000, set: 'test', digits: 500, samples: 100, multiSampleBound: 128, negElbo: 150 },
      { step: 2000, set: 'valid', digits: 10_000, samples: 1000, multiSampleBound: 120, negElbo: 150 },
    ].map((b) => JSON.stringify(b)).join('\n'));
    const rows = await writeComparison(out, ['relaxed-gs', 'st-gs']);
    expect(rows[0]).toMatchObject({
      estimator: 'relaxed-gs', steps: 2000, budgetSteps: 50_000, epochs: 4, complete: false,
      validNegElbo: 152, testNegElbo: 150.5, trainNegElbo: 150, bestValidNegElbo: 150, bestValidStep: 1000, testAtBestValid: 151,
      testMultiSampleBound: { value: 128, samples: 100, digits: 500, step: 2000, negElbo: 150 }, paperNegElbo: 101.5,
    });
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toContain('| relaxed-gs | 150.5 | 128.0 (m = 100, 500 digits, step 2000) | 152.0 | 150.0 (1000) → 151.0 | 150.0 |');
    expect(md).toContain('2000/50000 (unfinished) | 4.0 |');
    expect(md).toMatch(/\| st-gs \|.*\| not started \|/);
    // Paper rows whose estimator is not in the list say which estimator would fill them.
    expect(md).toContain('| darn | not in this comparison (darn) |');
    expect(md).toContain('| st | not in this comparison (st) |');
    expect(md).not.toContain('not yet wired');
    expect(md).toContain('MuProp 107.0');
    // With the paper's three other rows in the list, they are ordinary rows (not started yet).
    await writeComparison(out, ['relaxed-gs', 'darn', 'muprop', 'st']);
    const all = readFileSync(join(out, 'comparison.md'), 'utf8');
    for (const e of ['darn', 'muprop', 'st']) expect(all).toMatch(new RegExp(`\\| ${e} \\|.*\\| not started \\|`));
    expect(all).toContain('| MuProp 107.0 |');
    expect(all).not.toMatch(/\| (darn|muprop|st) \| not in this comparison/);
    expect(all).toContain('| sf | not in this comparison (reinforce-ema, reinforce-loo) |');
    const json = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as { rows: Array<Record<string, unknown>> };
    for (const key of ['estimator', 'steps', 'epochs', 'testNegElbo', 'validNegElbo', 'trainNegElbo']) expect(json.rows[0]).toHaveProperty(key);
  });

  it('vae:compare knows the paper-full budget and --checkpoint-root', () => {
    const cli = parseCompareCli(['--budget', 'paper-full', '--checkpoint-root', '/tmp/x', '--steps', '10']);
    expect(cli.budget.config).toMatchObject({ dataset: 'mnist-full', steps: 10, batch: 100, lr: 1e-3, tauRate: 1e-4, tauEvery: 1000, tauMin: 0.5 });
    expect(cli.budget.evalEvery).toBe(1000);
    expect(cli.checkpointRoot).toBe('/tmp/x');
  });

  it('vae:bound: bad flags exit 2 with the flag and value named', () => {
    const bad = spawnSync(process.execPath, [BOUND_CLI, '--run', '/nowhere', '--set', 'train'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--set must be one of test, valid, got 'train'");
    const samples = spawnSync(process.execPath, [BOUND_CLI, '--run', '/nowhere', '--samples', '0'], { encoding: 'utf8', timeout: 30_000 });
    expect(samples.status).toBe(2);
    expect(samples.stderr).toContain("--samples must be an integer ≥ 1, got '0'");
    const unknown = spawnSync(process.execPath, [BOUND_CLI, '--runs', 'x'], { encoding: 'utf8', timeout: 30_000 });
    expect(unknown.status).toBe(2);
  });
});
