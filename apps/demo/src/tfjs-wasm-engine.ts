/**
 * tfjs's WebAssembly engine, loaded only on demand. Its .wasm binaries are served from the installed
 * @tensorflow/tfjs-backend-wasm package (Vite emits them as assets, `?url`), never from a CDN, which
 * is tfjs's default. tfjs picks the SIMD build where the browser has WebAssembly SIMD, and the
 * threaded one only on a cross-origin-isolated page (SharedArrayBuffer), which `vite preview` is not.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({ 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd });
