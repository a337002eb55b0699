export { CHROMIUM, CHROMIUM_ARGS, bundlePage, launchChromium, runPage } from './harness.js';
export type { PageRun, RunPageOptions } from './harness.js';
export type { TestResult } from './vitest-shim.js';
export { CONFORMANCE_CASE_LIST, collectCases, compareWithCaseList } from './case-list.js';
export { manifestOf, stubBackend } from './manifest.js';
export type { BackendManifest, CaseEntry } from './manifest.js';
