/**
 * The layers entry survives a production bundle. An app imports `@gumbel/backend-tfjs/layers` only
 * for its side effect (registering `GumbelSoftmax` so `tf.loadLayersModel` can find the class); a
 * bundler that believed the package's `sideEffects` declaration to be `false` would drop that
 * import and the load would fail with "Unknown layer: GumbelSoftmax". Here esbuild bundles such an
 * app, minified and tree-shaken as for production, and Node runs it on a model saved by this
 * package; the bundle must load it and predict what the original model predicts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useCpuBackend } from '../testing/support.js';
import { GumbelSoftmax } from './index.js';

beforeAll(useCpuBackend);

const pkg = fileURLToPath(new URL('../..', import.meta.url));
const root = join(pkg, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'gumbel-layers-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The whole app: no reference to GumbelSoftmax but the bare import of the layers entry. */
const APP = `
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import '@gumbel/backend-tfjs/layers';

const saved = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const weightData = Uint8Array.from(Buffer.from(saved.weightData, 'base64')).buffer;
await tf.setBackend('cpu');
const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs, weightData }));
const x = tf.tensor2d(saved.input, [saved.input.length / 3, 3]);
console.log(JSON.stringify({ classes: model.layers.map((l) => l.getClassName()), prediction: Array.from(model.predict(x).dataSync()) }));
`;

it('an esbuild production bundle that only imports the layers entry loads a saved GumbelSoftmax model', async () => {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 4, inputShape: [3], kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) }));
  m.add(new GumbelSoftmax({ tau: 0.5, inference: 'soft' }));
  const input = [0.5, -1, 2, 1.5, 0.25, -0.75];
  const expected = Array.from((m.predict(tf.tensor2d(input, [2, 3])) as tf.Tensor).dataSync());
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const weightData = Buffer.from(new Uint8Array(artifacts?.weightData as ArrayBuffer)).toString('base64');
  const modelFile = join(scratch, 'model.json');
  writeFileSync(modelFile, JSON.stringify({ modelTopology: artifacts?.modelTopology, weightSpecs: artifacts?.weightSpecs, weightData, input }));

  writeFileSync(join(scratch, 'app.mjs'), APP);
  const result = await build({
    entryPoints: [join(scratch, 'app.mjs')],
    outfile: join(scratch, 'bundle.mjs'),
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'node',
    // ESM builds throughout: mixing a package's CommonJS main with another's ESM module would load
    // two tfjs-core instances (a backend registered in one is missing from the other).
    mainFields: ['module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // The workspace's packages as an installed app would see them; the package under test is
    // bundled from its sources (the same files, and the same package.json, as the published dist).
    nodePaths: [join(root, 'node_modules'), join(pkg, 'node_modules')],
    conditions: ['@gumbel/source'],
    // tfjs-core's Node platform code requires these lazily; an app on Node has them or not.
    external: ['node-fetch', 'string_decoder'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const out = JSON.parse(execFileSync(process.execPath, [join(scratch, 'bundle.mjs'), modelFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop() as string) as { classes: string[]; prediction: number[] };
  expect(out.classes).toEqual(['Dense', 'GumbelSoftmax']);
  expect(out.prediction.length).toBe(expected.length);
  out.prediction.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
  expect(readFileSync(join(scratch, 'bundle.mjs'), 'utf8')).toContain('GumbelSoftmax');
}, 120_000);
