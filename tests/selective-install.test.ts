/**
 * Selective installs really work: pack @gumbel/core and @gumbel/backend-cpu (with the
 * @gumbel/wasm-simd kernels it depends on) and, separately, @gumbel/distributions with them, as
 * they would be published; install only those tarballs into a scratch project outside the
 * workspace (no registry, no workspace links), then run a small program and type-check a
 * TypeScript consumer.
 * Needs the packages built (`pnpm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gumbel-selective-'));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const program = `
import { createCpuBackend } from '@gumbel/backend-cpu';
import { CounterRng, gumbelQuantile } from '@gumbel/core';
const backend = createCpuBackend({ precision: 64 });
const logits = backend.fromArray([1, 0, -1, 2, 2, -Infinity], [2, 3]);
const noise = backend.gumbelNoise([2, 3], CounterRng.fromSeed(0));
const { hard, soft } = backend.straightThroughSample({ logits, tau: 0.5, noise });
const dy = backend.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
const { dLogits } = backend.relaxedSampleVjp({ logits, tau: 0.5, noise, y: soft, dy });
console.log(JSON.stringify({
  hard: Array.from(await backend.toArray(hard)),
  soft: Array.from(await backend.toArray(soft)),
  dLogits: Array.from(await backend.toArray(dLogits)),
  median: gumbelQuantile(0.5),
}));
`;

describe('selective install of packed tarballs', () => {
  it('packs core, wasm-simd and backend-cpu, installs only them, and runs and type-checks against them', () => {
    for (const pkg of ['core', 'wasm-simd', 'backend-cpu']) {
      run('pnpm', ['pack', '--pack-destination', scratch], join(root, 'packages', pkg));
    }
    const tarballs = readdirSync(scratch).filter((f) => f.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual(['gumbel-backend-cpu-0.0.0.tgz', 'gumbel-core-0.0.0.tgz', 'gumbel-wasm-simd-0.0.0.tgz']);

    const consumer = join(scratch, 'consumer');
    run('mkdir', ['-p', consumer], scratch);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(tarballs.map((t) => [`@gumbel/${t.replace(/^gumbel-/, '').replace(/-0\.0\.0\.tgz$/, '')}`, `file:../${t}`])),
      }),
    );
    // --offline: every package comes from the tarballs; anything else would have to come from a registry.
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);

    writeFileSync(join(consumer, 'main.mjs'), program);
    const out = JSON.parse(run('node', ['main.mjs'], consumer)) as { hard: number[]; soft: number[]; dLogits: number[]; median: number };
    // Each row of the hard sample is one-hot, the masked class (row 1, index 2) is never chosen.
    expect(out.hard.slice(0, 3).reduce((a, b) => a + b)).toBe(1);
    expect(out.hard.slice(3).reduce((a, b) => a + b)).toBe(1);
    expect(out.hard[5]).toBe(0);
    expect(out.soft[5]).toBe(0);
    expect(out.dLogits.every(Number.isFinite)).toBe(true);
    // Median of the standard Gumbel: −log(log 2).
    expect(out.median).toBeCloseTo(-Math.log(Math.log(2)), 14);

    // The exports map carries types: a strict TypeScript consumer compiles against the tarballs.
    writeFileSync(join(consumer, 'main.ts'), program.replace(/^/, 'export {};\n'));
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], lib: ['ES2022', 'DOM'] }, files: ['main.ts'] }),
    );
    run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);
  });

  it('installs @gumbel/distributions alone (with core and backend-cpu and its wasm-simd, no tfjs) and runs and type-checks it', () => {
    const dir = join(scratch, 'distributions');
    run('mkdir', ['-p', dir], scratch);
    for (const pkg of ['core', 'wasm-simd', 'backend-cpu', 'distributions']) run('pnpm', ['pack', '--pack-destination', dir], join(root, 'packages', pkg));
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
    expect(tarballs).toEqual(['gumbel-backend-cpu-0.0.0.tgz', 'gumbel-core-0.0.0.tgz', 'gumbel-distributions-0.0.0.tgz', 'gumbel-wasm-simd-0.0.0.tgz']);
    const consumer = join(dir, 'consumer');
    run('mkdir', ['-p', consumer], dir);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: Object.fromEntries(tarballs.map((t) => [`@gumbel/${t.replace(/^gumbel-/, '').replace(/-0\.0\.0\.tgz$/, '')}`, `file:../${t}`])) }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
    const source = `
import { createCpuBackend } from '@gumbel/backend-cpu';
import { RelaxedOneHotCategorical, Bernoulli, kl } from '@gumbel/distributions';
const backend = createCpuBackend({ precision: 64 });
const d = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray([1, 0, -1], [3]), temperature: backend.fromArray([0.5, 2], [2]) });
const y = d.rsample([4], { seed: 0 });
const lp = d.logProbVjp(y);
const grads = lp.backwardSync(backend.fromArray(new Array(8).fill(1), [4, 2]));
const klValue = kl(new Bernoulli({ backend, probs: 0.3 }), new Bernoulli({ backend, probs: 0.5 }));
console.log(JSON.stringify({
  shape: backend.shapeOf(y),
  logProb: Array.from(backend.toArraySync(lp.value)),
  dTau: Array.from(backend.toArraySync(grads.temperature)),
  kl: backend.toArraySync(klValue)[0],
}));
`;
    writeFileSync(join(consumer, 'main.mjs'), source);
    const out = JSON.parse(run('node', ['main.mjs'], consumer)) as { shape: number[]; logProb: number[]; dTau: number[]; kl: number };
    expect(out.shape).toEqual([4, 2, 3]);
    expect(out.logProb.every(Number.isFinite)).toBe(true);
    expect(out.dTau).toHaveLength(2);
    // KL(Bern(0.3) ‖ Bern(0.5)) = 0.3 log 0.6 + 0.7 log 1.4.
    expect(out.kl).toBeCloseTo(0.3 * Math.log(0.6) + 0.7 * Math.log(1.4), 14);
    writeFileSync(join(consumer, 'main.ts'), `export {};\n${source}`);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], lib: ['ES2022', 'DOM'] }, files: ['main.ts'] }),
    );
    run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);
  });
});
