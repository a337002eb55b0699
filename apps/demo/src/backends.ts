/**
 * The backends a panel can pick. Each is created on first use and then shared by every panel; the
 * packages other than the CPU one are imported lazily, so a package that is missing or fails to load
 * shows its error in the panel instead of breaking the page. Nothing falls back silently: a backend
 * that cannot run its mode throws, and the panel says so.
 */
import type { Backend } from '@gumbel/core';

export type BackendId = 'cpu' | 'cpu-js' | 'gpujs' | 'tfjs-webgl' | 'tfjs-wasm' | 'tfjs-cpu';

export interface BackendChoice {
  readonly id: BackendId;
  readonly label: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = [
  { id: 'cpu', label: 'CPU (WebAssembly SIMD where available)' },
  { id: 'cpu-js', label: 'CPU (plain JS reference)' },
  { id: 'gpujs', label: 'GPU.js (WebGL)' },
  { id: 'tfjs-webgl', label: 'tfjs (webgl)' },
  { id: 'tfjs-wasm', label: 'tfjs (wasm)' },
  { id: 'tfjs-cpu', label: 'tfjs (cpu)' },
];

/** A ready backend; `prepare` runs before each use (tfjs: make its engine backend the active one). */
export interface DemoBackend {
  readonly backend: Backend<unknown>;
  prepare(): Promise<void>;
}

const cache = new Map<BackendId, Promise<DemoBackend>>();

export function getBackend(id: BackendId): Promise<DemoBackend> {
  let entry = cache.get(id);
  if (entry === undefined) {
    entry = create(id);
    // A failed creation is not cached, so a retry can succeed (e.g. after a lost WebGL context).
    entry.catch(() => cache.delete(id));
    cache.set(id, entry);
  }
  return entry;
}

const nothing = async (): Promise<void> => {};

async function create(id: BackendId): Promise<DemoBackend> {
  switch (id) {
    case 'cpu':
    case 'cpu-js': {
      const { createCpuBackend } = await import('@gumbel/backend-cpu');
      const backend = createCpuBackend({ precision: 32, path: id === 'cpu' ? 'auto' : 'js' });
      return { backend, prepare: nothing };
    }
    case 'gpujs': {
      const { createGpujsBackend } = await import('@gumbel/backend-gpujs');
      return { backend: createGpujsBackend({ mode: 'gpu' }), prepare: nothing };
    }
    case 'tfjs-webgl':
    case 'tfjs-wasm':
    case 'tfjs-cpu': {
      const engine = id === 'tfjs-webgl' ? 'webgl' : id === 'tfjs-wasm' ? 'wasm' : 'cpu';
      const [tf, { createTfjsBackend }] = await Promise.all([import('./tfjs-engines.js'), import('@gumbel/backend-tfjs')]);
      // The wasm engine (and its .wasm files) only loads when someone picks it.
      if (engine === 'wasm') await import('./tfjs-wasm-engine.js');
      const prepare = async (): Promise<void> => {
        // tfjs has one active engine per page; panels on tfjs-cpu, -wasm and -webgl take turns (runs are
        // serialised by the scheduler), so switch before every run and refuse rather than fall back.
        if (tf.getBackend() !== engine && !(await tf.setBackend(engine))) throw new Error(`tfjs could not start its ${engine} backend in this browser`);
        await tf.ready();
      };
      await prepare();
      return { backend: createTfjsBackend({ validateContents: false }), prepare };
    }
  }
}
