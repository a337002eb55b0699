/**
 * Node side of the browser run: bundles a page entry with esbuild, serves it on 127.0.0.1 (a free
 * port), opens it in Debian's headless Chromium through playwright-core and returns what the page
 * publishes on `globalThis[resultKey]`. The server and the browser are stopped in `finally`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The project's flags; with --disable-gpu, WebGL comes from SwiftShader, which needs the last two. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
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

export async function runPage<R>(entry: string, resultKey: string, timeoutMs: number): Promise<{ result: R; console: string[] }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (.ci/setup.d/20-chromium.sh)`);
  const script = await bundle(entry);
  const html = '<!doctype html><meta charset="utf-8"><title>gumbel tfjs</title><script type="module" src="/bundle.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => void lines.push(m.text()));
    page.on('pageerror', (e) => void lines.push(`pageerror: ${e.message}`));
    // The whole budget, not goto's default 30 s: on a loaded 2-core machine (another browser test in
    // parallel) the page's load event can come late.
    await page.goto(`http://127.0.0.1:${port}/`, { timeout: timeoutMs });
    await page.waitForFunction((key) => key in globalThis, resultKey, { timeout: timeoutMs });
    const result = (await page.evaluate((key) => (globalThis as unknown as Record<string, Promise<unknown>>)[key], resultKey)) as R;
    return { result, console: lines };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
