// Where a training step's time goes, by tfjs kernel (after `pnpm exec turbo run build --filter=@gumbel/vae`):
//   node apps/vae/scripts/profile-kernels.mjs [estimator] [steps] [backend] [--plain]
// (VAE_DIST=dir points it at another build of apps/vae, for A/B timings; --plain skips the profiler.)
// The paper-full model and data (20 × 10 latents, batch 100, a slice of the full MNIST's training
// digits). `steps` whole training steps (sampling, gradients, Adam) run under tf.profile; each kernel's
// wall time (tfjs-wasm and tfjs-cpu time kernels synchronously) is summed by kernel name — real
// kernels only: tf.profile also lists scopes (customGrad's "unnamed scope", named ops), which contain
// kernels and would count them twice — and grouped: matMul, transposes (our matMulPlainGrad's
// backward), Adam's elementwise kernels are among "other kernels". What is not in any kernel is JS:
// the tape, argument checks, and our host-side work (Threefry noise, estimators' host arithmetic).
// Prints a JSON summary as the last line.
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';

const dist = process.env.VAE_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { useBackend, createVae, createStep, pixelMeans } = await import(`${dist}/index.js`);
const { loadFullMnist } = await import(`${dist}/mnist-full-node.js`);
const { minibatchTensor } = await import(`${dist}/minibatch.js`);

const args = process.argv.slice(2).filter((a) => a !== '--plain');
const plainOnly = process.argv.includes('--plain');
const [estimator = 'relaxed-gs', stepsRaw = '200', backend = 'wasm'] = args;
const steps = Number(stepsRaw);
await useBackend(backend);
// The profiler reads every kernel's output back to look for NaN unless told not to.
tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
const data = loadFullMnist({ train: 5000, valid: 1, test: 1 }).train;
const vae = createVae({ latents: 20, classes: 10 }, 0, pixelMeans(data.pixels, data.count));
const opt = tf.train.adam(1e-3);
const step = createStep(estimator, 0);
const rng = CounterRng.fromSeed(0);
const oneStep = async () => {
  const x = minibatchTensor(data, rng, 100);
  const { grads } = await step(vae, { x, tau: 0.9, rng });
  opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
  tf.dispose([x, ...Object.values(grads)]);
};
for (let i = 0; i < 5; i++) await oneStep(); // warm-up (wasm compiles, Adam makes its moments)
if (plainOnly) {
  const t = performance.now();
  for (let i = 0; i < steps; i++) await oneStep();
  const ms = (performance.now() - t) / steps;
  console.log(JSON.stringify({ estimator, backend, dist, steps, plainMsPerStep: ms, stepsPerSecond: 1000 / ms }));
  process.exit(0);
}
const byKernel = new Map();
let wall = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  const info = await tf.profile(oneStep);
  wall += performance.now() - t0;
  for (const k of info.kernels) {
    if (tf.getKernel(k.name, tf.getBackend()) === undefined) continue; // a scope, not a kernel
    const ms = await k.kernelTimeMs;
    const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls += 1;
    e.ms += typeof ms === 'number' ? ms : 0;
    byKernel.set(k.name, e);
  }
}
// The same steps without the profiler: its bookkeeping is not part of a real step.
const t1 = performance.now();
for (let i = 0; i < steps; i++) await oneStep();
const plainMs = (performance.now() - t1) / steps;
const rows = [...byKernel.entries()].map(([name, e]) => ({ name, calls: e.calls / steps, ms: e.ms / steps })).sort((a, b) => b.ms - a.ms);
const group = (r) => (/MatMul/.test(r.name) ? 'matMul' : r.name === 'Transpose' ? 'transpose' : 'other kernels');
const groups = {};
for (const r of rows) groups[group(r)] = (groups[group(r)] ?? 0) + r.ms;
const kernelMs = rows.reduce((s, r) => s + r.ms, 0);
console.log(`${estimator} on tfjs-${backend}, batch 100, ${steps} profiled steps: ${(wall / steps).toFixed(1)} ms/step under the profiler, ${plainMs.toFixed(1)} ms/step without (${(1000 / plainMs).toFixed(2)} steps/s)`);
for (const r of rows.slice(0, 25)) console.log(`  ${r.name.padEnd(22)} ${r.calls.toFixed(1).padStart(6)} calls ${r.ms.toFixed(2).padStart(8)} ms`);
console.log(`  kernels ${kernelMs.toFixed(1)} ms: ${Object.entries(groups).map(([g, ms]) => `${g} ${ms.toFixed(1)}`).join(', ')}; outside kernels (JS, tape, host noise) ${(wall / steps - kernelMs).toFixed(1)} ms`);
console.log(JSON.stringify({ estimator, backend, steps, profiledMsPerStep: wall / steps, plainMsPerStep: plainMs, kernelMs, groups, top: rows.slice(0, 12) }));
