import { describeBackend } from '@gumbel/conformance';
import { createCpuBackend } from './index.js';

describeBackend({ name: 'cpu float64', create: () => createCpuBackend({ precision: 64 }) });
describeBackend({ name: 'cpu float32 js', create: () => createCpuBackend({ precision: 32, path: 'js' }) });
describeBackend({ name: 'cpu float32 wasm-simd', create: () => createCpuBackend({ precision: 32, path: 'wasm-simd' }) });
