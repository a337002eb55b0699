/**
 * Node side of the browser runs: bundles a page entry with esbuild, serves it from 127.0.0.1 on a
 * free port, opens it in Debian's headless Chromium through playwright-core, and returns what the
 * page publishes on `globalThis[resultKey]`. Everything it starts is stopped in `finally`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, no sandbox (root in CI), nothing phoning home; and SwiftShader as the WebGL
 * implementation: with --disable-gpu and no GPU, Chromium only offers WebGL through SwiftShader,
 * which recent versions gate behind the last flag.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * This package's folder, found through Node's resolution rather than this file's own URL, because
 * a caller may bundle this module elsewhere (backend-gpujs's bench driver does) and the shims must
 * still be found.
 */
const packageDir = dirname(createRequire(import.meta.url).resolve('@gumbel/browser-testing/package.json'));
const fromPackage = (relative: string): string => join(packageDir, relative);

/** Debian's Chromium with the project's flags; a clear error where it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (.ci/setup.d/20-chromium.sh)`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true });
}

/**
 * One ES module for the page. `minify` as a production build would (GPU.js must still parse our
 * kernel sources after minification, so its tests minify).
 */
export async function bundlePage(entry: string, minify = false): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    conditions: ['@gumbel/source'],
    alias: { vitest: fromPackage('src/vitest-shim.ts'), 'node:fs': fromPackage('src/fs-shim.ts') },
    define: {
      __GUMBEL_GOLDEN_TEXT__: JSON.stringify(readFileSync(fromPackage('../conformance/fixtures/golden.json'), 'utf8')),
      __GUMBEL_EDGES_TEXT__: JSON.stringify(readFileSync(fromPackage('../conformance/fixtures/edges.json'), 'utf8')),
    },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

export interface RunPageOptions {
  readonly entry: string;
  /** The global the page sets (to a value or a promise) when it is done. */
  readonly resultKey: string;
  /** For the whole run: loading, and waiting for the result. */
  readonly timeoutMs: number;
  /** Appended to the page URL as `?query`, for pages that take parameters. */
  readonly query?: string;
  readonly minify?: boolean;
  readonly title?: string;
}

export interface PageRun<R> {
  readonly result: R;
  readonly console: readonly string[];
}

export async function runPage<R>(options: RunPageOptions): Promise<PageRun<R>> {
  const script = await bundlePage(options.entry, options.minify ?? false);
  const html = `<!doctype html><meta charset="utf-8"><title>${options.title ?? 'gumbel'}</title><script type="module" src="/bundle.js"></script>`;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/bundle.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let browser: Browser | undefined;
  const lines: string[] = [];
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => void lines.push(m.text()));
    page.on('pageerror', (e) => void lines.push(`pageerror: ${e.message}`));
    // The whole budget, not goto's default 30 s: on a loaded 2-core machine (another browser test in
    // parallel) the page's load event can come late.
    await page.goto(`http://127.0.0.1:${port}/${options.query ? `?${options.query}` : ''}`, { timeout: options.timeoutMs });
    await page.waitForFunction((key) => key in globalThis, options.resultKey, { timeout: options.timeoutMs });
    const result = (await page.evaluate((key) => (globalThis as unknown as Record<string, Promise<unknown>>)[key], options.resultKey)) as R;
    return { result, console: lines };
  } finally {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
