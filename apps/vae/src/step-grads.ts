/**
 * What the VAE's training steps share: gradients keyed in parameter order, and the surrogate of
 * the steps whose estimator returns dL/dlogits for the encoder (REINFORCE, MuProp).
 */
import * as tf from '@tensorflow/tfjs-core';
import { klToUniform, reconstructionNll } from './elbo.js';
import type { Vae } from './model.js';

/** Re-keys gradients by parameter order: tf's Adam matches its moments to gradients by position. */
export function named(vae: Vae, grads: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [, v] of vae.params) {
    const g = grads[v.name];
    if (g === undefined) throw new Error(`vae: no gradient for ${v.name}`);
    out[v.name] = g;
  }
  return out;
}

/**
 * Gradients of the surrogate  Σ q ⊙ dLogits / batch + mean_s f(x_s, z_s) + mean KL(q(· | x) ‖ U):
 * the estimator's dLogits (a constant here) carries E[f]'s gradient into the encoder, the decoder
 * gets the pathwise gradient of f at the drawn codes, and the KL is analytic. `xRep`/`zJoint` are
 * the draws (m per image for REINFORCE, one for MuProp) and their images; the mean over draws keeps
 * the decoder's term on the scale of a mean over images.
 */
export function scoreSurrogateGrads(vae: Vae, x: tf.Tensor2D, xRep: tf.Tensor2D, zJoint: tf.Tensor, dLogits: tf.Tensor): tf.NamedTensorMap {
  const batch = x.shape[0];
  const { value, grads } = tf.variableGrads(() => {
    const q = vae.encode(x);
    const scoreTerm = tf.div(tf.sum(tf.mul(q, dLogits)), batch);
    const direct = tf.mean(reconstructionNll(xRep, vae.decode(zJoint)));
    return tf.add(tf.add(scoreTerm, direct), tf.mean(klToUniform(q, vae.latents))) as tf.Scalar;
  }, vae.params.map(([, v]) => v));
  value.dispose();
  return named(vae, grads);
}
