export { createTfjsBackend } from './create-tfjs-backend.js';
export type { TfjsBackendOptions } from './create-tfjs-backend.js';
