/**
 * Node side of the browser runs: bundles a page entry with esbuild (minified, as a demo build would
 * be — GPU.js must still parse our kernel sources), serves it from 127.0.0.1 on a free port, opens
 * it in Debian's headless Chromium through playwright-core, and returns what the page publishes on
 * `globalThis[resultKey]`. Everything it starts is stopped in `finally`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The brief's flags, plus SwiftShader as the WebGL implementation: with --disable-gpu and no GPU,
 * Chromium only offers WebGL through SwiftShader, which recent versions gate behind this flag.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export async function bundlePage(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    conditions: ['@gumbel/source'],
    alias: { vitest: here('./vitest-shim.ts'), 'node:fs': here('./fs-shim.ts') },
    define: { __GUMBEL_GOLDEN_TEXT__: JSON.stringify(readFileSync(here('../../../conformance/fixtures/golden.json'), 'utf8')) },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

export interface PageRun<R> {
  readonly result: R;
  readonly console: readonly string[];
}

export async function runPage<R>(options: { entry: string; query?: string; resultKey: string; timeoutMs: number }): Promise<PageRun<R>> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (.ci/setup.d/20-chromium.sh)`);
  const script = await bundlePage(options.entry);
  const html = '<!doctype html><meta charset="utf-8"><title>gumbel gpujs</title><script type="module" src="/bundle.js"></script>';
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/bundle.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(m.text()));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/${options.query ? `?${options.query}` : ''}`, { timeout: options.timeoutMs });
    await page.waitForFunction((key) => key in globalThis, options.resultKey, { timeout: options.timeoutMs });
    const result = (await page.evaluate((key) => (globalThis as unknown as Record<string, Promise<unknown>>)[key], options.resultKey)) as R;
    return { result, console: lines };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
