export { createCpuBackend } from './create-cpu-backend.js';
export type { CpuBackendOptions } from './create-cpu-backend.js';
export type { CpuBackend, CpuPath } from './cpu-backend-types.js';
export type { CpuTensor } from './tensor.js';
export { isCpuTensor } from './tensor.js';
export { wasmSimdAvailable } from '@gumbel/wasm-simd';
