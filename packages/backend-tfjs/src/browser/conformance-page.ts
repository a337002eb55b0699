/**
 * Browser entry of the WebGL run: switches tfjs to its webgl backend, runs the whole conformance
 * suite on `createTfjsBackend()` through the vitest shim, checks the customGrad op's gradient
 * against the CPU reference and that 1,000 forward+backward steps leave `tf.memory()` (tensors and
 * GPU bytes) unchanged, and publishes it all on `globalThis.__gumbelTfjs`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgl';
import { describeBackend } from '@gumbel/conformance';
import { createCpuBackend, wasmSimdAvailable } from '@gumbel/backend-cpu';
import { fillUniforms, reserveFrom } from '@gumbel/core';
import { createTfjsBackend } from '../index.js';
import { gumbelSoftmax } from '../ops/gumbel-softmax.js';
import { runRegistered } from '@gumbel/browser-testing/vitest-shim';
import { manifestOf } from '@gumbel/browser-testing/manifest';
import type { BackendManifest } from '@gumbel/browser-testing/manifest';

interface Check { readonly name: string; readonly ok: boolean; readonly detail: string }

async function opChecks(): Promise<Check[]> {
  const cpu = createCpuBackend({ precision: 64 });
  const values = Array.from({ length: 6 * 5 }, (_, i) => Math.sin(1.3 * i) * 2);
  const weights = Array.from({ length: 6 * 5 }, (_, i) => Math.cos(0.7 * i));
  const logits = tf.tensor(values, [6, 5]);
  const w = tf.tensor(weights, [6, 5]);
  const tau = tf.tensor1d([0.3, 0.5, 1, 1.5, 2, 3]);
  const [dl, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { tau: t, seed: 17 }))))([logits, tau]);
  const args = { logits: cpu.fromArray(values, [6, 5]), tau: cpu.fromArray([0.3, 0.5, 1, 1.5, 2, 3], [6]), noise: cpu.gumbelNoise([6, 5], 17) };
  const ref = cpu.relaxedSampleVjp({ ...args, y: cpu.relaxedSample(args), dy: cpu.fromArray(weights, [6, 5]) });
  const worst = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let m = 0;
    for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / (1e-3 + Math.abs(b[i] as number)));
    return m;
  };
  const el = worst(await dl!.data(), ref.dLogits.data);
  const et = worst(await dt!.data(), ref.dTau.data);
  tf.dispose([logits, w, tau, dl!, dt!]);
  // float32 on the GPU (SwiftShader): exp/log to a few ulps, sums of 5 terms: 1e-4 relative.
  return [{ name: 'gumbelSoftmax gradient (logits, per-row τ) = CPU VJP on webgl', ok: el < 1e-4 && et < 1e-4, detail: `worst scaled errors ${el.toExponential(2)}, ${et.toExponential(2)}` }];
}

/** Seeded uniforms in the browser are core's fillUniforms bit for bit, on the generator `auto` picks (wasm-simd in Chromium). */
async function hostNoiseCheck(): Promise<Check> {
  const backend = createTfjsBackend();
  const n = 300 * 250; // crosses the wasm kernels' 2^16-element chunk boundary
  const u = backend.uniformNoise([300, 250], 42);
  const got = new Uint32Array((await u.data()).buffer.slice(0));
  u.dispose();
  const ref = new Float32Array(n);
  fillUniforms(ref, reserveFrom(42, n));
  const want = new Uint32Array(ref.buffer);
  let diffs = 0;
  for (let i = 0; i < n; i++) if (got[i] !== want[i]) diffs++;
  const expected = wasmSimdAvailable() ? 'wasm-simd' : 'js';
  return {
    name: 'seeded uniforms = core fillUniforms bit for bit',
    ok: diffs === 0 && got.length === n && backend.hostNoise === expected,
    detail: `hostNoise ${backend.hostNoise} (expected ${expected}), ${diffs} of ${n} differ`,
  };
}

async function leakCheck(steps: number): Promise<Check> {
  const logits = tf.variable(tf.randomNormal([16, 8], 0, 1, 'float32', 1));
  const tau = tf.variable(tf.scalar(0.8));
  const optimizer = tf.train.sgd(1e-3);
  const step = (i: number): void => {
    optimizer.minimize(() => tf.sum(tf.square(gumbelSoftmax(logits, { tau, hard: i % 2 === 0, seed: i }))) as tf.Scalar, false);
  };
  step(0);
  await logits.data();
  const before = tf.memory();
  for (let i = 1; i <= steps; i++) step(i);
  await logits.data();
  const after = tf.memory();
  tf.dispose([logits, tau]);
  optimizer.dispose();
  return {
    name: `no growth over ${steps} forward+backward steps`,
    ok: after.numTensors === before.numTensors && after.numBytes === before.numBytes,
    detail: `tensors ${before.numTensors} → ${after.numTensors}, bytes ${before.numBytes} → ${after.numBytes}`,
  };
}

/** Published with the results: the driver lists the expected cases under the same name. */
const SUITE = 'tfjs webgl';

async function main(): Promise<unknown> {
  const ok = await tf.setBackend('webgl');
  await tf.ready();
  let manifest: BackendManifest | undefined;
  describeBackend({ name: SUITE, create: () => { const b = createTfjsBackend(); manifest = manifestOf(b); return b; } });
  const results = await runRegistered();
  const checks = [...(await opChecks()), await hostNoiseCheck(), await leakCheck(1000)];
  const gl = tf.backend() as unknown as { gpgpu?: { gl?: { getParameter(p: number): unknown } } };
  return {
    setBackend: ok,
    backend: tf.getBackend(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderer: String(gl.gpgpu?.gl?.getParameter(0x1f01) ?? ''),
    userAgent: (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent,
    suite: SUITE,
    manifest,
    results,
    checks,
  };
}

(globalThis as unknown as { __gumbelTfjs: Promise<unknown> }).__gumbelTfjs = main().catch((error: unknown) => ({
  fatal: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
}));
