/**
 * Kingma et al.'s (2014) M2 for binarized MNIST, with the settings of their §4.1 (one hidden layer of
 * 500 softplus units in every network, a 50-dimensional Gaussian z):
 *   classifier q(y | x) = Cat(softmax(W₂·sp(W₁x))),            784 → h → k
 *   encoder    q(z | x, y) = N(μ, diag σ²),  [x, y] → h → (μ, log σ²)
 *   decoder    p(x | y, z) = Bernoulli(sigmoid(·)),  [y, z] → h → 784
 * Plain tf.Variables (as in apps/vae) so a checkpoint is an ordered list of float32 arrays.
 *
 * The encoder's first layer is split, W·[x; y] = Wx·x + Wy·y, and Wx·x is computed once per digit
 * (`encoderInput`): marginalising over k classes then repeats only the y-dependent work, which is
 * the fair way to marginalise (the decoder passes — the k-fold cost the paper is about — cannot be
 * shared, since every layer of the decoder sees y).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError, fillUniforms } from '@gumbel/core';
import { PIXELS, matMulPlainGrad } from '@gumbel/mnist-shared';
import { fillNormals } from './normal-noise.js';

export { PIXELS };

export interface M2Shape {
  /** k, the number of classes (10 for MNIST; more for the speed measurement). */
  readonly classes: number;
  /** Units of every hidden layer (Kingma et al.: 500). */
  readonly hidden: number;
  /** Dimensions of z (Kingma et al.: 50). */
  readonly latent: number;
}

export const KINGMA_SHAPE: M2Shape = { classes: 10, hidden: 500, latent: 50 };

/**
 * How weights start (biases always start at 0):
 *  - `glorot`: Glorot-uniform, the usual choice and this app's default;
 *  - `kingma`: N(0, 0.001²), what Kingma et al.'s code does (nips14-ssl, `init_w(1e-3)`). Every
 *    network then starts as a near-constant, so z carries nothing about x at first while y (a label,
 *    or a sample of a classifier trained on labels) does: the decoder may learn to lean on y before
 *    z takes over — the hypothesis the semi-supervised runs test (README, "Initialisation").
 */
export const INITS = ['glorot', 'kingma'] as const;
export type M2Init = (typeof INITS)[number];
/** The standard deviation of the `kingma` initialisation. */
export const KINGMA_INIT_STD = 1e-3;

export interface M2 extends M2Shape {
  /** Parameters in a fixed order (checkpoints and optimizer moments rely on it). */
  readonly params: ReadonlyArray<readonly [string, tf.Variable]>;
  /** The classifier's logits of q(y | x): [batch, k]. */
  classify(x: tf.Tensor2D): tf.Tensor2D;
  /** Wx·x + b, the y-independent part of the encoder's first layer: [batch, h]. */
  encoderInput(x: tf.Tensor2D): tf.Tensor2D;
  /** q(z | x, y) from encoderInput(x) and y (one-hot or relaxed): μ and log σ², each [batch, latent]. */
  encode(hx: tf.Tensor2D, y: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D };
  /** Bernoulli logits of p(x | y, z): [batch, 784]. */
  decode(y: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

function checkShape(shape: M2Shape): void {
  for (const key of ['classes', 'hidden', 'latent'] as const) {
    const v = shape[key];
    if (!Number.isInteger(v) || v < 1) throw new GumbelRangeError(`shape.${key}`, v, 'an integer ≥ 1');
  }
  if (shape.classes < 2) throw new GumbelRangeError('shape.classes', shape.classes, 'an integer ≥ 2');
}

/** Weights from CounterRng(seed) on the host (the same on every tfjs backend) by `init`, zero biases. */
export function createM2(shape: M2Shape, seed: number, init: M2Init = 'glorot'): M2 {
  checkShape(shape);
  if (!(INITS as readonly string[]).includes(init)) throw new GumbelRangeError('init', init, `one of ${INITS.join(', ')}`);
  const { classes: k, hidden: h, latent: d } = shape;
  const rng = CounterRng.fromSeed(seed);
  const params: Array<readonly [string, tf.Variable]> = [];
  const weight = (name: string, fanIn: number, fanOut: number, glorotFanIn = fanIn): void => {
    const u = new Float32Array(fanIn * fanOut);
    if (init === 'kingma') {
      fillNormals(u, rng);
      for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) * KINGMA_INIT_STD;
    } else {
      const limit = Math.sqrt(6 / (glorotFanIn + fanOut));
      fillUniforms(u, rng.reserve(u.length));
      for (let i = 0; i < u.length; i++) u[i] = (2 * (u[i] as number) - 1) * limit;
    }
    const t = tf.tensor2d(u, [fanIn, fanOut]);
    params.push([name, tf.variable(t)]);
    t.dispose();
  };
  const bias = (name: string, n: number): void => {
    const t = tf.zeros([n]);
    params.push([name, tf.variable(t)]);
    t.dispose();
  };
  weight('cls1/W', PIXELS, h); bias('cls1/b', h);
  weight('cls2/W', h, k); bias('cls2/b', k);
  // The split first layer is initialised as one Glorot layer over [x; y].
  weight('enc1/Wx', PIXELS, h, PIXELS + k); weight('enc1/Wy', k, h, PIXELS + k); bias('enc1/b', h);
  weight('encMean/W', h, d); bias('encMean/b', d);
  weight('encLogVar/W', h, d); bias('encLogVar/b', d);
  weight('dec1/Wy', k, h, k + d); weight('dec1/Wz', d, h, k + d); bias('dec1/b', h);
  weight('dec2/W', h, PIXELS); bias('dec2/b', PIXELS);

  const byName = new Map(params);
  const p = (name: string): tf.Tensor2D => {
    const v = byName.get(name);
    if (v === undefined) throw new Error(`m2: no parameter ${name}`);
    return v as tf.Tensor as tf.Tensor2D;
  };
  const mm = (x: tf.Tensor2D, name: string): tf.Tensor2D => matMulPlainGrad(x, p(name));
  const plus = (x: tf.Tensor, name: string): tf.Tensor2D => tf.add(x, p(name)) as tf.Tensor2D;
  return {
    ...shape,
    params,
    classify: (x) => tf.tidy(() => plus(mm(tf.softplus(plus(mm(x, 'cls1/W'), 'cls1/b')), 'cls2/W'), 'cls2/b')),
    encoderInput: (x) => tf.tidy(() => plus(mm(x, 'enc1/Wx'), 'enc1/b')),
    encode: (hx, y) => {
      const [mean, logVar] = tf.tidy(() => {
        const a = tf.softplus(tf.add(hx, mm(y, 'enc1/Wy'))) as tf.Tensor2D;
        return [plus(mm(a, 'encMean/W'), 'encMean/b'), plus(mm(a, 'encLogVar/W'), 'encLogVar/b')];
      });
      return { mean: mean as tf.Tensor2D, logVar: logVar as tf.Tensor2D };
    },
    decode: (y, z) =>
      tf.tidy(() => plus(mm(tf.softplus(plus(tf.add(mm(y, 'dec1/Wy'), mm(z, 'dec1/Wz')), 'dec1/b')) as tf.Tensor2D, 'dec2/W'), 'dec2/b')),
    dispose: () => params.forEach(([, v]) => v.dispose()),
  };
}
