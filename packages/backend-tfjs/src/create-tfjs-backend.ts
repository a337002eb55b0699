/**
 * `createTfjsBackend`: `Backend<tf.Tensor>` over @tensorflow/tfjs-core ops, so it runs on whichever
 * tfjs backend is active (cpu, wasm, webgl). Every kernel checks its arguments on the host, then
 * runs its math inside `tf.tidy`, so intermediates never leak; returned tensors belong to the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelTypeError, validateLength, validateShape } from '@gumbel/core';
import type { Backend, BackendCapabilities } from '@gumbel/core';
import { tfjsArgs } from './args.js';
import { conditionalGumbelOnHost } from './conditional-gumbel.js';
import { densityKernels } from './density-kernels.js';
import { hostNoise, resolveHostNoisePath } from './math/host-noise.js';
import type { HostNoisePath } from './math/host-noise.js';
import { gumbelFromUniformsMath, logisticFromUniformsMath } from './math/noise.js';
import { relaxedKernels } from './relaxed-kernels.js';

export interface TfjsBackendOptions {
  /**
   * Read tensor contents back to the host to check them (logits for NaN/+∞ and all-masked rows,
   * per-row τ, host uniforms). Default true. Each check is a `dataSync` of that tensor: a copy on
   * cpu/wasm, a GPU round trip on webgl. Shapes and number arguments are always checked.
   */
  readonly validateContents?: boolean;
  /**
   * Which host generator makes seeded noise: `'auto'` (the default) picks `'wasm-simd'` (the CPU
   * backend's WebAssembly SIMD kernels: uniforms bit-identical to core's `fillUniforms`, Gumbel and
   * logistic noise finished on the host) where the engine has WebAssembly SIMD, else `'js'` (core's
   * `fillUniforms`, transforms as tf ops). Asking for `'wasm-simd'` where it is missing throws.
   */
  readonly hostNoise?: 'auto' | HostNoisePath;
}

/** gumbel's `Backend<tf.Tensor>`, plus the host noise generator it uses. */
export interface TfjsBackend extends Backend<tf.Tensor> {
  readonly hostNoise: HostNoisePath;
}

const CAPABILITIES: BackendCapabilities = Object.freeze({
  seededNoise: true,
  hostUniforms: true,
  gradients: true,
  perRowTemperature: true,
  topK: true,
  densities: true,
  bernoulli: true,
  conditionalGumbel: true,
});

function resolveOptions(options: unknown): { readonly contents: boolean; readonly hostNoise: HostNoisePath } {
  if (options === undefined) return { contents: true, hostNoise: resolveHostNoisePath(undefined, 'options.hostNoise') };
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const hostNoise = resolveHostNoisePath((options as { hostNoise?: unknown }).hostNoise, 'options.hostNoise');
  const v: unknown = (options as { validateContents?: unknown }).validateContents;
  if (v !== undefined && typeof v !== 'boolean') throw new GumbelTypeError('options.validateContents', v, 'a boolean or undefined');
  return { contents: v ?? true, hostNoise };
}

/** The tfjs backend that is active now: `mode` reports it (`cpu`, `wasm`, `webgl`…). */
/**
 * Always a copy: tfjs-cpu's data()/dataSync() hand out the tensor's own backing array, so writing
 * into the result would change the tensor (the conformance suite's read-back case caught this).
 */
function asFloat32(data: ArrayLike<number>): Float32Array {
  return data instanceof Float32Array ? data.slice() : Float32Array.from(data);
}

export function createTfjsBackend(options?: TfjsBackendOptions): TfjsBackend {
  const { hostNoise: path, contents } = resolveOptions(options);
  const rules = tfjsArgs(contents);
  const mapUniforms = (value: unknown, f: (u: tf.Tensor) => tf.Tensor): tf.Tensor => {
    const u = rules.uniformsTensor(value);
    return tf.tidy(() => f(tf.cast(u, 'float32')));
  };
  const backend: TfjsBackend = {
    name: 'tfjs',
    get mode() {
      return tf.getBackend();
    },
    floatPrecision: 32,
    supports: CAPABILITIES,
    hostNoise: path,

    fromArray: (values, shape) => {
      const s = validateShape(shape);
      validateLength(values, s.reduce((a, b) => a * b, 1), 'values', `shape [${s.join(', ')}]`);
      return tf.tensor(Float32Array.from(values), [...s], 'float32');
    },
    toArray: async (tensor) => asFloat32(await rules.asTensor(tensor, 'tensor').data()),
    // dataSync: on webgl it blocks until the GPU is done; cpu and wasm hold the data on the host.
    toArraySync: (tensor) => asFloat32(rules.asTensor(tensor, 'tensor').dataSync()),
    shapeOf: (tensor) => rules.asTensor(tensor, 'tensor').shape,
    dispose: (...tensors) => {
      for (const t of tensors) if (t instanceof tf.Tensor) t.dispose();
    },

    uniformNoise: (shape, source) => hostNoise(path, 'uniform', validateShape(shape), source),
    gumbelNoise: (shape, source) => hostNoise(path, 'gumbel', validateShape(shape), source),
    gumbelFromUniforms: (uniforms) => mapUniforms(uniforms, gumbelFromUniformsMath),
    logisticNoise: (shape, source) => hostNoise(path, 'logistic', validateShape(shape), source),
    logisticFromUniforms: (uniforms) => mapUniforms(uniforms, logisticFromUniformsMath),
    conditionalGumbelNoise: (logits, index, source) => conditionalGumbelOnHost(rules, logits, index, source),

    ...relaxedKernels(rules),
    ...densityKernels(rules),
  };
  return Object.freeze(backend);
}
