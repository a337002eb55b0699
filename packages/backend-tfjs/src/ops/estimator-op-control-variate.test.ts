/**
 * `op.loss` for control-variate estimators (MuProp): the op evaluates the caller's f and ∇_z f at
 * the sample's points and its gradient wrt the logits must equal what the estimator's own async
 * API gives when fed those evaluations by hand — with ∇f written in closed form here, not through
 * tf.grad as the op does it. The objective is tf.mean over the rows, so each row's loss carries
 * weight 1/rows (1/rows·N summed over N rows sharing one loss). Estimators with an objective of
 * their own (VIMCO, the unordered set) are refused. No tensors leak over many training steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import { createMuProp, createUnorderedSet, createVimco } from '@gumbel/estimators';
import { createTfjsBackend } from '../create-tfjs-backend.js';
import { closeTo, useCpuBackend } from '../testing/support.js';
import { estimatorOp } from './estimator-op.js';

beforeAll(useCpuBackend);

const LOGITS = [
  [0.3, -1.2, 0.8, 0.1],
  [1.5, 0.2, -0.4, -2],
  [0, 0, 0, 0],
  [-0.5, 0.9, 0.4, 0.2],
];
const A = [1, -2, 0.5, 3];
const B = [-1, 0.25, 2, -0.5];

/** Rows z: f_r = (a·z_r)² + b·z_r, per row; ∇f_r = 2(a·z_r)a + b. */
const rowLoss = (V: tf.Tensor) => (z: tf.Tensor) => tf.add(tf.reshape(tf.square(tf.matMul(z, V)), [-1]), tf.reshape(tf.matMul(z, tf.tensor2d(B, [4, 1])), [-1]));
function rowLossHost(z: ArrayLike<number>, r: number): { f: number; grad: number[] } {
  const row = Array.from({ length: 4 }, (_, j) => z[r * 4 + j] as number);
  const az = row.reduce((s, v, j) => s + v * (A[j] as number), 0);
  const bz = row.reduce((s, v, j) => s + v * (B[j] as number), 0);
  return { f: az * az + bz, grad: A.map((a, j) => 2 * az * a + (B[j] as number)) };
}

/** Pairs of rows share one loss G = (a·z_1)(a·z_2) + b·(z_1 + z_2), passed on both rows. */
const pairLoss = (V: tf.Tensor) => (z: tf.Tensor) => {
  const az = tf.reshape(tf.matMul(z, V), [-1, 2]);
  const bz = tf.reshape(tf.matMul(z, tf.tensor2d(B, [4, 1])), [-1, 2]);
  // (a·z_1)(a·z_2) as half of Σ az ⊙ reverse(az): tf.prod's gradient needs tfjs's chained ops.
  const g = tf.add(tf.div(tf.sum(tf.mul(az, tf.reverse(az, 1)), 1), 2), tf.sum(bz, 1)); // [groups]
  return tf.reshape(tf.tile(tf.expandDims(g, 1), [1, 2]), [-1]);
};
function pairLossHost(z: ArrayLike<number>, group: number): { f: number; grads: [number[], number[]] } {
  const row = (r: number) => Array.from({ length: 4 }, (_, j) => z[r * 4 + j] as number);
  const [z1, z2] = [row(2 * group), row(2 * group + 1)];
  const dot = (u: number[], v: number[]) => u.reduce((s, x, j) => s + x * (v[j] as number), 0);
  const f = dot(A, z1) * dot(A, z2) + dot(B, z1) + dot(B, z2);
  return { f, grads: [A.map((a, j) => a * dot(A, z2) + (B[j] as number)), A.map((a, j) => a * dot(A, z1) + (B[j] as number))] };
}

