import { describeBackend } from '@gumbel/conformance';
import { createGpujsBackend } from './index.js';

// GPU.js's cpu mode runs the same kernel sources as the GL modes (translated to JS); the WebGL2 run
// of the suite is in browser/webgl.test.ts.
describeBackend({ name: 'gpujs cpu mode', create: () => createGpujsBackend({ mode: 'cpu' }) });
