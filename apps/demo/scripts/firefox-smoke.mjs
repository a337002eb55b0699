/**
 * Firefox smoke run of the built demo (not part of `pnpm test`): Debian's firefox-esr, headless,
 * driven over WebDriver BiDi directly (playwright-core 1.65's BiDi Firefox needs a newer Firefox than
 * ESR: it calls emulation.setMediaFeaturesOverride, which ESR 153 does not know). Checks that every
 * panel finishes on the CPU backend with no console errors, reports what GPU.js and tfjs-webgl do
 * there, trains the VAE panel 5 steps on tfjs-wasm, and saves test/artifacts/firefox*.png. Needs
 * `node --experimental-websocket` on Node 20.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const FIREFOX = '/usr/bin/firefox-esr';
const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found: apt-get install firefox-esr`);
if (!existsSync(join(root, 'dist/index.html'))) throw new Error('no dist: run `pnpm --filter @gumbel/demo build` first');

const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
const url = server.resolvedUrls?.local[0];
const profile = mkdtempSync(join(tmpdir(), 'gumbel-ff-'));
const firefox = spawn(FIREFOX, ['--headless', '--remote-debugging-port=0', '--profile', profile, '--window-size=1366,900'], { stdio: ['ignore', 'ignore', 'pipe'] });
let failed = false;
try {
  const endpoint = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`firefox did not open BiDi: ${text}`)), 60_000);
    firefox.stderr.on('data', (chunk) => {
      text += chunk;
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const socket = new WebSocket(`${endpoint}/session`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map();
  const consoleErrors = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'error') waiter?.reject(new Error(`${message.error}: ${message.message}`));
      else waiter?.resolve(message.result);
    } else if (message.method === 'log.entryAdded' && message.params.level === 'error') {
      consoleErrors.push(message.params.text);
    }
  };
  const send = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await send('session.new', { capabilities: {} });
  await send('session.subscribe', { events: ['log.entryAdded'] });
  const tree = await send('browsingContext.getTree', {});
  const context = tree.contexts[0].context;
  await send('browsingContext.navigate', { context, url, wait: 'complete' });
  const evaluate = async (expression) => {
    const result = await send('script.evaluate', { expression, target: { context }, awaitPromise: true });
    if (result.type === 'exception') throw new Error(`page exception: ${JSON.stringify(result.exceptionDetails.text)}`);
    return result.result.value;
  };
  // The VAE panel waits for its Start button (it loads 21 MB of MNIST), so it is not among the panels
  // that must settle on their own.
  const panelsJson = `JSON.stringify([...document.querySelectorAll('[data-panel]:not([data-panel="vae"])')].map((s) => ({ panel: s.dataset.panel, state: s.dataset.state, runs: Number(s.dataset.runs), mode: s.querySelector('.mode')?.textContent, status: s.querySelector('.status')?.textContent })))`;
  const settle = async (minRuns) => {
    for (let i = 0; i < 240; i++) {
      const panels = JSON.parse(await evaluate(panelsJson));
      if (panels.length === 3 && panels.every((p) => p.runs >= (minRuns[p.panel] ?? 1) && p.state !== 'busy')) return panels;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('panels did not settle in 120 s');
  };
  const first = await settle({});
  for (const p of first) console.log(`cpu        ${p.panel}: ${p.state} · ${p.mode} · ${p.status}`);
  if (first.some((p) => p.state !== 'ready')) failed = true;
  const shot = await send('browsingContext.captureScreenshot', { context, origin: 'document' });
  mkdirSync(join(root, 'test/artifacts'), { recursive: true });
  writeFileSync(join(root, 'test/artifacts/firefox.png'), Buffer.from(shot.data, 'base64'));

  // GPU.js and tfjs-webgl on the simplex panel: reported, not required (headless Firefox's WebGL).
  for (const id of ['gpujs', 'tfjs-webgl']) {
    const runs = first.find((p) => p.panel === 'simplex').runs;
    await evaluate(`(() => { const s = document.querySelector('[data-testid="simplex-backend"]'); s.value = '${id}'; s.dispatchEvent(new Event('change')); })()`);
    const after = await settle({ simplex: runs + 1 });
    const p = after.find((x) => x.panel === 'simplex');
    console.log(`${id.padEnd(10)} simplex: ${p.state} · ${p.mode} · ${p.status}`);
    first.find((x) => x.panel === 'simplex').runs = p.runs;
  }
  // The VAE panel on tfjs-wasm (WebGL is not required of headless Firefox): 5 steps, required.
  const vaeJson = `JSON.stringify({ ...document.querySelector('[data-panel="vae"]').dataset, status: document.querySelector('[data-testid="vae-status"]').textContent })`;
  const vaeUntil = async (done) => {
    for (let i = 0; i < 360; i++) {
      const vae = JSON.parse(await evaluate(vaeJson));
      if (vae.state === 'error' || done(vae)) return vae;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the VAE panel did not get there in 180 s');
  };
  await evaluate(`(() => { const s = document.querySelector('[data-testid="vae-backend"]'); s.value = 'tfjs-wasm'; s.dispatchEvent(new Event('change')); document.querySelector('[data-testid="vae-start"]').click(); })()`);
  await vaeUntil((v) => Number(v.step ?? 0) >= 5);
  await evaluate(`document.querySelector('[data-testid="vae-start"]').click()`);
  const vae = await vaeUntil((v) => v.training === 'false' && v.state === 'ready' && v.curveStep === v.step);
  const vaeStats = await evaluate(`[...document.querySelectorAll('[data-testid="vae-stats"] dd')].map((d) => d.dataset.stat + ' ' + d.textContent).join(' · ')`);
  console.log(`tfjs-wasm  vae: ${vae.state} · engine ${vae.tfBackend} · ${vaeStats}`);
  if (vae.state !== 'ready' || vae.tfBackend !== 'wasm' || Number(vae.step) < 5) failed = true;
  const vaeShot = await send('browsingContext.captureScreenshot', { context, origin: 'document' });
  writeFileSync(join(root, 'test/artifacts/firefox-vae.png'), Buffer.from(vaeShot.data, 'base64'));
  console.log(consoleErrors.length === 0 ? 'no console errors' : `console errors:\n  ${consoleErrors.join('\n  ')}`);
  if (consoleErrors.length > 0) failed = true;
  await send('session.end', {}).catch(() => undefined);
  socket.close();
} finally {
  firefox.kill();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
