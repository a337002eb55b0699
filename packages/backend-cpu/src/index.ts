export { createCpuBackend } from './create-cpu-backend.js';
export type { CpuBackendOptions } from './create-cpu-backend.js';
export type { CpuTensor } from './tensor.js';
export { isCpuTensor } from './tensor.js';
