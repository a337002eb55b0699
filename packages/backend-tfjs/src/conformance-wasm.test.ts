import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { describeBackend } from '@gumbel/conformance';
import { expect } from 'vitest';
import { createTfjsBackend } from './index.js';

// The wasm binary is read from the installed @tensorflow/tfjs-backend-wasm package (no network).
describeBackend({
  name: 'tfjs wasm',
  create: async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const backend = createTfjsBackend();
    expect(backend.mode).toBe('wasm');
    return backend;
  },
});
