/**
 * The GPU.js instance, the mode it really runs, and the kernel cache.
 *
 * GPU.js has two silent fallbacks, and we surface both:
 * 1. at construction, `mode: 'gpu'` quietly picks WebAssembly or nothing when no GL context exists;
 *    we compare the Kernel class it chose against the ones we accept;
 * 2. at a kernel's first run, a GL kernel that fails to build swaps itself for a CPU kernel (with a
 *    console warning); after every run we check the class of the kernel that actually ran.
 * Either one raises `GpujsModeError` unless the caller allowed the CPU mode, in which case the
 * backend reports `mode: 'cpu'` and `fellBackToCpu: true`.
 */
import { CPUKernel, GPU, HeadlessGLKernel, WebAssemblyKernel, WebGL2Kernel, WebGLKernel } from 'gpu.js';
import type { IKernelRunShortcut } from 'gpu.js';
import { HELPER_FUNCTIONS } from './helper-sources.js';
import {
  F32_FUNCTION,
  F32_GLSL,
  F32_JS,
  NEG_INF_FUNCTION,
  NEG_INF_GLSL1,
  NEG_INF_GLSL3,
  NEG_INF_JS,
  ROW_OF_FUNCTION,
  ROW_OF_GLSL1,
  ROW_OF_GLSL3,
  ROW_OF_JS,
  THREEFRY_FUNCTION,
  THREEFRY_GLSL,
  THREEFRY_JS,
} from './threefry-sources.js';
import type { DeviceValue } from './tensor.js';

/** The modes GPU.js can end up in, named as GPU.js names them. */
export type GpujsMode = 'webgl2' | 'webgl' | 'headlessgl' | 'webasm' | 'cpu';
/** What a caller may ask for: `gpu` = the best GL mode GPU.js finds. */
export type RequestedMode = 'gpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'cpu';

export class GpujsModeError extends Error {
  override readonly name = 'GpujsModeError';
  constructor(
    readonly requested: string,
    readonly actual: string,
    detail: string,
  ) {
    super(`gpujs backend: asked for mode '${requested}' but GPU.js ${detail} '${actual}'; pass allowCpuFallback: true to run on GPU.js's cpu mode knowingly`);
  }
}

/** The console of Node and browsers (the package's lib setting has no DOM or Node types). */
declare const console: { warn(message: string): void };

type KernelClass = abstract new (...args: never[]) => unknown;

const MODE_OF = new Map<unknown, GpujsMode>([
  [WebGL2Kernel, 'webgl2'],
  [WebGLKernel, 'webgl'],
  [HeadlessGLKernel, 'headlessgl'],
  [WebAssemblyKernel, 'webasm'],
  [CPUKernel, 'cpu'],
]);

export function modeOfKernelClass(kernelClass: unknown): string {
  return MODE_OF.get(kernelClass) ?? 'unknown';
}

const GL_MODES: ReadonlySet<string> = new Set(['webgl2', 'webgl', 'headlessgl']);

export interface Runtime {
  readonly gpu: GPU;
  readonly mode: GpujsMode;
  readonly fellBackToCpu: boolean;
  /** Whether the device can run the Threefry hash (needs unsigned integers: GLSL ES 3.00 or JS). */
  readonly deviceHash: boolean;
}

function newGpu(mode: RequestedMode): GPU | undefined {
  try {
    return new GPU({ mode });
  } catch {
    return undefined; // GPU.js throws when an explicitly named mode is unsupported
  }
}

export function createRuntime(requested: RequestedMode, allowCpuFallback: boolean): Runtime {
  let gpu = newGpu(requested);
  let actual = gpu === undefined ? 'none' : modeOfKernelClass((gpu as unknown as { Kernel: unknown }).Kernel);
  let fellBackToCpu = false;
  const accepted = requested === 'cpu' ? actual === 'cpu' : GL_MODES.has(actual) && (requested === 'gpu' || requested === actual);
  if (!accepted) {
    void gpu?.destroy();
    if (!allowCpuFallback) throw new GpujsModeError(requested, actual, 'chose');
    console.warn(`gpujs backend: asked for mode '${requested}', GPU.js offered '${actual}'; running on GPU.js's cpu mode (allowCpuFallback)`);
    gpu = new GPU({ mode: 'cpu' });
    actual = 'cpu';
    fellBackToCpu = true;
  }
  const mode = actual as GpujsMode;
  const g = gpu as GPU;
  for (const source of HELPER_FUNCTIONS) g.addFunction(source as unknown as () => number);
  let deviceHash = false;
  if (mode === 'cpu') {
    g.addFunction(THREEFRY_JS as unknown as () => number);
    g.addFunction(NEG_INF_JS as unknown as () => number);
    g.addFunction(ROW_OF_JS as unknown as () => number);
    g.addFunction(F32_JS as unknown as () => number);
    deviceHash = true;
  } else if (mode === 'webgl2') {
    g.addNativeFunction(THREEFRY_FUNCTION, THREEFRY_GLSL);
    g.addNativeFunction(NEG_INF_FUNCTION, NEG_INF_GLSL3);
    g.addNativeFunction(ROW_OF_FUNCTION, ROW_OF_GLSL3);
    g.addNativeFunction(F32_FUNCTION, F32_GLSL);
    deviceHash = true;
  } else {
    g.addNativeFunction(NEG_INF_FUNCTION, NEG_INF_GLSL1);
    g.addNativeFunction(ROW_OF_FUNCTION, ROW_OF_GLSL1);
    g.addNativeFunction(F32_FUNCTION, F32_GLSL);
  }
  return { gpu: g, mode, fellBackToCpu, deviceHash };
}

export type Output = readonly [number];

/**
 * Kernels compiled once per (source, output size, constants) and reused; `destroy` frees them all.
 * Every kernel runs in pipeline mode with immutable outputs, so each result is a texture of its own
 * that stays on the device until its tensor is disposed.
 */
export class KernelCache {
  readonly #runtime: Runtime;
  readonly #expected: KernelClass;
  readonly #kernels = new Map<string, IKernelRunShortcut>();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    this.#expected = (runtime.gpu as unknown as { Kernel: KernelClass }).Kernel;
  }

  get size(): number {
    return this.#kernels.size;
  }

  run(source: string, output: Output, constants: Readonly<Record<string, number>>, args: readonly unknown[]): DeviceValue {
    const key = `${source}\u0000${output.join('x')}\u0000${JSON.stringify(constants)}`;
    let kernel = this.#kernels.get(key);
    if (kernel === undefined) {
      kernel = this.#runtime.gpu.createKernel(source as unknown as () => number, {
        output: [...output],
        constants: { ...constants },
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        // Loop bounds are compiled-in constants; this only caps loops GPU.js cannot bound itself.
        loopMaxIterations: 1 << 20,
      } as never);
      this.#kernels.set(key, kernel);
    }
    const result = (kernel as unknown as (...a: unknown[]) => DeviceValue)(...args);
    const ran = (kernel as unknown as { kernel: { constructor: unknown } }).kernel.constructor;
    if (ran !== this.#expected) {
      if (result !== undefined && typeof (result as { delete?: unknown }).delete === 'function') (result as { delete(): void }).delete();
      throw new GpujsModeError(this.#runtime.mode, modeOfKernelClass(ran), 'fell back to');
    }
    return result;
  }

  destroy(): void {
    for (const kernel of this.#kernels.values()) kernel.destroy();
    this.#kernels.clear();
  }
}
