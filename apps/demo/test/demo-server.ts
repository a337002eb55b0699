/**
 * Node side of the end-to-end test: builds the demo unless a build is already there (turbo's
 * `build` made one before `vitest run`), serves it with `vite preview` on 127.0.0.1 (a free port, not
 * the fixed one `pnpm demo` uses, so a demo someone is running does not collide with the test), and
 * opens Debian's headless Chromium (the project's flags, from @gumbel/browser-testing). Everything
 * started is stopped by `close`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@gumbel/browser-testing';
import { build, preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface DemoSession {
  readonly page: Page;
  readonly url: string;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openDemo(): Promise<DemoSession> {
  if (process.env.DEMO_REBUILD === '1' || !existsSync(`${root}dist/index.html`)) await build({ root, logLevel: 'warn' });
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  let browser: Browser | undefined;
  try {
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error('vite preview reported no URL');
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url);
    const opened = browser;
    return {
      page,
      url,
      errors,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** Waits for the panel's next finished run after `previousRuns`, and returns its state. */
export async function waitForRun(page: Page, panel: string, previousRuns: number, timeout = 60_000): Promise<string> {
  await page.waitForFunction(
    ([id, runs]) => {
      const section = document.querySelector<HTMLElement>(`[data-panel="${id}"]`);
      return section !== null && Number(section.dataset.runs) > (runs as number) && section.dataset.state !== 'busy';
    },
    [panel, previousRuns] as const,
    { timeout },
  );
  // An error state carries the panel's message, so a failing expectation shows why.
  return page.$eval(`[data-panel="${panel}"]`, (s) => {
    const state = (s as HTMLElement).dataset.state ?? '';
    return state === 'error' ? `error: ${s.querySelector('.status')?.textContent ?? ''}` : state;
  });
}

export async function runsOf(page: Page, panel: string): Promise<number> {
  return page.$eval(`[data-panel="${panel}"]`, (s) => Number((s as HTMLElement).dataset.runs));
}

/** Sets a control's value and fires the events a person's input would, then waits for the rerun. */
export async function setControl(page: Page, panel: string, testId: string, value: string): Promise<string> {
  const before = await runsOf(page, panel);
  await page.$eval(
    `[data-testid="${testId}"]`,
    (node, v) => {
      const input = node as HTMLInputElement | HTMLSelectElement;
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
  return waitForRun(page, panel, before);
}

/** Fraction of canvas pixels that differ from its top-left pixel (0 = blank). */
export async function inkFraction(page: Page, testId: string): Promise<number> {
  return page.$eval(`[data-testid="${testId}"]`, (node) => {
    const canvas = node as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (ctx === null) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) ink++;
    }
    return ink / (data.length / 4);
  });
}

export async function stat(page: Page, panel: string, key: string): Promise<string> {
  return page.$eval(`[data-panel="${panel}"] [data-stat="${key}"]`, (n) => n.textContent ?? '');
}

/** Where the e2e tests put screenshots for a person to look at (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/**
 * Opens the demo before the calling suite's tests (and creates ARTIFACTS) and closes it after them.
 * The returned session reads through to the opened one, so tests keep writing `session.page`.
 * `afterOpen` runs inside the same beforeAll (3 minutes, building and launching included).
 */
export function demoSessionForSuite(afterOpen?: (s: DemoSession) => Promise<void>): DemoSession {
  let opened: DemoSession | undefined;
  const current = (): DemoSession => {
    if (opened === undefined) throw new Error('the demo is not open: use the session inside the suite\'s tests');
    return opened;
  };
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    opened = await openDemo();
    await afterOpen?.(opened);
  }, 180_000);
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get page() { return current().page; },
    get url() { return current().url; },
    get errors() { return current().errors; },
    close: async () => current().close(),
  };
}

/**
 * Waits for the first runs of the panels that start on load (the estimator lab takes a while on the
 * CPU), so a test that times its own panel's training does not share the page with them.
 */
export async function waitForStartupRuns(page: Page): Promise<void> {
  for (const panel of ['simplex', 'bernoulli', 'estimators']) await waitForRun(page, panel, 0, 120_000);
}
