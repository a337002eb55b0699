export { CHROMIUM, CHROMIUM_ARGS, bundlePage, launchChromium, runPage } from './harness.js';
export type { PageRun, RunPageOptions } from './harness.js';
export type { TestResult } from './vitest-shim.js';
