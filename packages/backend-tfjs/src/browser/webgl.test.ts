/**
 * The conformance suite on tfjs's real webgl backend: a bundle of the suite, the backend and
 * tfjs-backend-webgl runs in Debian's headless Chromium (WebGL through SwiftShader, no GPU needed).
 * tfjs falls back to cpu silently, so the page's `tf.getBackend()` must be 'webgl'.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CASE_LIST, collectCases, compareWithCaseList, runPage } from '@gumbel/browser-testing';
import type { BackendManifest, CaseEntry } from '@gumbel/browser-testing';

interface PageResult {
  readonly fatal?: string;
  readonly setBackend: boolean;
  readonly backend: string;
  readonly webglVersion: number;
  readonly renderer: string;
  readonly userAgent: string;
  readonly suite: string;
  readonly manifest?: BackendManifest;
  readonly results: readonly { name: string; state: 'pass' | 'fail' | 'skip'; error?: string }[];
  readonly checks: readonly { name: string; ok: boolean; detail: string }[];
}

describe('tfjs webgl in headless Chromium', () => {
  let page: PageResult;
  let log: readonly string[] = [];
  // The conformance suite's cases for the page's backend manifest, listed in Node (no hard-coded count).
  let cases: CaseEntry[] = [];

  beforeAll(async () => {
    const run = await runPage<PageResult>({ entry: fileURLToPath(new URL('./conformance-page.ts', import.meta.url)), resultKey: '__gumbelTfjs', timeoutMs: 540_000, title: 'gumbel tfjs' });
    page = run.result;
    log = run.console;
    const count = (state: string) => page.results?.filter((r) => r.state === state).length ?? 0;
    console.info(`tfjs ${page.backend} (WebGL ${page.webglVersion}, ${page.renderer}): ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped; ${(page.checks ?? []).map((c) => `${c.name}: ${c.ok ? 'ok' : 'FAILED'} ${c.detail}`).join('; ')}`);
  }, 600_000);

  // Its own hook and budget: bundling the case list takes seconds to tens of seconds on a loaded machine.
  beforeAll(async () => {
    if (page.manifest) cases = await collectCases(CONFORMANCE_CASE_LIST, { ...page.manifest, suite: page.suite });
    console.info(`tfjs webgl: ${cases.length} cases listed for the page's manifest`);
  }, 180_000);

  it("the page ran on tf.getBackend() === 'webgl' (no silent fallback to cpu)", () => {
    expect(page.fatal, log.join('\n')).toBeUndefined();
    expect(page.setBackend).toBe(true);
    expect(page.backend).toBe('webgl');
  });

  it('the whole conformance suite passes in the page: exactly the cases it registers for this manifest', () => {
    const failed = page.results.filter((r) => r.state === 'fail').map((r) => `${r.name}: ${r.error ?? ''}`);
    expect(failed).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
    expect(compareWithCaseList(page.results, cases)).toEqual([]);
  });

  it("the customGrad op matches the CPU gradient on webgl, seeded uniforms are core's stream, and nothing leaks (tensors, GPU bytes)", () => {
    expect(page.checks.length).toBe(3);
    for (const check of page.checks) expect(check.ok, `${check.name} (${check.detail})`).toBe(true);
  });
});
