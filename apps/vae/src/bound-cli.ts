#!/usr/bin/env node
/**
 * `pnpm vae:bound --run DIR [--set test|valid] [--samples 1000] [--digits N]`: the paper's evaluation
 * (a multi-sample bound, m = 1000) of a run's latest checkpoint, beside the single-sample −ELBO the
 * training curves report. Prints one JSON line and appends it to DIR/bounds.jsonl. DIR is the
 * folder holding `checkpoint/` (for paper-full runs: /work/vae-runs/paper-full/<estimator>).
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { integer, UsageError } from './args.js';
import { hasCheckpoint, loadCheckpointTensors, readCheckpointState } from './checkpoint.js';
import { firstImages } from './data.js';
import { evaluateNegElbo } from './evaluate.js';
import { evaluateMultiSampleBound } from './evaluate-bound.js';
import { createVae } from './model.js';
import { BACKENDS, useBackend } from './tf-setup.js';
import { loadRunData, type RunConfig } from './trainer.js';

const USAGE = `usage: pnpm vae:bound --run DIR [--set test|valid] [--samples M] [--digits N] [--elbo-samples M] [--backend ${BACKENDS.join('|')}] [--skip-done]
  --skip-done: do nothing if DIR/bounds.jsonl already holds this checkpoint's step, set, digits and m`;

export interface BoundRecord {
  readonly estimator: string;
  readonly step: number;
  readonly set: string;
  readonly digits: number;
  readonly negElbo: number;
  readonly multiSampleBound: number;
  readonly samples: number;
}

async function readBounds(dir: string): Promise<BoundRecord[]> {
  const path = join(dir, 'bounds.jsonl');
  if (!existsSync(path)) return [];
  return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as BoundRecord);
}

async function main(argv: readonly string[]): Promise<number> {
  let opts;
  try {
    const { values: v } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: { run: { type: 'string' }, set: { type: 'string' }, samples: { type: 'string' }, digits: { type: 'string' }, 'elbo-samples': { type: 'string' }, backend: { type: 'string' }, 'skip-done': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (v.help === true) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (v.run === undefined) throw new UsageError('--run is required (the folder holding checkpoint/)');
    const set = v.set ?? 'test';
    if (set !== 'test' && set !== 'valid') throw new UsageError(`--set must be one of test, valid, got '${set}'`);
    const backend = v.backend ?? 'wasm';
    if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
    opts = { run: v.run, set, backend, samples: integer('samples', v.samples, 1000, 1), digits: integer('digits', v.digits, 0, 0), elboSamples: integer('elbo-samples', v['elbo-samples'], 10, 1), skipDone: v['skip-done'] ?? false };
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      process.stderr.write(`vae:bound: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (!hasCheckpoint(opts.run)) throw new Error(`no checkpoint in ${opts.run}`);
  await useBackend(opts.backend);
  const state = await readCheckpointState<RunConfig>(opts.run);
  const vae = createVae(state.config, state.config.seed);
  const optimizer = tf.train.adam(state.config.lr);
  await loadCheckpointTensors(opts.run, vae, optimizer);
  optimizer.dispose();
  const after = await readCheckpointState<RunConfig>(opts.run);
  if (after.step !== state.step) throw new Error(`the checkpoint in ${opts.run} changed while it was read (step ${state.step} → ${after.step}); run again`);
  const data = loadRunData({ ...state.config, trainSubset: 1 });
  const all = opts.set === 'test' ? data.testSet : data.evalSet;
  if (all === undefined) throw new Error(`${opts.run} has no test set (dataset ${state.config.dataset ?? 'mnist-10k'})`);
  const images = opts.digits > 0 ? firstImages(all, opts.digits) : all;
  if (opts.skipDone && (await readBounds(opts.run)).some((b) => b.step === state.step && b.set === opts.set && b.digits === images.count && b.samples === opts.samples)) {
    process.stdout.write(`vae:bound: ${opts.run} step ${state.step} (${opts.set}, ${images.count} digits, m = ${opts.samples}) already in bounds.jsonl\n`);
    vae.dispose();
    return 0;
  }
  const started = Date.now();
  const negElbo = await evaluateNegElbo(vae, images, opts.elboSamples);
  const bound = await evaluateMultiSampleBound(vae, images, opts.samples);
  vae.dispose();
  const line = JSON.stringify({
    estimator: state.config.estimator, step: state.step, set: opts.set, digits: images.count,
    negElbo: +negElbo.toFixed(4), elboSamples: opts.elboSamples, multiSampleBound: +bound.toFixed(4), samples: opts.samples,
    seconds: Math.round((Date.now() - started) / 1000), at: new Date().toISOString(),
  });
  process.stdout.write(`${line}\n`);
  await appendFile(join(opts.run, 'bounds.jsonl'), `${line}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`vae:bound: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
