/**
 * Checkpoints: `<dir>/checkpoint/state.json` (step, RNG state, run config, tensor manifest) and
 * `weights.bin` (the model's parameters then Adam's iteration count and moments, float32, in
 * manifest order). Written to a temporary directory and renamed over the old one, so an interrupt
 * mid-write leaves the previous checkpoint intact.
 *
 * Any model that is an ordered list of named tf.Variables (`CheckpointModel`) can be saved: apps/vae's
 * categorical VAE and apps/semisupervised's M2 both are. What a run keeps besides (an estimator's
 * baseline, a running loss) travels in `state` with its own type.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRngState } from '@gumbel/core';

/** What a checkpoint needs of a model: its parameters in a fixed order (Adam's moments follow it). */
export interface CheckpointModel {
  readonly params: ReadonlyArray<readonly [string, tf.Variable]>;
}

/** C: the run's config; E: the estimator's own state, if it has one (apps/vae: REINFORCE-EMA's baseline). */
export interface TrainerState<C, E = unknown> {
  readonly step: number;
  readonly rng: CounterRngState;
  readonly config: C;
  /** The estimator's own state (REINFORCE-EMA's baseline); absent in checkpoints of earlier versions. */
  readonly estimator?: E;
  /**
   * The training objective's running sum and count since the last evaluation, so a run stopped
   * between evaluations writes the same window mean after --resume (absent in earlier checkpoints).
   */
  readonly window?: { readonly loss: number; readonly steps: number };
}

interface Manifest { readonly name: string; readonly shape: number[] }

export function checkpointDir(out: string): string {
  return join(out, 'checkpoint');
}

export async function saveCheckpoint<C, E = unknown>(out: string, model: CheckpointModel, optimizer: tf.Optimizer, state: TrainerState<C, E>): Promise<void> {
  const optWeights = await optimizer.getWeights();
  const tensors: Array<readonly [string, tf.Tensor]> = [
    ...model.params.map(([name, v]) => [`model/${name}`, v] as const),
    ...optWeights.map((w, i) => [`optimizer/${i}`, w.tensor] as const),
    ...adamPowers(optimizer).map((t, i) => [`adam-power/${i}`, t] as const),
  ];
  const manifest: Manifest[] = [];
  const chunks: Float32Array[] = [];
  for (const [name, t] of tensors) {
    manifest.push({ name, shape: t.shape });
    chunks.push(Float32Array.from(await t.data()));
  }
  const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  const dir = checkpointDir(out);
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, 'weights.bin'), bytes);
  await writeFile(join(tmp, 'state.json'), `${JSON.stringify({ ...state, tensors: manifest }, null, 2)}\n`);
  tf.dispose(optWeights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor)); // the iteration scalar
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

/**
 * Adam's running powers β₁ᵗ and β₂ᵗ (tfjs keeps them as the product of t multiplications). tfjs's
 * setWeights recomputes them as pow(β, t + 1), which differs from the product in the last float32 bits,
 * so a resumed run would drift from an uninterrupted one; they are saved and restored as they are.
 * They are private fields of tfjs's AdamOptimizer, hence the cast (checked: tfjs-core 4.22.0).
 */
function adamPowers(optimizer: tf.Optimizer): tf.Variable[] {
  const o = optimizer as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (!(o.accBeta1 instanceof tf.Variable) || !(o.accBeta2 instanceof tf.Variable)) throw new Error('checkpoint: the optimizer is not tfjs-core 4.22\'s AdamOptimizer (no accBeta1/accBeta2)');
  return [o.accBeta1, o.accBeta2];
}

export function hasCheckpoint(out: string): boolean {
  return existsSync(join(checkpointDir(out), 'state.json'));
}

/** Reads a checkpoint's state (config, step, RNG) without touching tensors. */
export async function readCheckpointState<C, E = unknown>(out: string): Promise<TrainerState<C, E>> {
  const raw = JSON.parse(await readFile(join(checkpointDir(out), 'state.json'), 'utf8')) as TrainerState<C, E> & { tensors?: unknown };
  return {
    step: raw.step, rng: raw.rng, config: raw.config,
    ...(raw.estimator === undefined ? {} : { estimator: raw.estimator }),
    ...(raw.window === undefined ? {} : { window: raw.window }),
  };
}

/** Loads the weights into `model` and the optimizer's state into `optimizer`. */
export async function loadCheckpointTensors(out: string, model: CheckpointModel, optimizer: tf.Optimizer): Promise<void> {
  const dir = checkpointDir(out);
  const { tensors } = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { tensors: Manifest[] };
  const buf = await readFile(join(dir, 'weights.bin'));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let offset = 0;
  const optimizerWeights: Array<{ name: string; tensor: tf.Tensor }> = [];
  const powers: Float32Array[] = [];
  for (const { name, shape } of tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = all.subarray(offset, offset + size);
    offset += size;
    if (name.startsWith('model/')) {
      const param = model.params.find(([n]) => `model/${n}` === name);
      if (param === undefined) throw new Error(`checkpoint: unknown parameter ${name}`);
      if (param[1].shape.join() !== shape.join()) throw new Error(`checkpoint: ${name} has shape [${shape}], the model [${param[1].shape}]`);
      tf.tidy(() => param[1].assign(tf.tensor(values, shape)));
    } else if (name.startsWith('adam-power/')) {
      powers.push(Float32Array.from(values));
    } else {
      optimizerWeights.push({ name, tensor: tf.tensor(values, shape) });
    }
  }
  if (offset !== all.length) throw new Error(`checkpoint: weights.bin holds ${all.length} floats, the manifest ${offset}`);
  // Adam's moments are named after the variables they track; rename them to this model's variables.
  const names = model.params.map(([, v]) => v.name);
  const renamed = optimizerWeights.map((w, i) => {
    if (i === 0) return w; // iterations
    const j = (i - 1) % names.length;
    return { name: `${names[j]}/${i - 1 < names.length ? 'm' : 'v'}`, tensor: w.tensor };
  });
  if (renamed.length > 0) await optimizer.setWeights(renamed);
  tf.dispose(renamed.map((w) => w.tensor));
  // After setWeights, which overwrote them with pow(β, t + 1). Absent from earlier checkpoints.
  if (powers.length === 2) adamPowers(optimizer).forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(powers[i] as Float32Array, []))));
}
