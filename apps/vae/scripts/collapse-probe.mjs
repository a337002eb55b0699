// Is a run in posterior collapse? (after `pnpm --filter @gumbel/vae build`)
//   node apps/vae/scripts/collapse-probe.mjs <run folder holding checkpoint/> [digits = 1000] [m = 4]
// On the first `digits` validation digits, at the checkpoint's weights:
//   - KL(q(z | x) ‖ uniform), nats per digit (0: the encoder says nothing about x);
//   - the spread of f = −log p(x | z) over m joint hard samples z ~ q(z | x) per digit (standard
//     deviation, mean over digits): what REINFORCE's leave-one-out baseline sees, f_s − mean of the
//     others = m/(m − 1)·(f_s − mean); 0 means its score term is exactly 0;
//   - the same spread with z drawn uniformly at random: whether the decoder reads z at all.
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { createVae, klToUniform, loadCheckpointTensors, readCheckpointState, reconstructionNll, useBackend } from '../dist/index.js';
import { loadRunData } from '../dist/trainer.js';

const [run, digitsRaw = '1000', mRaw = '4'] = process.argv.slice(2);
if (run === undefined) {
  process.stderr.write('usage: node apps/vae/scripts/collapse-probe.mjs <run folder> [digits] [m]\n');
  process.exit(2);
}
const digits = Number(digitsRaw);
const m = Number(mRaw);
await useBackend('wasm');
const { config, step } = await readCheckpointState(run);
const vae = createVae(config, config.seed);
await loadCheckpointTensors(run, vae, tf.train.adam(config.lr));
const { evalSet } = loadRunData({ ...config, evalSubset: digits });
const x = tf.tensor2d(evalSet.pixels.subarray(0, digits * 784), [digits, 784]);
const rng = CounterRng.fromSeed(7);
const n = config.latents;
const k = config.classes;

const spreadOfF = (logits) => tf.tidy(() => {
  // m joint draws per digit: rows b·m + s, each N one-hot rows of K.
  const rep = tf.reshape(tf.tile(tf.reshape(logits, [digits, 1, n * k]), [1, m, 1]), [digits * m * n, k]);
  const z = tf.reshape(gumbelSoftmax(rep, { tau: 1, hard: true, seed: rng }), [digits * m, n * k]);
  const xRep = tf.reshape(tf.tile(tf.reshape(x, [digits, 1, 784]), [1, m, 1]), [digits * m, 784]);
  const f = tf.reshape(reconstructionNll(xRep, vae.decode(z)), [digits, m]);
  const { variance } = tf.moments(f, 1);
  return tf.mean(tf.sqrt(tf.mul(variance, m / (m - 1)))).dataSync()[0];
});
const logits = vae.encode(x);
const kl = tf.mean(klToUniform(logits, n)).dataSync()[0];
const posterior = spreadOfF(logits);
const uniform = spreadOfF(tf.zerosLike(logits));
console.log(JSON.stringify({ run, step, estimator: config.estimator, digits, m, klToUniform: +kl.toFixed(4), fSpreadPosterior: +posterior.toFixed(4), fSpreadUniformZ: +uniform.toFixed(4) }));
