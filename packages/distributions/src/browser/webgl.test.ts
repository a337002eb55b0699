/**
 * The distributions conformance suite on the real WebGL backends in Debian's headless Chromium
 * (SwiftShader, no GPU): tfjs webgl (with tfjsTape, so its tensor-native KL runs on the GPU too) and
 * GPU.js webgl2. The expected cases are not a hard-coded count: the same suite is registered in
 * Node for a backend with the page's manifest (`collectCases`), and the page must have run exactly
 * those, passing every one the manifest does not gate off.
 */
import { fileURLToPath } from 'node:url';
import { collectCases, compareWithCaseList, runPage } from '@gumbel/browser-testing';
import type { BackendManifest, CaseEntry } from '@gumbel/browser-testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteName } from './targets.js';
import type { Target } from './targets.js';

interface PageResult {
  readonly fatal?: string;
  readonly manifest?: BackendManifest;
  readonly userAgent: string;
  readonly results: readonly { name: string; state: 'pass' | 'fail' | 'skip'; error?: string }[];
  readonly checks: readonly { name: string; ok: boolean; detail: string }[];
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function describeBrowserRun(target: Target, mode: string, checks: number): void {
  describe(`distributions on ${target} in headless Chromium`, () => {
    let page: PageResult;
    let log: readonly string[] = [];
    let cases: CaseEntry[] = [];

    beforeAll(async () => {
      const run = await runPage<PageResult>({ entry: here('./conformance-page.ts'), query: `target=${target}`, resultKey: '__gumbelDistributions', timeoutMs: 540_000, title: `gumbel distributions ${target}` });
      page = run.result;
      log = run.console;
      const count = (state: string) => page.results?.filter((r) => r.state === state).length ?? 0;
      console.info(`distributions ${target} (${page.manifest?.mode ?? '?'}): ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped; ${(page.checks ?? []).map((c) => `${c.name}: ${c.ok ? 'ok' : 'FAILED'} ${c.detail}`).join('; ')}`);
    }, 600_000);

    // Its own hook and budget: bundling the case list takes seconds to tens of seconds on a loaded machine.
    beforeAll(async () => {
      if (page.manifest) cases = await collectCases(here('./case-list.ts'), { ...page.manifest, target, suite: suiteName(target) });
      console.info(`distributions ${target}: ${cases.length} cases listed for the page's manifest`);
    }, 180_000);

    it(`the page ran on mode ${mode} (no silent fallback)`, () => {
      expect(page.fatal, log.join('\n')).toBeUndefined();
      expect(page.manifest?.mode).toBe(mode);
    });

    it('the page ran exactly the suite’s cases for its manifest, and every one passed', () => {
      expect(cases.length).toBeGreaterThan(0);
      expect(compareWithCaseList(page.results, cases)).toEqual([]);
    });

    it(`the page's own checks pass (${checks})`, () => {
      expect(page.checks.length).toBe(checks);
      for (const check of page.checks) expect(check.ok, `${check.name} (${check.detail})`).toBe(true);
    });
  });
}

describeBrowserRun('tfjs-webgl', 'webgl', 1);
describeBrowserRun('gpujs-webgl2', 'webgl2', 0);
