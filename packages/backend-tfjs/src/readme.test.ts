/**
 * Runs every ```ts example of README.md: each is written to .readme/ (git-ignored) with the
 * package's own imports pointed at src, imported, and its console output checked.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const blocks = [...readFileSync(`${pkg}README.md`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterEach(() => vi.restoreAllMocks());

it('README has the four examples (ops, layer, estimators, estimatorOp)', () => {
  expect(blocks.length).toBe(4);
});

function prepare(index: number): string {
  mkdirSync(`${pkg}.readme`, { recursive: true });
  const source = (blocks[index] as string)
    .replaceAll("'@gumbel/backend-tfjs/layers'", "'../src/layers/index.js'")
    .replaceAll("'@gumbel/backend-tfjs'", "'../src/index.js'")
    .replaceAll("'@tensorflow/tfjs-core/dist/register_all_gradients'", "'@tensorflow/tfjs-core/dist/register_all_gradients.js'");
  const file = `${pkg}.readme/example-${index}.ts`;
  writeFileSync(file, `${source}\nexport {};\n`);
  return file;
}

async function run(index: number): Promise<unknown[][]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ prepare(index));
  return log.mock.calls;
}

it('ops example: one-hot hard sample, int32 indices, finite gradients, a gradient for the τ variable', async () => {
  const [first, second] = await run(0);
  const [hard, index, top2] = first as [number[][], number[], number[][]];
  for (const row of hard) expect(row.filter((v) => v === 1).length).toBe(1);
  expect(index.length).toBe(2);
  expect(top2.map((r) => r.length)).toEqual([2, 2]);
  const [dLogits, dTau] = second as [number[][], number];
  expect(dLogits.flat().every(Number.isFinite)).toBe(true);
  expect(Number.isFinite(dTau) && dTau !== 0).toBe(true);
});

it('layer example: τ annealed by the schedule, and the loaded model predicts one-hot rows', async () => {
  const [tauLine, predicted] = await run(1);
  expect(tauLine?.[1]).toBeCloseTo(Math.max(0.5, Math.exp(-0.05 * 19)), 5);
  for (const row of predicted?.[0] as number[][]) expect(row.slice().sort()).toEqual([0, 0, 0, 1]);
});

it('estimator example: REINFORCE moves the policy towards the cheapest class', async () => {
  const [probs] = await run(2);
  const p = (probs?.[0] as number[][])[0] as number[];
  expect(p.indexOf(Math.max(...p))).toBe(2);
});

it('estimatorOp example: Gumbel-Rao trains in model.fit (loss falls), REINFORCE on the tape finds the cheapest class', async () => {
  const [losses, probs] = await run(3);
  const [first, last] = losses as [number, number];
  expect(last).toBeLessThan(0.5 * first);
  const p = (probs?.[0] as number[][])[0] as number[];
  expect(p.indexOf(Math.max(...p))).toBe(2);
  expect(p[2]).toBeGreaterThan(0.5);
});
