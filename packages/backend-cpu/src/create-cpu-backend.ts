/**
 * `createCpuBackend`: the reference backend. Plain-JS loops over row-major typed arrays, each row
 * computed in float64 locals and stored in the backend's precision; hand-written VJPs. A float32
 * backend runs its hot kernels (noise, relaxed samples, straight-through, softmax VJP) in
 * WebAssembly SIMD when the engine has it (`mode: 'wasm-simd'`); the JS loops stay the reference.
 */
import { GumbelRangeError, GumbelTypeError, UnsupportedOperationError } from '@gumbel/core';
import type { BackendCapabilities, FloatPrecision } from '@gumbel/core';
import type { CpuBackend, CpuPath } from './cpu-backend-types.js';
import { argsObject, asTensor } from './args.js';
import { intoOut } from './out-buffers.js';
import { MODE_LOG, MODE_SOFT, MODE_STRAIGHT_THROUGH, wasmSoftmax, wasmSoftmaxVjp } from './wasm/wasm-rows.js';
import { wasmFromUniforms, wasmNoise } from './wasm/wasm-noise.js';
import { NOISE_GUMBEL, NOISE_LOGISTIC, NOISE_UNIFORM, WasmArena, wasmSimdAvailable } from '@gumbel/wasm-simd';
import { binConcreteLogProb, binConcreteLogProbVjp } from './bin-concrete.js';
import { hardBernoulli, relaxedBernoulli, relaxedBernoulliVjp } from './bernoulli.js';
import { densityLogProb, densityLogProbVjp } from './concrete-densities.js';
import { conditionalGumbelNoise } from './conditional-gumbel.js';
import { drawUniforms, gumbelFromUniforms, gumbelNoise, logisticFromUniforms, logisticNoise } from './noise.js';
import { relaxedLogSample, relaxedLogSampleVjp, relaxedSample, relaxedSampleVjp } from './relaxed-categorical.js';
import { argmax, gumbelMax, oneHotArgmax, straightThroughSample, topK } from './selection.js';
import { allocate, tensorFromArray } from './tensor.js';
import type { CpuTensor } from './tensor.js';

export interface CpuBackendOptions {
  /** Precision of every tensor the backend makes: 32 (Float32Array, the default) or 64. */
  readonly precision?: FloatPrecision;
  /**
   * Which kernels run: `'auto'` (the default) picks `'wasm-simd'` for float32 where WebAssembly
   * SIMD is available and `'js'` otherwise; `'wasm-simd'` throws where it is missing or for
   * float64 (the wasm kernels are f32x4). The choice is reported in `backend.mode`.
   */
  readonly path?: 'auto' | CpuPath;
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

function resolvePath(options: CpuBackendOptions | undefined, precision: FloatPrecision): CpuPath {
  const path: unknown = options?.path;
  if (path !== undefined && path !== 'auto' && path !== 'wasm-simd' && path !== 'js') {
    throw new GumbelRangeError('options.path', path, "'auto', 'wasm-simd' or 'js'");
  }
  if (path === 'js') return 'js';
  if (path === 'wasm-simd') {
    if (precision !== 32) throw new UnsupportedOperationError('cpu', "path 'wasm-simd'", 'the WebAssembly kernels are float32 (f32x4); use precision 32');
    if (!wasmSimdAvailable()) throw new UnsupportedOperationError('cpu', "path 'wasm-simd'", 'this engine has no WebAssembly SIMD');
    return 'wasm-simd';
  }
  return precision === 32 && wasmSimdAvailable() ? 'wasm-simd' : 'js';
}

/** A copy of a tensor's values: callers own what they read, the tensor stays immutable. */
function copyOut(precision: FloatPrecision, tensor: unknown): Float32Array | Float64Array {
  const { data } = asTensor(tensor, 'tensor');
  const out = allocate(precision, data.length);
  out.set(data);
  return out;
}

function resolvePrecision(options: unknown): FloatPrecision {
  if (options === undefined) return 32;
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const precision: unknown = (options as { precision?: unknown }).precision;
  if (precision === undefined) return 32;
  if (precision !== 32 && precision !== 64) throw new GumbelRangeError('options.precision', precision, '32 or 64');
  return precision;
}

/**
 * The CPU backend. Tensors are plain `CpuTensor` objects, so `dispose` has nothing to free and
 * is a no-op (the garbage collector owns the memory); it is safe to call any number of times.
 * Every argument is checked on the host before any work, and before a random stream advances.
 */
export function createCpuBackend(options?: CpuBackendOptions): CpuBackend {
  const precision = resolvePrecision(options);
  const path = resolvePath(options, precision);
  const js: CpuBackend = {
    name: 'cpu',
    mode: 'js',
    floatPrecision: precision,
    supports: CAPABILITIES,

    fromArray: (values, shape) => tensorFromArray(precision, values, shape),
    // async so that a bad argument surfaces as a rejected promise, like a failed GPU read-back.
    toArray: async (tensor) => copyOut(precision, tensor),
    toArraySync: (tensor) => copyOut(precision, tensor),
    shapeOf: (tensor) => asTensor(tensor, 'tensor').shape,
    dispose: () => {},
    scratchBytes: () => 0,

    uniformNoise: (shape, source, out) => intoOut(drawUniforms(precision, shape, source), out, 'out', precision),
    gumbelNoise: (shape, source, out) => intoOut(gumbelNoise(precision, shape, source), out, 'out', precision),
    gumbelFromUniforms: (uniforms, out) => intoOut(gumbelFromUniforms(precision, uniforms), out, 'out', precision),
    logisticNoise: (shape, source, out) => intoOut(logisticNoise(precision, shape, source), out, 'out', precision),
    logisticFromUniforms: (uniforms, out) => intoOut(logisticFromUniforms(precision, uniforms), out, 'out', precision),
    conditionalGumbelNoise: (logits, index, source) => conditionalGumbelNoise(precision, logits, index, source),

    relaxedLogSample: (args) => intoOut(relaxedLogSample(precision, args), outOf(args), 'out', precision),
    relaxedLogSampleVjp: (args) => relaxedLogSampleVjp(precision, args),
    relaxedSample: (args) => intoOut(relaxedSample(precision, args), outOf(args), 'out', precision),
    relaxedSampleVjp: (args) => {
      const g = relaxedSampleVjp(precision, args);
      const out = outOf(args);
      if (out === undefined) return g;
      const o = argsObject(out, 'out');
      return { dLogits: intoOut(g.dLogits, o['dLogits'], 'out.dLogits', precision), dTau: intoOut(g.dTau, o['dTau'], 'out.dTau', precision) };
    },
    straightThroughSample: (args) => {
      const st = straightThroughSample(precision, args);
      const out = outOf(args);
      if (out === undefined) return st;
      const o = argsObject(out, 'out');
      return { hard: intoOut(st.hard, o['hard'], 'out.hard', precision), soft: intoOut(st.soft, o['soft'], 'out.soft', precision) };
    },
    gumbelMax: (args) => gumbelMax(precision, args),
    argmax: (x) => argmax(precision, x),
    oneHotArgmax: (x) => oneHotArgmax(precision, x),
    topK: (args) => topK(precision, args),

    relaxedBernoulli: (args) => relaxedBernoulli(precision, args),
    relaxedBernoulliVjp: (args) => relaxedBernoulliVjp(precision, args),
    hardBernoulli: (args) => hardBernoulli(precision, args),

    concreteLogProb: (args) => densityLogProb(precision, args, 'concrete'),
    concreteLogProbVjp: (args) => densityLogProbVjp(precision, args, 'concrete'),
    expConcreteLogProb: (args) => densityLogProb(precision, args, 'expConcrete'),
    expConcreteLogProbVjp: (args) => densityLogProbVjp(precision, args, 'expConcrete'),
    binConcreteLogProb: (args) => binConcreteLogProb(precision, args),
    binConcreteLogProbVjp: (args) => binConcreteLogProbVjp(precision, args),
  };
  if (path === 'js') return Object.freeze(js);
  const arena = new WasmArena();
  return Object.freeze({
    ...js,
    mode: 'wasm-simd',
    scratchBytes: () => arena.bytes,
    uniformNoise: (shape, source, out) => wasmNoise(arena, shape, source, NOISE_UNIFORM, out),
    gumbelNoise: (shape, source, out) => wasmNoise(arena, shape, source, NOISE_GUMBEL, out),
    logisticNoise: (shape, source, out) => wasmNoise(arena, shape, source, NOISE_LOGISTIC, out),
    gumbelFromUniforms: (uniforms, out) => wasmFromUniforms(arena, uniforms, NOISE_GUMBEL, out),
    logisticFromUniforms: (uniforms, out) => wasmFromUniforms(arena, uniforms, NOISE_LOGISTIC, out),
    relaxedSample: (args) => wasmSoftmax(arena, args, MODE_SOFT, outOf(args), undefined).soft,
    relaxedLogSample: (args) => wasmSoftmax(arena, args, MODE_LOG, outOf(args), undefined).soft,
    straightThroughSample: (args) => {
      const out = outOf(args);
      const o = out === undefined ? undefined : argsObject(out, 'out');
      const { soft, hard } = wasmSoftmax(arena, args, MODE_STRAIGHT_THROUGH, o?.['soft'], o?.['hard']);
      return { soft, hard: hard as CpuTensor };
    },
    relaxedSampleVjp: (args) => wasmSoftmaxVjp(arena, args, outOf(args)),
  } satisfies CpuBackend);
}

/** The optional `out` of an args object (the args themselves are validated by the kernel). */
function outOf(args: unknown): unknown {
  return typeof args === 'object' && args !== null ? (args as { out?: unknown }).out : undefined;
}
