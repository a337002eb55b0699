/**
 * `createGpujsBackend`: the gumbel kernels as GPU.js kernels, chained in pipeline mode so that
 * intermediate results (row logsumexps, dot products, per-row dτ) never leave the device.
 */
import { GumbelRangeError, GumbelTypeError, describeValue, validateArrayLike, validateLength, validateShape } from '@gumbel/core';
import type { Backend, BackendCapabilities } from '@gumbel/core';
import { binConcreteLogProb, binConcreteLogProbVjp, hardBernoulli, relaxedBernoulli, relaxedBernoulliVjp } from './bernoulli-ops.js';
import { argmax, gumbelMax, oneHotArgmax, relaxedForward, relaxedVjp, straightThrough } from './categorical-ops.js';
import { conditionalGumbel } from './conditional-gumbel-ops.js';
import { densityLogProb, densityLogProbVjp } from './density-ops.js';
import { Device } from './device.js';
import { noiseFromUniforms, seededNoise } from './noise-ops.js';
import { KernelCache, createRuntime } from './runtime.js';
import type { GpujsMode, RequestedMode } from './runtime.js';
import { GpujsTensor, sizeOf } from './tensor.js';
import { topK } from './top-k-ops.js';

export interface GpujsBackendOptions {
  /**
   * What to ask GPU.js for: `gpu` (the default: the best GL mode it finds — webgl2, webgl or
   * headlessgl), one GL mode by name, or `cpu`. WebAssembly (`webasm`) is not accepted: it cannot run
   * the native GLSL our kernels call.
   */
  readonly mode?: RequestedMode;
  /**
   * If the requested GL mode is not available, run on GPU.js's `cpu` mode instead of throwing
   * `GpujsModeError`. The backend then reports `mode: 'cpu'` and `fellBackToCpu: true`, and warns.
   */
  readonly allowCpuFallback?: boolean;
}

export interface GpujsBackend extends Backend<GpujsTensor> {
  readonly name: 'gpujs';
  /** The mode GPU.js actually runs: `webgl2`, `webgl`, `headlessgl` or `cpu`. */
  readonly mode: GpujsMode;
  readonly requestedMode: RequestedMode;
  /** True only when a GL mode was asked for, was not available, and `allowCpuFallback` was set. */
  readonly fellBackToCpu: boolean;
  /** Tensors made and not yet disposed (leak checks). */
  readonly liveTensors: number;
  /** Kernels compiled so far (one per kernel source, size and row length). */
  readonly compiledKernels: number;
  /**
   * A copy of `tensor` that lives on the device (a texture on the GL modes). Tensors from `fromArray`
   * stay on the host and are uploaded by every kernel that reads them; copy inputs that many calls
   * reuse (logits in a training step, a fixed upstream gradient) once with this.
   */
  toDevice(tensor: GpujsTensor): GpujsTensor;
  /** Frees every kernel and the GPU.js context; the backend is unusable afterwards. */
  destroy(): Promise<void>;
}

const COPY_SOURCE = `function(a) { return a[this.thread.x]; }`;

const REQUESTABLE: readonly RequestedMode[] = ['gpu', 'webgl2', 'webgl', 'headlessgl', 'cpu'];

function resolveOptions(options: unknown): { mode: RequestedMode; allowCpuFallback: boolean } {
  if (options === undefined) return { mode: 'gpu', allowCpuFallback: false };
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const { mode, allowCpuFallback } = options as { mode?: unknown; allowCpuFallback?: unknown };
  if (mode !== undefined && !REQUESTABLE.includes(mode as RequestedMode)) {
    throw new GumbelRangeError('options.mode', mode, `one of ${REQUESTABLE.join(', ')}`);
  }
  if (allowCpuFallback !== undefined && typeof allowCpuFallback !== 'boolean') {
    throw new GumbelTypeError('options.allowCpuFallback', allowCpuFallback, 'a boolean');
  }
  return { mode: (mode as RequestedMode | undefined) ?? 'gpu', allowCpuFallback: allowCpuFallback ?? false };
}

