export { CHUNK_ELEMENTS, WasmArena, wasmSimdAvailable } from './runtime.js';
export type { KernelExports } from './runtime.js';
export { NOISE_GUMBEL, NOISE_LOGISTIC, NOISE_UNIFORM, fillFromUniforms, fillNoise } from './noise.js';
export type { NoiseKind } from './noise.js';
