// Probe (not used by training): can tfjs-backend-wasm 4.22's threaded build run in Node?
//   node apps/vae/scripts/wasm-threads-probe.mjs [threads]
// Out of the box, no: its WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired false in Node
// (tensorflow/tfjs#3830). Forcing the flag fails with ERR_WORKER_PATH: the Emscripten pthread worker
// is created from a blob: URL, which node:worker_threads refuses. This probe gets past that by
// turning the two Blobs tfjs makes (the worker script and the module factory it posts to each worker)
// into temp files, and by defining the bundler aliases the factory's toString() refers to
// (require$$0…, commonjsGlobal). The threaded module then initialises, but getThreadsCount() reports 1
// thread for setThreadsCount(2) and a [100,784]·[784,512] matMul is no faster (measured 11.2 ms vs
// 12.6 ms with the plain build, load ≈ 14: noise). So the VAE does not use it (README, Speed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'tfjs-wasm-threads-'));
const NativeBlob = globalThis.Blob;
let mainScript;
globalThis.Blob = class RecordingBlob extends NativeBlob {
  constructor(parts, options) {
    super(parts, options);
    this.text0 = parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
    // The factory script that tfjs posts to each pthread worker as a Blob: keep it as a file too.
    // Its toString() names the Node modules by the bundler's aliases: define them.
    if (this.text0?.startsWith('var WasmBackendModuleThreadedSimd')) writeFileSync(join(dir, 'main.js'), `var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n${this.text0}`);
  }
};
const nativeCreate = URL.createObjectURL;
URL.createObjectURL = (blob) => {
  if (blob.text0 === undefined) return nativeCreate(blob);
  if (blob.text0.startsWith('var WasmBackendModuleThreadedSimd')) {
    mainScript = join(dir, 'main.js');
    writeFileSync(mainScript, blob.text0);
    return mainScript;
  }
  // The pthread worker: load the factory from our file instead of a Blob posted to it.
  // tfjs escaped its newlines for the Blob ("\\n"); undo that for a file.
  let src = blob.text0;
  src = src.replace(/if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{var objectUrl=URL\.createObjectURL\(e\.data\.urlOrBlob\);importScripts\(objectUrl\);URL\.revokeObjectURL\(objectUrl\)\}/, `importScripts(${JSON.stringify(mainScript ?? join(dir, 'main.js'))});`);
  const path = join(dir, 'worker.js');
  writeFileSync(path, src);
  return path;
};
const tf = await import('@tensorflow/tfjs-core');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const threads = Number(process.argv[2] ?? 2);
if (threads > 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
wasm.setThreadsCount(threads);
const ok = await tf.setBackend('wasm');
await tf.ready();
console.log('setBackend', ok, 'threads', wasm.getThreadsCount());
const a = tf.randomNormal([100, 784]);
const w = tf.randomNormal([784, 512]);
for (let i = 0; i < 3; i++) { const c = tf.matMul(a, w); await c.data(); c.dispose(); }
const t0 = performance.now();
for (let i = 0; i < 50; i++) { const c = tf.matMul(a, w); await c.data(); c.dispose(); }
console.log('[100,784]x[784,512] ms', ((performance.now() - t0) / 50).toFixed(2));
process.exit(0);
