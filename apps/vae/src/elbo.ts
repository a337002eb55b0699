/**
 * The per-image negative ELBO of the categorical VAE:
 *   −ELBO(x) = −log p(x | z) + Σ_n KL(q(z_n | x) ‖ Uniform(K)),
 *   log p(x | z) = Σ_j x_j·ℓ_j − softplus(ℓ_j)    (Bernoulli with decoder logits ℓ),
 *   KL(q ‖ U) = Σ_k q_k log q_k + log K            (analytic, as in Jang et al.'s code).
 * z is whatever the estimator feeds the decoder: a relaxed sample (training with relaxed GS) or a
 * one-hot (ST-GS forward, REINFORCE, evaluation). Everything is in nats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import { Categorical, kl } from '@gumbel/distributions';
import { tfjsTape } from '@gumbel/distributions/tfjs';

const backend = createTfjsBackend({ validateContents: false });
const tape = tfjsTape();

/** −log p(x | z) per image: [batch]. */
export function reconstructionNll(x: tf.Tensor2D, decoderLogits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(decoderLogits), tf.mul(x, decoderLogits)), 1) as tf.Tensor1D);
}

/** Σ_n KL(q(z_n | x) ‖ Uniform(K)) per image: [batch], for encoder logits [batch·N, K]. */
export function klToUniform(encoderLogits: tf.Tensor2D, latents: number): tf.Tensor1D {
  return tf.tidy(() => {
    const k = encoderLogits.shape[1];
    // Inside training steps: no content checks (the encoder's logits are finite by construction).
    const q = new Categorical({ backend, tape, logits: encoderLogits, validateArgs: false });
    const uniform = new Categorical({ backend, tape, logits: tf.zeros([k]), validateArgs: false });
    return tf.sum(tf.reshape(kl(q, uniform), [-1, latents]), 1) as tf.Tensor1D;
  });
}
