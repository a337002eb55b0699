/**
 * @gumbel/conformance — the one suite every backend runs. In a backend package:
 *
 *     // src/conformance.test.ts
 *     import { describeBackend } from '@gumbel/conformance';
 *     describeBackend({ name: 'cpu float32', create: () => createCpuBackend({ precision: 32 }) });
 *
 * Cases are gated by `backend.supports`; tolerances come from `backend.floatPrecision` (the rule is
 * in tolerance.ts) and may be overridden with `tolerance: { rtol, atol, gradient, integral }`.
 */
export { describeBackend } from './describe-backend.js';
export type { DescribeBackendOptions } from './describe-backend.js';
export { resolveTolerance, isClose, mismatches, largestError } from './tolerance.js';
export type { Tolerance, ToleranceOverrides, ResolvedTolerance } from './tolerance.js';
export { loadGolden, parseGolden, reviveNumbers, GOLDEN_URL } from './golden.js';
export { loadEdges, EDGES_URL } from './edges-fixture.js';
export type { EdgesFixture } from './edges-fixture.js';
export type { Golden } from './golden.js';
export { ErrorLedger } from './error-ledger.js';
export type { LedgerEntry } from './error-ledger.js';
export { ksStatistic, ksCriticalValue, chiSquareStatistic, chiSquareSurvival, gumbelCdf, logisticCdf } from './stats.js';
