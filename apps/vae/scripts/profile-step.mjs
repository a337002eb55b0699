// Times the parts of a training step (after `pnpm --filter @gumbel/vae build`):
//   node apps/vae/scripts/profile-step.mjs [wasm|cpu] [estimator] [repeats]
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { useBackend, loadBinarizedMnist, createVae, createStep, evaluateNegElbo, reconstructionNll, klToUniform, firstImages } from '../dist/index.js';

const [backend = 'wasm', estimator = 'relaxed-gs', stepsRaw = '30'] = process.argv.slice(2);
const steps = Number(stepsRaw);
await useBackend(backend);
const data = loadBinarizedMnist();
const vae = createVae({ latents: 20, classes: 10 }, 0);
const opt = tf.train.adam(1e-3);
const step = createStep(estimator, 0);
const rng = CounterRng.fromSeed(0);
const x = tf.tensor2d(data.train.pixels.subarray(0, 100 * 784), [100, 784]);
const time = async (label, n, fn) => {
  await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = (performance.now() - t0) / n;
  console.log(`${label.padEnd(44)} ${ms.toFixed(1)} ms`);
  return ms;
};
const vars = vae.params.map(([, v]) => v);
await time('matMul fwd only (encode+decode, batch 100)', steps, async () => {
  const y = tf.tidy(() => vae.decode(tf.softmax(vae.encode(x))));
  await y.data(); y.dispose();
});
await time('fwd+bwd (variableGrads, softmax z, no noise)', steps, async () => {
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.add(reconstructionNll(x, vae.decode(tf.softmax(vae.encode(x)))), klToUniform(vae.encode(x), 20))), vars);
  await value.data(); tf.dispose([value, ...Object.values(grads)]);
});
await time('gumbelSoftmax alone [2000,10]', steps, async () => {
  const l = tf.zeros([2000, 10]);
  const y = gumbelSoftmax(l, { tau: 1, seed: rng }); await y.data(); tf.dispose([l, y]);
});
await time(`estimator step ${estimator} (grads only)`, steps, async () => {
  const { grads } = await step(vae, { x, tau: 1, rng }); tf.dispose(Object.values(grads));
});
await time(`estimator step + adam`, steps, async () => {
  const { grads } = await step(vae, { x, tau: 1, rng });
  opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
  tf.dispose(Object.values(grads));
});
await time('adam alone (zero grads)', steps, async () => {
  const g = vae.params.map(([, v]) => ({ name: v.name, tensor: tf.zerosLike(v) }));
  opt.applyGradients(g); tf.dispose(g.map((a) => a.tensor));
  await vars[0].data();
});
const ev = firstImages(data.heldOut, 1000);
await time('evaluate 1000 digits, m=10', 1, async () => { await evaluateNegElbo(vae, ev, 10); });
console.log('tensors', tf.memory().numTensors);
