/**
 * Runs the README's Node example as written (its import rewritten to this package's source), so the
 * documented code cannot drift from the API.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the README Node example runs and prints mode cpu, y on the simplex and finite gradients', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /## Example \(Node[^\n]*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const source = (block as string).replace("from '@gumbel/backend-gpujs'", "from './index.js'");
  const file = fileURLToPath(new URL('./.readme-example.tmp.ts', import.meta.url));
  writeFileSync(file, source);
  const printed: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args);
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    console.log = log;
    rmSync(file, { force: true });
  }
  const [mode, y, dLogits, dTau] = printed[0] as [string, Float32Array, Float32Array, Float32Array];
  expect(mode).toBe('cpu');
  expect(y[3]).toBe(0); // the masked class
  expect(Math.abs(Array.from(y).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
  expect([...dLogits, ...dTau].every(Number.isFinite)).toBe(true);
  expect(dLogits[3]).toBe(0);
});
