export * from './errors.js';
export * from './validate.js';
export * from './threefry.js';
export * from './counter-rng.js';
export type * from './backend.js';
