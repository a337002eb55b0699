/** tfjs-core with the cpu and webgl engines registered (side-effect imports), loaded only on demand. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

export { getBackend, ready, setBackend } from '@tensorflow/tfjs-core';
