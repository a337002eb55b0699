// The cost of the KL term in a training step (issue 14): a relaxed-GS step (forward, tf.variableGrads,
// Adam) with the app's `klToUniform` (@gumbel/distributions' kl on tfjsTape, its tensor-native kernel),
// with the same kl on the host path (a tape without kernels: float64 host math, a read of the logits
// and of the upstream gradient per step), and with the hand-written tf formula the app used before,
// interleaved step by step so that the machine's load hits all alike.
// After `pnpm exec turbo run build --filter=@gumbel/vae`:
//   node apps/vae/scripts/bench-kl.mjs [wasm|cpu] [steps per variant] [dist folder, default ../dist]
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { createTfjsBackend, gumbelSoftmax } from '@gumbel/backend-tfjs';
import { Categorical, kl } from '@gumbel/distributions';
import { tfjsTape } from '@gumbel/distributions/tfjs';

const [backendName = 'wasm', stepsRaw = '200', dist = new URL('../dist', import.meta.url).pathname] = process.argv.slice(2);
const { useBackend, loadBinarizedMnist, createVae, reconstructionNll, klToUniform } = await import(`${dist}/index.js`);
const steps = Number(stepsRaw);
await useBackend(backendName);
const data = loadBinarizedMnist();
const latents = 20;
const classes = 10;

/** The formula apps/vae hand-wrote before it used the distributions (Σ q log q + log K per latent). */
function handWrittenKl(logits, n) {
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(logits);
    const perLatent = tf.add(tf.sum(tf.mul(tf.exp(logQ), logQ), 1), Math.log(logits.shape[1]));
    return tf.sum(tf.reshape(perLatent, [-1, n]), 1);
  });
}

/** The same KL on the host path: tfjsTape's recording without its kernels. */
const hostTape = { record: tfjsTape().record };
const backend = createTfjsBackend({ validateContents: false });
function hostPathKl(logits, n) {
  return tf.tidy(() => {
    const q = new Categorical({ backend, tape: hostTape, logits, validateArgs: false });
    const u = new Categorical({ backend, tape: hostTape, logits: tf.zeros([logits.shape[1]]), validateArgs: false });
    return tf.sum(tf.reshape(kl(q, u), [-1, n]), 1);
  });
}

// One model and optimiser per variant, so neither sees the other's updates.
const variants = [
  { label: 'hand-written tf KL', kl: handWrittenKl },
  { label: 'klToUniform (tensor-native)', kl: klToUniform },
  { label: 'kl on the host path', kl: hostPathKl },
].map((v) => ({ ...v, vae: createVae({ latents, classes }, 0), opt: tf.train.adam(1e-3), rng: CounterRng.fromSeed(0), ms: [] }));

const x = tf.tensor2d(data.train.pixels.subarray(0, 100 * 784), [100, 784]);
async function step(v) {
  const vars = v.vae.params.map(([, p]) => p);
  const t0 = performance.now();
  const { value, grads } = tf.variableGrads(() => {
    const logits = v.vae.encode(x);
    const z = gumbelSoftmax(logits, { tau: 1, seed: v.rng });
    return tf.mean(tf.add(reconstructionNll(x, v.vae.decode(z)), v.kl(logits, latents)));
  }, vars);
  await value.data();
  v.opt.applyGradients(grads);
  await vars[0].data();
  const ms = performance.now() - t0;
  tf.dispose([value, ...Object.values(grads)]);
  return ms;
}
for (const v of variants) for (let i = 0; i < 5; i++) await step(v); // warm-up
const before = tf.memory().numTensors;
for (let i = 0; i < steps; i++) for (const v of i % 2 === 0 ? variants : [...variants].reverse()) v.ms.push(await step(v));
const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
for (const v of variants) console.log(`${v.label.padEnd(30)} median ${median(v.ms).toFixed(2)} ms/step  (${(1000 / median(v.ms)).toFixed(2)} steps/s)`);
for (const v of variants.slice(1)) console.log(`${v.label}: ratio to the hand-written KL ${(median(v.ms) / median(variants[0].ms)).toFixed(3)}`);
console.log(`(${backendName}, ${steps} steps each, interleaved; leaked tensors ${tf.memory().numTensors - before})`);
