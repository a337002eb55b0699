import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeBackend } from '@gumbel/conformance';
import { expect } from 'vitest';
import { createTfjsBackend } from './index.js';

describeBackend({
  name: 'tfjs cpu',
  create: async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const backend = createTfjsBackend();
    expect(backend.mode).toBe('cpu');
    return backend;
  },
});
