/**
 * The lab's list comes from the registry: every registry estimator of a variable is either run or
 * listed with a reason, a new entry appears without an edit, and one that throws is reported, not
 * fatal. Runs in Node on the CPU backend (the page itself is covered by test/demo.e2e.test.ts).
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError } from '@gumbel/core';
import { BERNOULLI_REPORT_ESTIMATORS, ESTIMATORS, REPORT_ESTIMATORS, estimatorEntry } from '@gumbel/estimators';
import type { EstimatorEntry } from '@gumbel/estimators';
import { describe, expect, it } from 'vitest';
import { labPlan, labVariables, runLab } from './estimator-compute.js';
import type { LabEntry, PlanSources } from './estimator-compute.js';

const sources = (registry: readonly EstimatorEntry[]): PlanSources => ({
  registry,
  reportLists: { categorical: REPORT_ESTIMATORS, bernoulli: BERNOULLI_REPORT_ESTIMATORS },
});

/** A registry entry that is an existing one under a new id (what a helper adding an estimator does). */
function renamed(id: string, from: string, extra: Record<string, unknown> = {}): EstimatorEntry {
  return { ...estimatorEntry(from), id, ...extra } as EstimatorEntry;
}

describe('labPlan', () => {
  it('the menu offers every variable of the registry', () => {
    expect(labVariables()).toEqual([...new Set(ESTIMATORS.map((e) => e.variable))]);
    expect(labVariables()).toEqual(expect.arrayContaining(['categorical', 'bernoulli']));
  });

  it.each(['categorical', 'bernoulli'])('%s: every registry entry of the variable is run or listed with a reason', (variable) => {
    const plan = labPlan(variable);
    const covered = new Set([...plan.entries.map((e) => e.id), ...plan.notInLab.map((e) => e.id)]);
    for (const entry of ESTIMATORS.filter((e) => e.variable === variable)) expect(covered.has(entry.id), entry.id).toBe(true);
    // Only this variable's estimators, and the report's curated variants first, in its order.
    for (const e of plan.entries) expect(estimatorEntry(e.id).variable).toBe(variable);
    const curated = variable === 'categorical' ? REPORT_ESTIMATORS : BERNOULLI_REPORT_ESTIMATORS;
    expect(plan.entries.slice(0, curated.length).map((e) => e.label)).toEqual(curated.map((e) => e.label));
  });

  it('the Bernoulli lab holds DisARM, ARMS, REBAR, RELAX, relaxed / straight-through Bernoulli and REINFORCE against the exact Bernoulli gradient', () => {
    const plan = labPlan('bernoulli');
    // At least these (a registry entry added later joins the lab without editing this list; that every
    // entry is run or listed with a reason is the test above).
    expect(plan.entries.map((e) => e.id)).toEqual(
      expect.arrayContaining(['relaxed-bernoulli', 'st-bernoulli', 'reinforce-bernoulli', 'reinforce-bernoulli-ema', 'reinforce-bernoulli-loo', 'disarm', 'arms', 'rebar-bernoulli', 'relax-bernoulli']),
    );
    // Independent closed form for f(z) = (Σ z − 2)², θ_j = 2j/7 − 1: with σ_j = sigmoid(θ_j),
    // E f = Σ σ(1 − σ) + (Σ σ − 2)², so ∂/∂θ_j E f = σ_j(1 − σ_j)·(1 − 2σ_j + 2(Σ σ − 2)).
    const sigma = Array.from({ length: 8 }, (_, j) => 1 / (1 + Math.exp(-((2 * j) / 7 - 1))));
    const sum = sigma.reduce((a, b) => a + b, 0);
    const expected = sigma.map((s) => s * (1 - s) * (1 - 2 * s + 2 * (sum - 2)));
    Array.from(plan.problem?.exact ?? []).forEach((g, j) => expect(g).toBeCloseTo(expected[j] as number, 12));
  });

  it('a new registry entry appears with its id as label; an unknown kind or variable is listed with the reason', () => {
    const registry = [
      ...ESTIMATORS,
      renamed('new-pathwise', 'st-bernoulli'),
      renamed('new-score', 'disarm'),
      renamed('new-learned', 'disarm', { kind: 'learned-control-variate' }),
      renamed('new-subset', 'st-gs', { variable: 'subset' }),
    ];
    const plan = labPlan('bernoulli', sources(registry));
    const added = plan.entries.filter((e) => e.id.startsWith('new-'));
    expect(added.map((e) => [e.id, e.label, e.usesTau])).toEqual([
      ['new-pathwise', 'new-pathwise', true],
      ['new-score', 'new-score', false],
    ]);
    // Its default m samples are not stated by the registry: shown as such, not invented.
    expect(added[1]?.samplesPerGradient).toBeNaN();
    expect(plan.notInLab).toEqual([{ id: 'new-learned', label: 'DisARM (Bernoulli)', reason: expect.stringContaining("kind 'learned-control-variate'") }]);
    expect(labVariables(sources(registry))).toContain('subset');
    const subset = labPlan('subset', sources(registry));
    expect(subset).toMatchObject({ problem: undefined, entries: [], notInLab: [{ id: 'new-subset', reason: "no toy problem for variable 'subset' in the lab" }] });
  });

  it('an entry with minTau carries it into the lab', () => {
    const plan = labPlan('categorical', sources([...ESTIMATORS, renamed('new-min-tau', 'st-gs', { minTau: 1 })]));
    expect(plan.entries.find((e) => e.id === 'new-min-tau')?.minTau).toBe(1);
  });
});

describe('runLab', () => {
  const backend = createCpuBackend({ precision: 64 });

  it('a variable without a toy problem runs nothing and reports no problem (its entries carry the reason)', async () => {
    const plan = labPlan('subset', sources([...ESTIMATORS, renamed('new-subset', 'st-gs', { variable: 'subset' })]));
    expect(await runLab(backend, plan, { tau: 0.5, draws: 500, seed: 11 })).toEqual({ problem: undefined, rows: [], skipped: [], failed: [] });
  });

  it('runs every Bernoulli estimator of the plan (500 draws): one row each', async () => {
    const plan = labPlan('bernoulli');
    const result = await runLab(backend, plan, { tau: 0.5, draws: 500, seed: 11 });
    expect(result.skipped).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.rows.map((r) => r.row.estimator)).toEqual(plan.entries.map((e) => e.label));
    expect(result.problem?.exactGradient).toEqual(Array.from(plan.problem?.exact ?? []));
  }, 120_000);

  it('runs an estimator below its minTau at minTau and says so; one that throws is listed as failed', async () => {
    const base = labPlan('categorical', sources([...ESTIMATORS, renamed('new-min-tau', 'st-gs', { minTau: 1 })]));
    const minTau = base.entries.find((e) => e.id === 'new-min-tau');
    if (minTau === undefined) throw new Error('new-min-tau is not in the plan');
    const broken: LabEntry = {
      id: 'broken',
      label: 'broken',
      usesTau: true,
      samplesPerGradient: 1,
      make: () => {
        throw new GumbelRangeError('x', 1, 'something else');
      },
    };
    const plan = { ...base, entries: [minTau, broken] };
    const result = await runLab(backend, plan, { tau: 0.25, draws: 500, seed: 11 });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.row.tau).toBe(1);
    expect(result.rows[0]?.row.estimator).toBe('new-min-tau (τ raised to 1, its minimum)');
    expect(result.failed).toEqual([{ id: 'broken', label: 'broken', reason: 'GumbelRangeError: x must be something else, got 1' }]);
  }, 120_000);
});
