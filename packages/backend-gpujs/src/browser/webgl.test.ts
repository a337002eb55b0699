/**
 * The conformance suite on GPU.js's real WebGL paths: a minified bundle of the suite and the backend
 * runs in Debian's headless Chromium, where WebGL is SwiftShader (no GPU needed). The backend must
 * report the mode it was asked for (it throws rather than fall back, so a CPU run cannot pass here).
 *
 * - webgl2: the whole suite, device noise and conditional Gumbel against core's stream, no growth
 *   over 10,000 calls.
 * - webgl (WebGL1, GLSL ES 1.00): no unsigned integers, so no device hash (`seededNoise` and
 *   `conditionalGumbel` false) and the cases that need it are skipped by capability; everything
 *   else, topK included, must pass.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CASE_LIST, collectCases, compareWithCaseList, runPage } from '@gumbel/browser-testing';
import type { BackendManifest, CaseEntry } from '@gumbel/browser-testing';

interface PageResult {
  readonly fatal?: string;
  readonly suite: string;
  readonly manifest?: BackendManifest;
  readonly mode: string;
  readonly fellBackToCpu: boolean;
  readonly userAgent: string;
  readonly results: readonly { name: string; state: 'pass' | 'fail' | 'skip'; error?: string }[];
  readonly checks: readonly { name: string; ok: boolean; detail: string }[];
}

function describeBrowserRun(mode: 'webgl2' | 'webgl', options: { leakSteps: number; checks: number }): void {
  describe(`gpujs on ${mode} in headless Chromium (SwiftShader)`, () => {
    let page: PageResult;
    let log: readonly string[] = [];
    // The conformance suite's cases for the page's backend manifest, listed in Node (no hard-coded count).
    let cases: CaseEntry[] = [];

    beforeAll(async () => {
      const run = await runPage<PageResult>({
        entry: fileURLToPath(new URL('./conformance-page.ts', import.meta.url)),
        query: `mode=${mode}&leakSteps=${options.leakSteps}`,
        resultKey: '__gumbelResults',
        minify: true,
        title: 'gumbel gpujs',
        timeoutMs: 540_000,
      });
      page = run.result;
      log = run.console;
      const count = (state: string) => page.results?.filter((r) => r.state === state).length ?? 0;
      console.info(
        `gpujs ${page.mode} in ${page.userAgent}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped; ` +
          (page.checks ?? []).map((c) => `${c.name}: ${c.ok ? 'ok' : 'FAILED'} ${c.detail}`).join('; '),
      );
    }, 600_000);

    // Its own hook and budget: bundling the case list takes seconds to tens of seconds on a loaded machine.
    beforeAll(async () => {
      if (page.manifest) cases = await collectCases(CONFORMANCE_CASE_LIST, { ...page.manifest, suite: page.suite });
      console.info(`gpujs ${mode}: ${cases.length} cases listed for the page's manifest, ${cases.filter((c) => c.skip).length} gated off`);
    }, 180_000);

    it(`the page ran and the backend reports mode ${mode} (no fallback)`, () => {
      expect(page.fatal, log.join('\n')).toBeUndefined();
      expect(page.mode).toBe(mode);
      expect(page.fellBackToCpu).toBe(false);
    });

    it('the conformance suite passes in the page', () => {
      const failed = page.results.filter((r) => r.state === 'fail').map((r) => `${r.name}: ${r.error ?? ''}`);
      expect(failed).toEqual([]);
      // Exactly the cases the suite registers for this manifest: WebGL1 skips those that draw seeded
      // noise and conditionalGumbel (both need the uint hash), and runs topK (no hash needed).
      expect(cases.length).toBeGreaterThan(0);
      expect(compareWithCaseList(page.results, cases)).toEqual([]);
    });

    it(`the page checks pass (device noise and conditional Gumbel where the mode has them; long rows; no growth over ${options.leakSteps} calls, nor over topK/conditional Gumbel calls)`, () => {
      expect(page.checks.length).toBe(options.checks);
      for (const check of page.checks) expect(check.ok, `${check.name} (${check.detail})`).toBe(true);
    });
  });
}

describeBrowserRun('webgl2', { leakSteps: Number(process.env['GUMBEL_LEAK_STEPS'] ?? 10_000), checks: 7 });
describeBrowserRun('webgl', { leakSteps: 1000, checks: 3 });
