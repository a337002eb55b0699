/**
 * `describeBackend`: registers the whole conformance suite for one backend, once, in the caller's
 * vitest file. The backend is created while the suite is collected (vitest awaits an async
 * `describe` body), so its `supports` manifest is known before any case is registered and cases it
 * lacks are registered as skipped (`it.skipIf`) — gated by capability, never by backend name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '@gumbel/core';
import { registerArgumentRuleCases } from './cases/argument-rules.js';
import { registerBadInputCases } from './cases/bad-input.js';
import { registerDensityIntegrationCases } from './cases/density-integration.js';
import { registerEdgeCases } from './cases/edges.js';
import { registerEdgePropertyCases } from './cases/edge-properties.js';
import { registerEdgeSampleCases } from './cases/edge-samples.js';
import { registerGoldenCases } from './cases/golden-cases.js';
import { registerGradientCases } from './cases/gradients.js';
import { registerGumbelMaxCases } from './cases/gumbel-max.js';
import { registerMaskingCases } from './cases/masking.js';
import { registerReadBackCases } from './cases/read-back.js';
import { registerSeedCases } from './cases/seeds.js';
import { registerStatisticsCases } from './cases/statistics.js';
import type { SuiteContext } from './context.js';
import { ErrorLedger } from './error-ledger.js';
import { resolveTolerance } from './tolerance.js';
import type { ToleranceOverrides } from './tolerance.js';

export interface DescribeBackendOptions<T> {
  /** Suite title, e.g. `cpu float32`. */
  readonly name: string;
  /** Makes the backend under test (called once per `describeBackend`). */
  readonly create: () => Backend<T> | Promise<Backend<T>>;
  /** Overrides of the tolerances derived from `backend.floatPrecision` (see tolerance.ts). */
  readonly tolerance?: ToleranceOverrides;
}

export function describeBackend<T>(options: DescribeBackendOptions<T>): void {
  const { name, create, tolerance } = options;
  describe(`conformance: ${name}`, async () => {
    const backend = await create();
    const ctx: SuiteContext<T> = {
      name,
      backend,
      tol: resolveTolerance(backend.floatPrecision, tolerance),
      ledger: new ErrorLedger(),
    };

    it('declares its identity, precision and capabilities', () => {
      expect(typeof backend.name).toBe('string');
      expect(backend.name.length).toBeGreaterThan(0);
      expect(typeof backend.mode).toBe('string');
      expect(backend.mode.length).toBeGreaterThan(0);
      expect([32, 64]).toContain(backend.floatPrecision);
      const flags = ['seededNoise', 'hostUniforms', 'gradients', 'perRowTemperature', 'topK', 'densities', 'bernoulli', 'conditionalGumbel'] as const;
      for (const flag of flags) expect(typeof backend.supports[flag], `supports.${flag}`).toBe('boolean');
    });

    registerGoldenCases(ctx);
    registerDensityIntegrationCases(ctx);
    registerStatisticsCases(ctx);
    registerGradientCases(ctx);
    registerGumbelMaxCases(ctx);
    registerSeedCases(ctx);
    registerMaskingCases(ctx);
    registerBadInputCases(ctx);
    registerArgumentRuleCases(ctx);
    registerReadBackCases(ctx);
    registerEdgeCases(ctx);
    registerEdgeSampleCases(ctx);
    registerEdgePropertyCases(ctx);

    afterAll(() => {
      if (ctx.ledger.entries().size > 0) console.info(ctx.ledger.format(`conformance: ${name} (${backend.name}/${backend.mode})`));
    });
  });
}
