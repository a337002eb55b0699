/**
 * The paper's Table 1 rows that came last: DARN, MuProp (registry estimators) and plain ST (the
 * app's straight-through op at τ = 1). Each trains a few steps on a slice of the full MNIST; MuProp's
 * gradient in the VAE is checked against the exact gradient, by enumeration, on a model small
 * enough to enumerate (2 latents × 3 classes: 9 codes per digit).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from './data.js';
import { klToUniform, reconstructionNll } from './elbo.js';
import { createStep } from './estimators.js';
import { loadFullMnist } from './mnist-full-node.js';
import { createVae, type Vae } from './model.js';
import { useBackend } from './tf-setup.js';
import { DEFAULT_CONFIG, train } from './trainer.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('DARN, MuProp and plain ST train', () => {
  // From p = ½ per pixel (meanInit off: −ELBO ≈ 543) a dozen steps must move held-out −ELBO down
  // by tens of nats whatever the estimator does for the encoder: the decoder gets f's own gradient.
  const config = {
    ...DEFAULT_CONFIG, dataset: 'mnist-full' as const, steps: 12, batch: 20, lr: 3e-3, trainSubset: 200, evalSubset: 40, evalSamples: 1, seed: 4, meanInit: false,
  };
  it.each(['darn', 'muprop', 'st'])('%s: a few steps on a 200-digit slice, finite losses, held-out −ELBO falls', async (estimator) => {
    const before = tf.memory().numTensors;
    const result = await train({ config: { ...config, estimator }, out: mkdtempSync(join(tmpdir(), `vae-${estimator}-`)), evalEvery: 6, checkpointEvery: 100 });
    const rows = result.rows;
    expect(rows.map((r) => r.step)).toEqual([0, 6, 12]);
    for (const r of rows.slice(1)) expect(Number.isFinite(r.trainNegElbo)).toBe(true);
    expect(rows[0]!.heldOutNegElbo).toBeGreaterThan(500);
    expect(rows[2]!.heldOutNegElbo).toBeLessThan(rows[0]!.heldOutNegElbo - 30);
    expect(rows[2]!.trainNegElbo!).toBeLessThan(rows[1]!.trainNegElbo!);
    result.vae.dispose();
    // The run leaves nothing behind but what tfjs-wasm caches between runs (none here).
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

/**
 * ∂/∂(enc3 bias) of the batch objective (1/B) Σ_b (E_q[f_b(z)] + KL_b), with E_q[f_b] by enumerating
 * the 9 codes of a 2 × 3 model: ∂E[f_b]/∂θ_{b,n,j} = Σ_c q_b(c) f_b(c) (1[c_n = j] − π_{b,n,j}), and
 * the bias of logit (n, j) adds up the rows of every image. f_b(c) = −log p(x_b | c) from the
 * decoder on each one-hot code; the KL term is analytic, its gradient taken by tfjs (no estimator).
 */
function exactBiasGradient(vae: Vae, x: tf.Tensor2D): Float64Array {
  const [n, k] = [vae.latents, vae.classes];
  const batch = x.shape[0];
  const codes: number[][] = [];
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) codes.push([a, b]);
  const pi = tf.tidy(() => tf.softmax(vae.encode(x)).arraySync() as number[][]); // rows b·N + n
  // f for every (code, image): decode the code's one-hot for every image at once.
  const f = codes.map(([a, b]) => tf.tidy(() => {
    const oneHot = Array.from({ length: batch }, () => [0, 1].flatMap((row) => Array.from({ length: k }, (_, j) => (j === (row === 0 ? a : b) ? 1 : 0)))).flat();
    return Array.from(reconstructionNll(x, vae.decode(tf.tensor2d(oneHot, [batch * n, k]))).dataSync());
  }));
  const out = new Float64Array(n * k);
  for (let img = 0; img < batch; img++) {
    codes.forEach((code, c) => {
      const q = code.reduce((p, cls, lat) => p * (pi[img * n + lat]![cls] as number), 1);
      const fc = f[c]![img] as number;
      for (let lat = 0; lat < n; lat++) for (let j = 0; j < k; j++) {
        out[lat * k + j] = (out[lat * k + j] as number) + (q * fc * ((code[lat] === j ? 1 : 0) - (pi[img * n + lat]![j] as number))) / batch;
      }
    });
  }
  const bias = vae.params.find(([name]) => name === 'enc3/b')![1];
  const kl = tf.variableGrads(() => tf.mean(klToUniform(vae.encode(x), n)) as tf.Scalar, [bias]);
  const klGrad = kl.grads[bias.name]!.dataSync();
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (klGrad[i] as number);
  tf.dispose([kl.value, ...Object.values(kl.grads)]);
  return out;
}