describe('estimatorOp with a control-variate estimator (MuProp)', () => {
  for (const N of [1, 2]) {
    it(`op.loss: value f(z), tf gradient wrt the logits = MuProp's own backward fed f, f(π), ∇f(π) by hand (rowsPerLoss ${N})`, async () => {
      const backend = createTfjsBackend();
      const rows = LOGITS.length;
      const logits = tf.tensor2d(LOGITS);
      const V = tf.variable(tf.tensor2d(A, [4, 1]), true, `V${N}`);
      const f = N === 1 ? rowLoss(V) : pairLoss(V);

      // The independent path: the async API at the op's stream position and step, fed by hand.
      const sample = await createMuProp(backend, { rowsPerLoss: N }).sample(logits, { seed: CounterRng.fromSeed(21), step: 0 });
      const z = await sample.value.data();
      const pi = await (sample.points[0] as tf.Tensor).data();
      const evaluate = (x: ArrayLike<number>) => {
        const losses: number[] = [];
        const grads: number[] = [];
        for (let r = 0; r < rows; r++) {
          if (N === 1) {
            const { f: v, grad } = rowLossHost(x, r);
            losses.push(v);
            grads.push(...grad);
          } else {
            const { f: v, grads: g } = pairLossHost(x, Math.floor(r / 2));
            losses.push(v);
            grads.push(...g[r % 2]!);
          }
        }
        return { losses, grads };
      };
      // tf.mean over rows: weight 1/rows per row, N/rows per shared loss.
      const w = N / rows;
      const atZ = evaluate(z);
      const atPi = evaluate(pi);
      const gradient = tf.tensor2d(atPi.grads.map((g) => g * w), [rows, 4]);
      const expected = await sample.backward({ losses: atZ.losses.map((v) => v * w), atPoints: [{ losses: atPi.losses.map((v) => v * w), gradient }] });

      const op = estimatorOp(createMuProp(backend, { rowsPerLoss: N }), { seed: 21 });
      const theta = tf.variable(logits, true, `theta${N}`);
      let value: number[] = [];
      const { grads } = tf.variableGrads(() => {
        const l = op.loss(theta, f);
        value = Array.from(l.dataSync());
        return tf.mean(l) as tf.Scalar;
      }, [theta, V]);
      expect(closeTo(value, atZ.losses, 1e-5, 1e-6)).toEqual([]);
      expect(closeTo(grads[theta.name]!.dataSync(), expected.dLogits.dataSync(), 1e-5, 1e-6)).toEqual([]);
      expect(Array.from(grads[theta.name]!.dataSync()).some((v) => v !== 0)).toBe(true);
      // f's own variable gets the direct gradient of mean f(z) only (none through the evaluations at π).
      const direct = tf.grad((v: tf.Tensor) => tf.mean((N === 1 ? rowLoss(v) : pairLoss(v))(sample.value)))(V);
      expect(closeTo(grads[V.name]!.dataSync(), direct.dataSync(), 1e-5, 1e-6)).toEqual([]);
      tf.dispose([logits, gradient, sample.value, expected.dLogits, direct, ...Object.values(grads)]);
      sample.dispose();
      theta.dispose();
      V.dispose();
    });
  }

  it('no tensors leak: 200 optimizer steps and inference calls of op.loss', () => {
    const backend = createTfjsBackend();
    const op = estimatorOp(createMuProp(backend), { seed: 4 });
    const theta = tf.variable(tf.zeros([2, 4]));
    const V = tf.variable(tf.tensor2d(A, [4, 1]));
    const optimizer = tf.train.sgd(0.01);
    const step = () => {
      optimizer.minimize(() => tf.mean(op.loss(theta, rowLoss(V))) as tf.Scalar);
      tf.tidy(() => {
        op.loss(theta, rowLoss(V)); // no tape: the gradient never runs
      });
    };
    for (let i = 0; i < 10; i++) step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses, with a typed error, estimators whose objective is not a per-row loss (VIMCO, the unordered set)', () => {
    const backend = createTfjsBackend();
    const logits = tf.tensor2d(LOGITS);
    const before = tf.memory().numTensors;
    for (const e of [createVimco(backend, { samples: 3 }), createUnorderedSet(backend, { samples: 2 })]) {
      const op = estimatorOp(e, { seed: 1 });
      expect(() => op.loss(logits, (z) => tf.sum(z, 1))).toThrow(/estimatorGrads/);
      expect(() => op.loss(logits, (z) => tf.sum(z, 1))).toThrow(TypeError);
    }
    expect(tf.memory().numTensors).toBe(before);
    const mu = estimatorOp(createMuProp(backend), { seed: 1 });
    expect(() => mu(logits)).toThrow(/pathwise/);
    expect(() => mu.loss(logits, (z) => tf.sum(z))).toThrow(/f\(z\)/);
    logits.dispose();
  });
});
