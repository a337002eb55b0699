#!/usr/bin/env node
/**
 * `node apps/semisupervised/dist/speedup-cli.js [--ks 10,20,50,100] [--seconds 4] [--rounds 2] ...`
 * Measures steps/s of both unlabelled objectives for each k and writes <out>/speedup.json and
 * <out>/speedup.svg. Bad flags print the message and the usage and exit 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSpeedup } from './speedup.js';
import { speedupSvg } from './speedup-svg.js';
import { useBackend } from '@gumbel/mnist-shared/node';

const USAGE = `usage: speedup-cli [--ks 10,20,50,100] [--seconds 4] [--rounds 2] [--batch 100] [--labelled-batch 100]
                   [--method relaxed-gs|st-gs] [--backend wasm|cpu] [--seed 0] [--out apps/semisupervised/results]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function positive(name: string, text: string, integer: boolean): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  return v;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      strict: true,
      options: {
        ks: { type: 'string', default: '10,20,50,100' }, seconds: { type: 'string', default: '4' }, rounds: { type: 'string', default: '2' },
        batch: { type: 'string', default: '100' }, 'labelled-batch': { type: 'string', default: '100' }, method: { type: 'string', default: 'relaxed-gs' },
        backend: { type: 'string', default: 'wasm' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'apps/semisupervised/results' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) { process.stdout.write(`${USAGE}\n`); return; }
  const ks = values.ks.split(',').map((s) => positive('ks', s, true));
  if (ks.some((k) => k < 2)) fail(`--ks must be integers ≥ 2, got ${values.ks}`);
  const method = values.method;
  if (method !== 'relaxed-gs' && method !== 'st-gs') fail(`--method must be relaxed-gs or st-gs, got ${method}`);
  const backend = values.backend;
  if (backend !== 'wasm' && backend !== 'cpu') fail(`--backend must be wasm or cpu, got ${backend}`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be an integer ≥ 0, got ${values.seed}`);
  const options = {
    ks, seconds: positive('seconds', values.seconds, false), rounds: positive('rounds', values.rounds, true),
    batch: positive('batch', values.batch, true), labelledBatch: positive('labelled-batch', values['labelled-batch'], true),
    gumbelMethod: method, seed,
  } as const;
  await useBackend(backend);
  const startedAt = new Date().toISOString();
  const result = await measureSpeedup({
    ...options,
    onCell: (c) => process.stdout.write(`k ${c.k}: marginal ${c.marginalStepsPerSec.toFixed(2)} steps/s, ${method} ${c.gumbelStepsPerSec.toFixed(2)} steps/s, ratio ${c.ratio.toFixed(2)}\n`),
  });
  mkdirSync(values.out, { recursive: true });
  const json = {
    command: `node apps/semisupervised/dist/speedup-cli.js ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt, backend, options: { ...options, model: 'M2, hidden 500, latent 50, softplus' },
    loadAverage: { before: result.loadBefore, after: result.loadAfter },
    entries: result.cells,
  };
  writeFileSync(join(values.out, 'speedup.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(values.out, 'speedup.svg'), speedupSvg(result.cells, `M2 on MNIST, tfjs-${backend}: one Gumbel-Softmax sample vs marginalising`));
  process.stdout.write(`wrote ${join(values.out, 'speedup.json')} and speedup.svg\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
