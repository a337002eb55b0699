import { createCpuBackend } from '@gumbel/backend-cpu';
import { createGpujsBackend } from '@gumbel/backend-gpujs';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeDistributions } from './test-support/conformance.js';
import { tfjsTape } from './tfjs/index.js';

describeDistributions('cpu float32', () => createCpuBackend({ precision: 32 }));
describeDistributions('cpu float64', () => createCpuBackend({ precision: 64 }));
describeDistributions('tfjs cpu', async () => {
  await tf.setBackend('cpu');
  return createTfjsBackend();
}, { tape: tfjsTape });
describeDistributions('gpujs cpu mode', () => createGpujsBackend({ mode: 'cpu' }));
