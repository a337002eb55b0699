import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { parseTrainArgs, UsageError } from './train-args.js';
import { train } from './train.js';
import { useBackend } from './tf-setup.js';

const CLI = fileURLToPath(new URL('../dist/train-cli.js', import.meta.url));
const TINY = ['--steps', '2', '--batch', '4', '--labelled-batch', '4', '--train-digits', '300', '--test-digits', '20', '--backend', 'cpu'];

beforeAll(async () => {
  await useBackend('cpu');
});

describe('training run and its flags', () => {
  it('parses flags, with Kingma et al.\'s α = 0.1·N by default; bad flags are UsageErrors naming the value', () => {
    const { config } = parseTrainArgs(['--method', 'marginal', '--train-digits', '1000']);
    expect(config.method).toBe('marginal');
    expect(config.alpha).toBe(100);
    expect(() => parseTrainArgs(['--steps', '0'])).toThrow(/--steps.*0/);
    expect(() => parseTrainArgs(['--method', 'sum'])).toThrow(/--method.*sum/);
    expect(() => parseTrainArgs(['--nope'])).toThrow(UsageError);
    expect(() => parseTrainArgs(['--train-digits', '60000'])).toThrow(/60000/);
  });

  it('is a function of its seed, leaves only the model\'s tensors, and reports test accuracy', async () => {
    const { config } = parseTrainArgs(TINY);
    const before = tf.memory().numTensors;
    const a = await train(config);
    const weights = a.model.params.map(([, v]) => Array.from(v.dataSync().subarray(0, 50)));
    expect(tf.memory().numTensors - before).toBe(a.model.params.length);
    a.model.dispose();
    const b = await train(config);
    expect(b.model.params.map(([, v]) => Array.from(v.dataSync().subarray(0, 50)))).toEqual(weights);
    expect(b.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(b.testAccuracy).toBeLessThanOrEqual(1);
    b.model.dispose();
  });

  it.skipIf(!existsSync(CLI))('the built CLI trains a few steps and exits 2 on a bad flag', () => {
    const out = execFileSync(process.execPath, [CLI, ...TINY, '--method', 'st-gs'], { encoding: 'utf8' });
    expect(out).toMatch(/final test accuracy \d+\.\d\d% \(st-gs, 2 steps, seed 0\)/);
    const bad = spawnSync(process.execPath, [CLI, '--steps', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be an integer > 0, got x/);
  });
});
