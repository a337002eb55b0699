/**
 * The VAE's training step for MuProp (@gumbel/estimators, kind `control-variate`). The estimator
 * never calls the model: its sample names the point where it wants the loss evaluated — the
 * mean-field point π = softmax(logits) — and this step evaluates f there with the decoder, f(π)
 * and ∇_π f(π), and hands them back with f at the sample:
 *   f(x, z) = −log p(x | z)  (the KL term is analytic and differentiated directly, as for REINFORCE).
 * The N latent rows of an image share its f, so the estimator is made with `rowsPerLoss: N` (its
 * control variate is then the joint first-order expansion over the image's N latents) and every
 * row gets its image's f(z) and f(π). One sample per image, as in the paper's MuProp row.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError } from '@gumbel/core';
import type { ControlVariateEstimator } from '@gumbel/estimators';
import { klToUniform, reconstructionNll } from './elbo.js';
import type { StepFn } from './estimators.js';
import { decoderGrads, encoderGrads, named } from './step-grads.js';

/** An image's value on each of its N latent rows: [batch] → [batch·N] (rows b·N … b·N + N − 1). */
function perRow(v: tf.Tensor1D, latents: number): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.tile(tf.reshape(v, [-1, 1]), [1, latents]), [-1]) as tf.Tensor1D);
}

/**
 * `create(latents)` makes the estimator for a model with that many latents; it is called on the
 * first step (the model is not known before) and a model with other latents later is refused.
 */
export function muPropStep(create: (latents: number) => ControlVariateEstimator<tf.Tensor>): StepFn {
  let estimator: ControlVariateEstimator<tf.Tensor> | undefined;
  let madeFor = 0;
  return async (vae, { x, rng, klWeight }) => {
    if (estimator === undefined) {
      estimator = create(vae.latents);
      madeFor = vae.latents;
    } else if (vae.latents !== madeFor) {
      throw new GumbelRangeError('vae.latents', vae.latents, `${madeFor}, the latents this MuProp step was made for`);
    }
    const n = vae.latents;
    const logits = vae.encode(x);
    const sample = await estimator.sample(logits, { seed: rng });
    const kept: tf.Tensor[] = [logits, sample.value];
    try {
      const pi = sample.points[0] as tf.Tensor;
      // f at the sample per image, and the decoder's gradient from the same pass.
      const { f, grads: decoder } = decoderGrads(vae, x, sample.value);
      kept.push(f);
      // f(π) per image, and ∇_π of their sum, which is each image's own ∇f(π) on its rows (an
      // image's f depends on its rows only). The per-image values leave the tape through tf.keep.
      let fBar: tf.Tensor1D | undefined;
      const gBar = tf.grad((p: tf.Tensor) => {
        fBar = tf.keep(reconstructionNll(x, vae.decode(p)));
        return tf.sum(fBar);
      })(pi);
      kept.push(gBar, fBar as tf.Tensor1D);
      const losses = perRow(f, n);
      const lossesAtPi = perRow(fBar as tf.Tensor1D, n);
      kept.push(losses, lossesAtPi);
      const { dLogits } = await sample.backward({ losses, atPoints: [{ losses: lossesAtPi, gradient: gBar }] });
      kept.push(dLogits);
      const grads = named(vae, { ...decoder, ...encoderGrads(vae, x, dLogits, klWeight) });
      const loss = tf.tidy(() => tf.add(tf.mean(f), tf.mean(klToUniform(logits, n))));
      const lossValue = (await loss.data())[0] as number;
      loss.dispose();
      return { grads, loss: lossValue };
    } finally {
      // The sample's value is ours to release; sample.dispose frees its point π.
      tf.dispose(kept);
      sample.dispose();
    }
  };
}
