/**
 * The conformance suite on GPU.js's real WebGL2 path: a minified bundle of the suite and the
 * backend runs in Debian's headless Chromium, where WebGL2 is SwiftShader (no GPU needed). The
 * backend must report mode 'webgl2' (it throws rather than fall back, so a CPU run cannot pass here).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPage } from './harness.js';

interface PageResult {
  readonly fatal?: string;
  readonly mode: string;
  readonly fellBackToCpu: boolean;
  readonly userAgent: string;
  readonly results: readonly { name: string; state: 'pass' | 'fail' | 'skip'; error?: string }[];
  readonly checks: readonly { name: string; ok: boolean; detail: string }[];
}

const LEAK_STEPS = Number(process.env["GUMBEL_LEAK_STEPS"] ?? 10_000);

describe('gpujs on WebGL2 in headless Chromium (SwiftShader)', () => {
  let page: PageResult;
  let log: readonly string[] = [];

  beforeAll(async () => {
    const run = await runPage<PageResult>({
      entry: fileURLToPath(new URL('./conformance-page.ts', import.meta.url)),
      query: `leakSteps=${LEAK_STEPS}`,
      resultKey: '__gumbelResults',
      timeoutMs: 540_000,
    });
    page = run.result;
    log = run.console;
    const count = (state: string) => page.results?.filter((r) => r.state === state).length ?? 0;
    console.info(`gpujs ${page.mode} in ${page.userAgent}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped; ${(page.checks ?? []).map((c) => `${c.name}: ${c.ok ? 'ok' : 'FAILED'} ${c.detail}`).join('; ')}`);
  }, 600_000);

  it('the page ran and the backend reports mode webgl2 (no fallback)', () => {
    expect(page.fatal, log.join('\n')).toBeUndefined();
    expect(page.mode).toBe('webgl2');
    expect(page.fellBackToCpu).toBe(false);
  });

  it('the whole conformance suite passes in the page', () => {
    const failed = page.results.filter((r) => r.state === 'fail').map((r) => `${r.name}: ${r.error ?? ''}`);
    expect(failed).toEqual([]);
    const passed = page.results.filter((r) => r.state === 'pass').length;
    // The Node run of the same suite on cpu mode has 46 passing cases; the page must run them too.
    expect(passed).toBeGreaterThanOrEqual(46);
  });

  it('device noise equals core\'s stream, is repeatable, and nothing grows over 10,000 calls', () => {
    expect(page.checks.length).toBe(4);
    for (const check of page.checks) expect(check.ok, `${check.name} (${check.detail})`).toBe(true);
  });
});
