/**
 * The frame every panel shares: a titled section with its own backend switcher, a controls row, a
 * body, and a status line with the mode that actually ran and the time per batch. Runs are
 * coalesced (a slider dragged quickly triggers one run for the latest value, not one per event) and
 * serialised across the page, because tfjs has a single active engine that panels switch.
 */
import { BACKEND_CHOICES, getBackend } from './backends.js';
import type { BackendChoice, BackendId, DemoBackend } from './backends.js';
import { el } from './dom.js';

let pageQueue: Promise<unknown> = Promise.resolve();
function serialised<R>(task: () => Promise<R>): Promise<R> {
  const run = pageQueue.then(task, task);
  pageQueue = run.catch(() => undefined);
  return run;
}

export interface RunContext {
  readonly demo: DemoBackend;
  /** Record the time of one batch (sampling plus read-back) for the status line. */
  timed<R>(label: string, task: () => Promise<R>): Promise<R>;
}

export interface PanelShell {
  readonly controls: HTMLElement;
  readonly body: HTMLElement;
  /** Ask for a run with the current control values; `render` gets the backend and draws. */
  request(): void;
}

export function createPanelShell(options: {
  id: string;
  title: string;
  blurb: string;
  initialBackend?: BackendId;
  /** The backends this panel offers (default: all of them). */
  choices?: readonly BackendChoice[];
  render: (ctx: RunContext) => Promise<void>;
}): PanelShell {
  const select = el('select', { 'data-testid': `${options.id}-backend`, 'aria-label': 'backend' });
  for (const choice of options.choices ?? BACKEND_CHOICES) select.append(el('option', { value: choice.id }, choice.label));
  select.value = options.initialBackend ?? 'cpu';
  const status = el('p', { class: 'status', 'data-testid': `${options.id}-status` }, 'starting…');
  const mode = el('span', { class: 'mode', 'data-testid': `${options.id}-mode` });
  const controls = el('div', { class: 'controls' });
  const body = el('div', { class: 'body' });
  const section = el(
    'section',
    { class: 'panel', 'data-panel': options.id, 'data-state': 'idle', 'data-runs': '0' },
    el('div', { class: 'panel-head' }, el('h2', {}, options.title), el('label', { class: 'backend' }, 'backend ', select)),
    el('p', { class: 'blurb' }, options.blurb),
    controls,
    body,
    el('div', { class: 'footer' }, mode, status),
  );
  document.getElementById('panels')?.append(section);

  let running = false;
  let dirty = false;
  let runs = 0;
  const runOnce = async (): Promise<void> => {
    const id = select.value as BackendId;
    section.dataset.state = 'busy';
    const timings: string[] = [];
    try {
      const demo = await getBackend(id);
      await serialised(async () => {
        await demo.prepare();
        await options.render({
          demo,
          timed: async (label, task) => {
            const start = performance.now();
            const result = await task();
            timings.push(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
            return result;
          },
        });
      });
      mode.textContent = `${demo.backend.name} · mode ${demo.backend.mode} · float${demo.backend.floatPrecision}`;
      status.textContent = timings.join(' · ');
      section.dataset.backend = demo.backend.name;
      section.dataset.mode = demo.backend.mode;
      section.dataset.state = 'ready';
    } catch (error) {
      mode.textContent = `${id}: not available`;
      status.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      section.dataset.mode = '';
      section.dataset.state = 'error';
    }
    section.dataset.runs = String(++runs);
  };
  const request = (): void => {
    dirty = true;
    if (running) return;
    running = true;
    void (async () => {
      while (dirty) {
        dirty = false;
        await runOnce();
      }
      running = false;
    })();
  };
  select.addEventListener('change', request);
  return { controls, body, request };
}
