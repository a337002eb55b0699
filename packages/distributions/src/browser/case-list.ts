/**
 * The case list the distributions suite registers for a backend with a given manifest (bundled like
 * the page and run in Node by `collectCases`), so the browser driver needs no hard-coded count.
 */
import type { Backend } from '@gumbel/core';
import { stubBackend } from '@gumbel/browser-testing/manifest';
import type { BackendManifest, CaseEntry } from '@gumbel/browser-testing/manifest';
import { listRegistered } from '@gumbel/browser-testing/vitest-shim';
import { describeDistributions } from '../test-support/conformance.js';
import type { Target } from './targets.js';

export async function caseList(manifest: BackendManifest & { target: Target; suite: string }): Promise<CaseEntry[]> {
  describeDistributions(manifest.suite, () => stubBackend<Backend<unknown>>(manifest));
  return listRegistered();
}