export function createGpujsBackend(options?: GpujsBackendOptions): GpujsBackend {
  const { mode: requestedMode, allowCpuFallback } = resolveOptions(options);
  const runtime = createRuntime(requestedMode, allowCpuFallback);
  const cache = new KernelCache(runtime);
  const device = new Device(runtime, cache);
  const supports: BackendCapabilities = Object.freeze({
    seededNoise: runtime.deviceHash,
    hostUniforms: true,
    gradients: true,
    perRowTemperature: true,
    topK: true,
    densities: true,
    bernoulli: true,
    // Hashes the stream on the device, as seeded noise does: not on WebGL1/headless-gl (no uint).
    conditionalGumbel: runtime.deviceHash,
  });

  const backend: GpujsBackend = {
    name: 'gpujs',
    mode: runtime.mode,
    requestedMode,
    fellBackToCpu: runtime.fellBackToCpu,
    floatPrecision: 32,
    supports,
    get liveTensors() {
      return device.liveTensors;
    },
    get compiledKernels() {
      return cache.size;
    },
    toDevice: (tensor) => {
      const t = device.args.asTensor(tensor, 'tensor');
      return device.into(t.shape, COPY_SOURCE, {}, [t.kernelArgument('tensor')]);
    },
    destroy: async () => {
      cache.destroy();
      await runtime.gpu.destroy();
    },

    fromArray: (values, shape) => {
      const checked = validateShape(shape);
      const list = validateArrayLike(values, 'values');
      const size = sizeOf(checked);
      validateLength(list, size, 'values', `shape ${describeValue(checked)}`);
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        const v: unknown = list[i];
        if (typeof v !== 'number') throw new GumbelTypeError(`values[${i}]`, v, 'a number');
        data[i] = v;
      }
      return device.tensor(checked, data, undefined);
    },
    toArray: async (tensor) => device.args.asTensor(tensor, 'tensor').read(),
    toArraySync: (tensor) => device.args.asTensor(tensor, 'tensor').read(),
    shapeOf: (tensor) => device.args.asTensor(tensor, 'tensor').shape,
    dispose: (...tensors) => {
      for (const t of tensors) if (t instanceof GpujsTensor) device.release(t);
    },

    uniformNoise: (shape, source) => seededNoise(device, 'uniform', shape, source),
    gumbelNoise: (shape, source) => seededNoise(device, 'gumbel', shape, source),
    gumbelFromUniforms: (uniforms) => noiseFromUniforms(device, 'gumbel', uniforms),
    logisticNoise: (shape, source) => seededNoise(device, 'logistic', shape, source),
    logisticFromUniforms: (uniforms) => noiseFromUniforms(device, 'logistic', uniforms),
    conditionalGumbelNoise: (logits, index, source) => conditionalGumbel(device, logits, index, source),

    relaxedLogSample: (args) => relaxedForward(device, args, 'log'),
    relaxedLogSampleVjp: (args) => relaxedVjp(device, args, 'log'),
    relaxedSample: (args) => relaxedForward(device, args, 'prob'),
    relaxedSampleVjp: (args) => relaxedVjp(device, args, 'prob'),
    straightThroughSample: (args) => straightThrough(device, args),
    gumbelMax: (args) => gumbelMax(device, args),
    argmax: (x) => argmax(device, x),
    oneHotArgmax: (x) => oneHotArgmax(device, x),
    topK: (args) => topK(device, args),

    relaxedBernoulli: (args) => relaxedBernoulli(device, args),
    relaxedBernoulliVjp: (args) => relaxedBernoulliVjp(device, args),
    hardBernoulli: (args) => hardBernoulli(device, args),

    concreteLogProb: (args) => densityLogProb(device, args, 'concrete'),
    concreteLogProbVjp: (args) => densityLogProbVjp(device, args, 'concrete'),
    expConcreteLogProb: (args) => densityLogProb(device, args, 'expConcrete'),
    expConcreteLogProbVjp: (args) => densityLogProbVjp(device, args, 'expConcrete'),
    binConcreteLogProb: (args) => binConcreteLogProb(device, args),
    binConcreteLogProbVjp: (args) => binConcreteLogProbVjp(device, args),
  };
  return Object.freeze(backend);
}