/**
 * S steps' enc3-bias gradients (parameters held fixed): each is a mean over a batch of 100 rows, 25
 * copies of 4 digits, every row with its own draw, so the S values are i.i.d. draws of the step's
 * gradient. The largest |mean − exact| / SE over the 6 coordinates is returned.
 */
async function worstZ(estimator: string, vae: Vae, x: tf.Tensor2D, exact: Float64Array, steps: number): Promise<number> {
  const step = createStep(estimator, 1);
  // Gradients are keyed by the variables' tfjs names, not the model's parameter names.
  const bias = vae.params.find(([name]) => name === 'enc3/b')![1].name;
  const rng = CounterRng.fromSeed(17);
  const draws: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const { grads } = await step(vae, { x, tau: 1, rng });
    draws.push(grads[bias]!.dataSync() as Float32Array);
    tf.dispose(Object.values(grads));
  }
  let worst = 0;
  exact.forEach((e, i) => {
    const values = draws.map((d) => d[i] as number);
    const mean = values.reduce((a, b) => a + b, 0) / steps;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (steps - 1));
    worst = Math.max(worst, Math.abs(mean - e) / (sd / Math.sqrt(steps)));
  });
  return worst;
}

/**
 * Criterion: S = 40 draws, max over the 6 coordinates of |t| ≤ 4.5. Under H0 (unbiased) each t has
 * a Student t distribution with 39 degrees of freedom (each draw is itself a mean of 100 bounded
 * terms, so near normal): P(|t₃₉| > 4.5) ≈ 6e-5, ×6 coordinates (Bonferroni) ≈ 4e-4. REINFORCE
 * with leave-one-out, unbiased by construction, must pass the same check (it validates the
 * enumeration), and DARN, biased for a nonlinear f, must fail it (the check has power here).
 */
describe('MuProp in the VAE is unbiased (2 latents × 3 classes, exact gradient by enumeration)', () => {
  let vae: Vae;
  let x: tf.Tensor2D;
  let exact: Float64Array;
  beforeAll(() => {
    vae = createVae({ latents: 2, classes: 3 }, 21);
    const digits = loadFullMnist({ train: 4, valid: 1, test: 1 }).train;
    const pixels = new Float32Array(100 * PIXELS);
    for (let r = 0; r < 100; r++) pixels.set(digits.pixels.subarray((r % 4) * PIXELS, (r % 4 + 1) * PIXELS), r * PIXELS);
    x = tf.tensor2d(pixels, [100, PIXELS]);
    exact = exactBiasGradient(vae, x);
    return () => {
      x.dispose();
      vae.dispose();
    };
  });

  it('the exact gradient is not trivially small (the check compares something)', () => {
    expect(Math.max(...exact.map(Math.abs))).toBeGreaterThan(0.01);
  });

  it.each([['muprop', true], ['reinforce-loo', true], ['darn', false]] as const)('%s: within 4.5 SE of the exact gradient: %s', async (estimator, unbiased) => {
    const z = await worstZ(estimator, vae, x, exact, 40);
    console.log(`${estimator}: max |t| = ${z.toFixed(2)} over the 6 enc3-bias coordinates`);
    if (unbiased) expect(z).toBeLessThanOrEqual(4.5);
    else expect(z).toBeGreaterThan(4.5);
  }, 120_000);
});
