/**
 * The case list a suite registers for a backend, computed in Node, so a browser driver can check its
 * page ran exactly those cases (and passed every one its backend does not gate off) without a
 * hard-coded count: a new case file then needs no edit of the drivers.
 *
 * A package writes a small entry module (bundled like its page, `vitest` → the shim) exporting
 * `caseList(manifest)`, which registers its suite with `stubBackend(manifest)` and returns
 * `listRegistered()`. Suites decide what to register from `supports` and `floatPrecision` only;
 * the stub throws on anything else, so a suite that starts calling its backend while registering
 * is noticed here rather than silently miscounted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundlePage } from './harness.js';
import type { BackendManifest, CaseEntry } from './manifest.js';

/** The entry listing @gumbel/conformance's cases (for the backend packages' drivers). */
export const CONFORMANCE_CASE_LIST = fileURLToPath(new URL('./conformance-case-list.ts', import.meta.url));

/** Bundles `entry` as the pages are bundled and calls its exported `caseList(manifest)` in Node. */
export async function collectCases<M extends BackendManifest>(entry: string, manifest: M): Promise<CaseEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gumbel-cases-'));
  try {
    const file = join(dir, 'case-list.mjs');
    writeFileSync(file, await bundlePage(entry));
    const mod = (await import(pathToFileURL(file).href)) as { caseList?: (m: M) => Promise<CaseEntry[]> };
    if (typeof mod.caseList !== 'function') throw new Error(`${entry} exports no caseList(manifest)`);
    return await mod.caseList(manifest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the driver asserts: the page ran every listed case under the same name, none failed, and
 * exactly the cases the list does not skip passed. Returns the mismatches (empty when all is well).
 */
export function compareWithCaseList(results: readonly { name: string; state: 'pass' | 'fail' | 'skip' }[], list: readonly CaseEntry[]): string[] {
  const ran = new Map(results.map((r) => [r.name, r.state]));
  const problems: string[] = [];
  for (const c of list) {
    const state = ran.get(c.name);
    if (state === undefined) problems.push(`not run in the page: ${c.name}`);
    else if (state !== (c.skip ? 'skip' : 'pass')) problems.push(`${state} (expected ${c.skip ? 'skip' : 'pass'}): ${c.name}`);
  }
  const listed = new Set(list.map((c) => c.name));
  for (const r of results) if (!listed.has(r.name)) problems.push(`run in the page but not in the case list: ${r.name}`);
  return problems;
}
