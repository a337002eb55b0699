#!/usr/bin/env node
// How much dearer is a convolutional M2 step (Jang et al. §4.3's kind of network; their sizes are only in an
// image, these are guessed: two stride-2 5×5 convolutions per inference network, a dense layer and two
// stride-2 transposed convolutions in the decoder) than our MLP M2 step? The gradient of a one-sample
// objective on 100 + 100 random binary digits, the two models alternating in rounds; only the ratio is read.
//   BACKEND=cpu node apps/semisupervised/scripts/conv-cost.mjs      (BACKEND=wasm fails in tfjs 4.22: no
//   Conv2DBackpropFilter kernel; session 6 on cpu: the first conv step had not finished after 104 s of CPU)
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@gumbel/mnist-shared/node';
import { createM2, KINGMA_SHAPE, semiSupervisedLoss, normalNoise } from '../dist/index.js';
await useBackend(process.env.BACKEND ?? 'wasm');
const B = 100, k = 10, d = 50;
const v = (shape, s = 0.05) => tf.variable(tf.randomNormal(shape, 0, s));
const P = {
  cls: { c1: v([5, 5, 1, 32]), c2: v([5, 5, 32, 64]), w: v([3136, k]) },
  enc: { c1: v([5, 5, 1, 32]), c2: v([5, 5, 32, 64]), wy: v([k, 3136]), w: v([3136, 2 * d]) },
  dec: { w: v([k + d, 3136]), t1: v([5, 5, 32, 64]), t2: v([5, 5, 16, 32]), c3: v([5, 5, 16, 1]) },
};
const trunk = (x, n) => tf.relu(tf.conv2d(tf.relu(tf.conv2d(tf.reshape(x, [-1, 28, 28, 1]), n.c1, 2, 'same')), n.c2, 2, 'same'));
const classify = (x) => tf.matMul(tf.reshape(trunk(x, P.cls), [-1, 3136]), P.cls.w);
const encode = (x, y) => tf.matMul(tf.relu(tf.add(tf.reshape(trunk(x, P.enc), [-1, 3136]), tf.matMul(y, P.enc.wy))), P.enc.w);
const decode = (y, z) => {
  const h = tf.reshape(tf.relu(tf.matMul(tf.concat([y, z], 1), P.dec.w)), [-1, 7, 7, 64]);
  const h1 = tf.relu(tf.conv2dTranspose(h, P.dec.t1, [h.shape[0], 14, 14, 32], 2, 'same'));
  const h2 = tf.relu(tf.conv2dTranspose(h1, P.dec.t2, [h.shape[0], 28, 28, 16], 2, 'same'));
  return tf.reshape(tf.conv2d(h2, P.dec.c3, 1, 'same'), [-1, 784]);
};
const x = tf.cast(tf.greater(tf.randomUniform([2 * B, 784]), 0.8), 'float32');
const y = tf.softmax(tf.randomNormal([2 * B, k]));
const convLoss = () => {
  const logits = classify(x);
  const stats = encode(x, tf.softmax(logits));
  const z = tf.slice(stats, [0, 0], [-1, d]);
  const out = decode(y, z);
  return tf.mean(tf.sum(tf.sub(tf.softplus(out), tf.mul(x, out)), 1));
};
const convVars = Object.values(P).flatMap((n) => Object.values(n));
const m2 = createM2(KINGMA_SHAPE, 0);
const batch = { labelledX: tf.slice(x, [0, 0], [B, -1]), labels: tf.tensor1d(Array.from({ length: B }, (_, i) => i % k)), unlabelledX: tf.slice(x, [B, 0], [B, -1]) };
const eL = normalNoise(B, d, 1), eU = normalNoise(B, d, 2);
const mlpLoss = () => semiSupervisedLoss(m2, batch, eL, eU, { method: 'relaxed-gs', tau: 1, alpha: 200, seed: 3 });
const mlpVars = m2.params.map(([, v]) => v);
const time = async (f, vars, n) => { const t = performance.now(); for (let i = 0; i < n; i++) { const { value, grads } = tf.variableGrads(f, vars); await value.data(); tf.dispose([value, ...Object.values(grads)]); } return (performance.now() - t) / n; };
console.error("warm"); await time(convLoss, convVars, 1); console.error("conv warm"); await time(mlpLoss, mlpVars, 1); console.error("mlp warm");
let c = 0, m = 0;
for (let r = 0; r < 2; r++) { c += await time(convLoss, convVars, 2); m += await time(mlpLoss, mlpVars, 4); console.error("round", r, c, m); }
console.log(JSON.stringify({ convMsPerStep: +(c / 2).toFixed(0), mlpMsPerStep: +(m / 2).toFixed(0), ratio: +(c / m).toFixed(2), load: (await import('node:os')).loadavg() }));
