/**
 * Browser entry of the distributions conformance run (`?target=tfjs-webgl|gpujs-webgl2`): registers
 * the suite on the real WebGL backend, runs it through the vitest shim, and publishes the results
 * with the backend's manifest (the driver derives the expected case list from it) on
 * `globalThis.__gumbelDistributions`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgl';
import { createGpujsBackend } from '@gumbel/backend-gpujs';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import type { Backend } from '@gumbel/core';
import { manifestOf } from '@gumbel/browser-testing/manifest';
import type { BackendManifest } from '@gumbel/browser-testing/manifest';
import { runRegistered } from '@gumbel/browser-testing/vitest-shim';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { Categorical, kl, klVjp } from '../index.js';
import { describeDistributions } from '../test-support/conformance.js';
import type { DistributionsSuiteOptions } from '../test-support/conformance.js';
import { tfjsTape } from '../tfjs/index.js';
import { TARGETS, suiteName } from './targets.js';
import type { Target } from './targets.js';

/** The backend under test; tfjs falls back to cpu silently, so its backend is checked by the page. */
async function createTarget(target: Target): Promise<Backend<unknown>> {
  if (target === 'tfjs-webgl') {
    if (!(await tf.setBackend('webgl'))) throw new Error('tf.setBackend("webgl") failed');
    await tf.ready();
    return createTfjsBackend() as Backend<unknown>;
  }
  return createGpujsBackend({ mode: 'webgl2' }) as Backend<unknown>;
}

/**
 * The tensor-native KL's gradient on webgl (the suite checks values only; gradients need tf.grad):
 * tf.grads of Σ w·kl(p, q) equal the float64 CPU VJP, and nothing leaks.
 */
function nativeKlGradientCheck(backend: Backend<unknown>): { name: string; ok: boolean; detail: string } {
  const cpu = createCpuBackend({ precision: 64 });
  const P = [0.2, -1, 1.5, 0, -Infinity, 0.3, 2, 1, -3];
  const Q = [0.1, 0.4, -2];
  const W = [0.7, -1.3, 0.4];
  const before = tf.memory().numTensors;
  const tape = tfjsTape();
  const [xp, xq, w] = [tf.tensor(P, [3, 3]), tf.tensor(Q, [3]), tf.tensor(W, [3])];
  const make = (l: tf.Tensor) => new Categorical({ backend: backend as Backend<tf.Tensor>, tape, logits: l });
  const [gp, gq] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(kl(make(a), make(b)), w)))([xp, xq]);
  const ref = klVjp(new Categorical({ backend: cpu, logits: cpu.fromArray(P, [3, 3]) }), new Categorical({ backend: cpu, logits: cpu.fromArray(Q, [3]) })).backwardSync(cpu.fromArray(W, [3]));
  let worst = 0;
  const compare = (got: ArrayLike<number>, want: ArrayLike<number>) => {
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / (1e-3 + Math.abs(want[i] as number)));
  };
  compare(gp!.dataSync(), cpu.toArraySync(ref['p.logits']!));
  compare(gq!.dataSync(), cpu.toArraySync(ref['q.logits']!));
  tf.dispose([xp, xq, w, gp!, gq!]);
  const leaked = tf.memory().numTensors - before;
  return { name: 'tfjsTape categoricalKl gradient = CPU VJP on webgl', ok: worst < 1e-4 && leaked === 0, detail: `worst scaled error ${worst.toExponential(2)}, ${leaked} tensors leaked` };
}

async function main(): Promise<unknown> {
  const target = new URLSearchParams((globalThis as unknown as { location: { search: string } }).location.search).get('target') as Target;
  if (!TARGETS.includes(target)) throw new Error(`unknown target ${String(target)}`);
  let manifest: BackendManifest | undefined;
  describeDistributions(suiteName(target), async () => {
    const backend = await createTarget(target);
    manifest = manifestOf(backend);
    return backend;
  }, target === 'tfjs-webgl' ? ({ tape: tfjsTape } as DistributionsSuiteOptions<unknown>) : {});
  const results = await runRegistered((r) => console.log(`[${r.state}] ${r.name}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`));
  const checks = target === 'tfjs-webgl' ? [nativeKlGradientCheck(await createTarget(target))] : [];
  return { manifest, results, checks, userAgent: (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent };
}

(globalThis as unknown as { __gumbelDistributions: Promise<unknown> }).__gumbelDistributions = main().catch((error: unknown) => ({
  fatal: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
}));
