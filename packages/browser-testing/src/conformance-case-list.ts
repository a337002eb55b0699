/**
 * The case list of @gumbel/conformance's `describeBackend` for a backend manifest: the entry the
 * backend packages' browser drivers hand to `collectCases` (bundled like their pages, run in Node).
 * `suite` is the name the page registered the suite under, so the case names match.
 */
import { describeBackend } from '@gumbel/conformance';
import type { Backend } from '@gumbel/core';
import { stubBackend } from './manifest.js';
import type { BackendManifest, CaseEntry } from './manifest.js';
import { listRegistered } from './vitest-shim.js';

export async function caseList(manifest: BackendManifest & { suite: string }): Promise<CaseEntry[]> {
  describeBackend({ name: manifest.suite, create: () => stubBackend<Backend<unknown>>(manifest) });
  return listRegistered();
}
