/**
 * What the VAE's training steps share: gradients keyed in parameter order, and the surrogate of
 * the steps whose estimator returns dL/dlogits for the encoder (REINFORCE, MuProp), in two halves.
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

/** The encoder's or the decoder's parameters (model.ts names them enc…/dec…). */
function half(vae: Vae, prefix: 'enc' | 'dec'): tf.Variable[] {
  return vae.params.filter(([name]) => name.startsWith(prefix)).map(([, v]) => v);
}

/**
 * The gradient of the surrogate  Σ q ⊙ dLogits / batch + mean_s f(x_s, z_s) + mean KL(q(· | x) ‖ U),
 * in two halves. The estimator's dLogits (a constant) carries E[f]'s gradient into the encoder, the
 * decoder gets the pathwise gradient of f at the drawn codes, and the KL is analytic. `xRep`/`zJoint`
 * are the draws (m per image for REINFORCE, one for MuProp) and their images.
 *
 * `decoderGrads` comes first: it returns f per draw — which the estimator needs before it can give
 * dLogits — and the decoder's gradient from the same forward pass, so the decoder runs forward once
 * per step instead of once for f and again on the tape (a quarter of a REINFORCE step with m = 4).
 * Splitting changes no bit: the decoder's parameters get only the f term, dy = 1 into its mean as
 * before, and the encoder's output q gets exactly two contributions (score term and KL), whose
 * float sum does not depend on the order they are added in.
 */
export function decoderGrads(vae: Vae, xRep: tf.Tensor2D, zJoint: tf.Tensor): { f: tf.Tensor1D; grads: tf.NamedTensorMap } {
  let f: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    f = tf.keep(reconstructionNll(xRep, vae.decode(zJoint)));
    return tf.mean(f);
  }, half(vae, 'dec'));
  value.dispose();
  return { f: f as tf.Tensor1D, grads };
}

/**
 * The encoder's half of the surrogate (see decoderGrads): Σ q ⊙ dLogits / batch + β·mean KL, with
 * β = `klWeight` (KL warm-up; default 1, the ELBO).
 */
export function encoderGrads(vae: Vae, x: tf.Tensor2D, dLogits: tf.Tensor, klWeight = 1): tf.NamedTensorMap {
  const batch = x.shape[0];
  const { value, grads } = tf.variableGrads(() => {
    const q = vae.encode(x);
    const kl = tf.mean(klToUniform(q, vae.latents));
    return tf.add(tf.div(tf.sum(tf.mul(q, dLogits)), batch), klWeight === 1 ? kl : tf.mul(kl, klWeight)) as tf.Scalar;
  }, half(vae, 'enc'));
  value.dispose();
  return grads;
}
