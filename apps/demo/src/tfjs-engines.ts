/** tfjs-core with the cpu and webgl engines registered (side-effect imports), loaded only on demand. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

export { getBackend, memory, ready, setBackend } from '@tensorflow/tfjs-core';

