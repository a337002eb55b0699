export { describeBackend } from './describe-backend.js';
export type { DescribeBackendOptions } from './describe-backend.js';
export { resolveTolerance, isClose, mismatches, largestError } from './tolerance.js';
export type { Tolerance, ToleranceOverrides, ResolvedTolerance } from './tolerance.js';
export { loadGolden, parseGolden, reviveNumbers, GOLDEN_URL } from './golden.js';
export type { Golden } from './golden.js';
export { ErrorLedger } from './error-ledger.js';
export type { LedgerEntry } from './error-ledger.js';
export { ksStatistic, ksCriticalValue, chiSquareStatistic, chiSquareSurvival, gumbelCdf, logisticCdf } from './stats.js';
