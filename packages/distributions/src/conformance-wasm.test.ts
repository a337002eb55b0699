/**
 * The distributions conformance suite on tfjs-backend-wasm in Node (its own file: tfjs has one
 * active backend per process, and the cpu run lives in conformance.test.ts). The wasm binary is read
 * from the installed package, no network.
 */
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { describeDistributions } from './test-support/conformance.js';
import { tfjsTape } from './tfjs/index.js';

describeDistributions('tfjs wasm', async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  const backend = createTfjsBackend();
  expect(backend.mode).toBe('wasm');
  return backend;
}, { tape: tfjsTape });
