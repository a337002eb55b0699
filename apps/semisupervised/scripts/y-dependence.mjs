#!/usr/bin/env node
// Does a trained M2's generative model use y, and as the digit's class? For each run folder given
// (a checkpoint of train-cli), on the test digits: the mean spread max_y − min_y of −L(x, y) (one
// shared ε per digit), the accuracy of the model's own posterior argmin_y −L(x, y) (uniform p(y)),
// the accuracy of argmax q(y | x), how often the two agree, and the mean entropy of q(y | x).
//   node apps/semisupervised/scripts/y-dependence.mjs [--digits 10000] RUN_DIR... > results/y-dependence.json
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { createM2, createTrainer, KINGMA_SHAPE, labelledNegBound, negEntropy, normalNoise } from '../dist/index.js';
import { loadCheckpointTensors, loadFullMnist, readCheckpointState, useBackend } from '@gumbel/mnist-shared/node';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { digits: { type: 'string', default: '10000' } } });
const n = Number(values.digits);
await useBackend('wasm');
const d = loadFullMnist({ train: 0, valid: 0, test: n }).test;
const results = [];
for (const out of positionals) {
  const state = await readCheckpointState(out);
  const m = createM2(KINGMA_SHAPE, state.config.seed);
  const trainer = createTrainer(m, state.config);
  await loadCheckpointTensors(out, m, trainer.optimizer);
  const k = m.classes;
  let spread = 0, generativeRight = 0, classifierRight = 0, agree = 0, entropy = 0;
  for (let start = 0; start < n; start += 500) {
    const rows = Math.min(500, n - start);
    const x = tf.tensor2d(d.pixels.subarray(start * 784, (start + rows) * 784), [rows, 784]);
    const eps = normalNoise(rows, m.latent, start);
    const hx = m.encoderInput(x);
    const negL = [];
    for (let c = 0; c < k; c++) {
      const y = tf.cast(tf.oneHot(tf.fill([rows], c, 'int32'), k), 'float32');
      const v = labelledNegBound(m, hx, x, y, eps);
      negL.push(await v.data());
      tf.dispose([y, v]);
    }
    const logitsT = m.classify(x);
    const logits = await logitsT.data();
    const negH = negEntropy(logitsT);
    for (const v of await negH.data()) entropy -= v;
    tf.dispose([x, eps, hx, logitsT, negH]);
    for (let i = 0; i < rows; i++) {
      let lo = Infinity, hi = -Infinity, arg = -1;
      for (let c = 0; c < k; c++) { const v = negL[c][i]; if (v < lo) { lo = v; arg = c; } if (v > hi) hi = v; }
      spread += hi - lo;
      const row = Array.from(logits.subarray(i * k, (i + 1) * k));
      const label = d.labels[start + i];
      const q = row.indexOf(Math.max(...row));
      if (arg === label) generativeRight++;
      if (q === label) classifierRight++;
      if (q === arg) agree++;
    }
  }
  trainer.dispose();
  m.dispose();
  results.push({
    run: out, method: state.config.method, unlabelledWeight: state.config.unlabelledWeight ?? 1, alpha: state.config.alpha, step: state.step, digits: n,
    meanSpreadNats: +(spread / n).toFixed(2), generativePosteriorAccuracy: generativeRight / n, classifierAccuracy: classifierRight / n,
    agreement: agree / n, meanEntropyNats: +(entropy / n).toFixed(3),
  });
}
process.stdout.write(`${JSON.stringify({ command: `node apps/semisupervised/scripts/y-dependence.mjs --digits ${n} ${positionals.join(' ')}`, results }, null, 2)}\n`);
