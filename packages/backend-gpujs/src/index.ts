export { createGpujsBackend } from './create-gpujs-backend.js';
export type { GpujsBackend, GpujsBackendOptions } from './create-gpujs-backend.js';
export { GpujsModeError } from './runtime.js';
export type { GpujsMode, RequestedMode } from './runtime.js';
export { GpujsTensor } from './tensor.js';
