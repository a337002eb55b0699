import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from './data.js';
import { reconstructionNll } from './elbo.js';
import { evaluateNegElbo } from './evaluate.js';
import { evaluateMultiSampleBound } from './evaluate-bound.js';
import { createVae } from './model.js';
import { useBackend } from './tf-setup.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('multi-sample bound', () => {
  it('N = 2 latents × K = 3: −L_m falls from the ELBO towards the exact −log p(x) (enumerated over 9 codes), never below it', async () => {
    const vae = createVae({ latents: 2, classes: 3 }, 4);
    // Sharpen the untrained decoder so p(x | z) differs a lot between codes (q stays near uniform, so
    // 2,000 draws see every code): the ELBO, L_10 and log p(x) are then nats apart and a wrong term shows.
    for (const [name, v] of vae.params) if (name.startsWith('dec1')) v.assign(tf.tidy(() => tf.mul(v, 6)));
    // Four fixed binary images (a pseudo-random pattern); the untrained model is fine for a bound.
    const pixels = new Float32Array(4 * PIXELS).map((_, i) => ((i * 2654435761) >>> 0) % 7 < 3 ? 1 : 0);
    const images = { pixels, labels: new Uint8Array(4), count: 4 };
    const before = tf.memory().numTensors;
    // Exact log p(x) = log Σ_z p(x | z) / 9, from the decoder at each of the 9 one-hot codes.
    const exactLogP: number[] = [];
    for (let i = 0; i < 4; i++) {
      const terms: number[] = [];
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const v = tf.tidy(() => {
          const z = tf.tensor2d([[0, 1, 2].map((k) => (k === a ? 1 : 0)), [0, 1, 2].map((k) => (k === b ? 1 : 0))]);
          const x = tf.tensor2d(pixels.subarray(i * PIXELS, (i + 1) * PIXELS), [1, PIXELS]);
          return tf.neg(reconstructionNll(x, vae.decode(z)));
        });
        terms.push((await v.data())[0] as number - Math.log(9));
        v.dispose();
      }
      const mx = Math.max(...terms);
      exactLogP.push(mx + Math.log(terms.reduce((s, t) => s + Math.exp(t - mx), 0)));
    }
    const exactNeg = -exactLogP.reduce((a, b) => a + b, 0) / 4;
    const elbo = await evaluateNegElbo(vae, images, 4000);
    const m10 = await evaluateMultiSampleBound(vae, images, 10);
    const m2000 = await evaluateMultiSampleBound(vae, images, 2000, { block: 100 });
    expect(tf.memory().numTensors).toBe(before);
    // ELBO ≥ −L_10 ≥ −L_2000 ≥ −log p(x) (here 550.7, 549.1, 548.44, 548.39): with m ≫ 9 codes the
    // bound closes more than 90% of the ELBO's gap (its bias shrinks like 1/m).
    expect(elbo).toBeGreaterThan(m10);
    expect(m10).toBeGreaterThan(m2000);
    expect(m2000).toBeGreaterThanOrEqual(exactNeg - 1e-3);
    expect(elbo - exactNeg).toBeGreaterThan(1);
    expect(m2000 - exactNeg).toBeLessThan(0.1 * (elbo - exactNeg));
    expect(m2000).toBeLessThan(elbo);
    vae.dispose();
  });
});
