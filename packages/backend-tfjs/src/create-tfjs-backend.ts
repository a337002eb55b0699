/**
 * `createTfjsBackend`: `Backend<tf.Tensor>` over @tensorflow/tfjs-core ops, so it runs on whichever
 * tfjs backend is active (cpu, wasm, webgl). Every kernel checks its arguments on the host, then
 * runs its math inside `tf.tidy`, so intermediates never leak; returned tensors belong to the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelTypeError, validateLength } from '@gumbel/core';
import type { Backend, BackendCapabilities } from '@gumbel/core';
import { asTensor, uniformsTensor, validateShape } from './args.js';
import type { CheckOptions } from './args.js';
import { conditionalGumbelOnHost } from './conditional-gumbel.js';
import { densityKernels } from './density-kernels.js';
import { gumbelFromUniformsMath, hostUniforms, logisticFromUniformsMath } from './math/noise.js';
import { relaxedKernels } from './relaxed-kernels.js';

export interface TfjsBackendOptions {
  /**
   * Read tensor contents back to the host to check them (logits for NaN/+∞ and all-masked rows,
   * per-row τ, host uniforms). Default true. Each check is a `dataSync` of that tensor: a copy on
   * cpu/wasm, a GPU round trip on webgl. Shapes and number arguments are always checked.
   */
  readonly validateContents?: boolean;
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

function resolveCheck(options: unknown): CheckOptions {
  if (options === undefined) return { contents: true };
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const v: unknown = (options as { validateContents?: unknown }).validateContents;
  if (v !== undefined && typeof v !== 'boolean') throw new GumbelTypeError('options.validateContents', v, 'a boolean or undefined');
  return { contents: v ?? true };
}

/** The tfjs backend that is active now: `mode` reports it (`cpu`, `wasm`, `webgl`…). */
export function createTfjsBackend(options?: TfjsBackendOptions): Backend<tf.Tensor> {
  const check = resolveCheck(options);
  const mapUniforms = (value: unknown, f: (u: tf.Tensor) => tf.Tensor): tf.Tensor => {
    const u = uniformsTensor(value, check);
    return tf.tidy(() => f(tf.cast(u, 'float32')));
  };
  const backend: Backend<tf.Tensor> = {
    name: 'tfjs',
    get mode() {
      return tf.getBackend();
    },
    floatPrecision: 32,
    supports: CAPABILITIES,

    fromArray: (values, shape) => {
      const s = validateShape(shape);
      validateLength(values, s.reduce((a, b) => a * b, 1), 'values', `shape [${s.join(', ')}]`);
      return tf.tensor(Float32Array.from(values), s, 'float32');
    },
    toArray: async (tensor) => {
      const data = await asTensor(tensor, 'tensor').data();
      return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    },
    shapeOf: (tensor) => asTensor(tensor, 'tensor').shape,
    dispose: (...tensors) => {
      for (const t of tensors) if (t instanceof tf.Tensor) t.dispose();
    },

    uniformNoise: (shape, source) => hostUniforms(validateShape(shape), source),
    gumbelNoise: (shape, source) => tf.tidy(() => gumbelFromUniformsMath(hostUniforms(validateShape(shape), source))),
    gumbelFromUniforms: (uniforms) => mapUniforms(uniforms, gumbelFromUniformsMath),
    logisticNoise: (shape, source) => tf.tidy(() => logisticFromUniformsMath(hostUniforms(validateShape(shape), source))),
    logisticFromUniforms: (uniforms) => mapUniforms(uniforms, logisticFromUniformsMath),
    conditionalGumbelNoise: (logits, index, source) => conditionalGumbelOnHost(logits, index, source),

    ...relaxedKernels(check),
    ...densityKernels(check),
  };
  return Object.freeze(backend);
}
