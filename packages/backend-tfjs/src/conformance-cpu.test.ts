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

// The same suite with seeded noise from the plain-JS host generator (core's fillUniforms, the
// transforms as tf ops): the path taken where WebAssembly SIMD is missing.
describeBackend({
  name: 'tfjs cpu, hostNoise js',
  create: async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const backend = createTfjsBackend({ hostNoise: 'js' });
    expect(backend.hostNoise).toBe('js');
    return backend;
  },
});
