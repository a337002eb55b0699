/**
 * Runs every ```ts block of README.md as written, with `@gumbel/distributions` pointed at the
 * sources: each block is written to a scratch module inside the package (so the workspace's
 * packages resolve) and imported.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as exported from './index.js';

const here = new URL('./test-support/.readme/', import.meta.url);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterAll(() => rmSync(here, { recursive: true, force: true }));

describe('README examples', () => {
  it('shows every distribution class the package exports in a block that runs', () => {
    const classes = Object.entries(exported)
      .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof exported.Distribution)
      .map(([name]) => name)
      // The abstract base of Categorical and OneHotCategorical: not constructed by users.
      .filter((name) => name !== 'CategoricalFamily');
    expect(classes.length).toBeGreaterThan(10);
    const shown = (name: string) => blocks.some((b) => new RegExp(`\\b${name}\\b`).test(b));
    expect(classes.filter((name) => !shown(name))).toEqual([]);
  });
  blocks.forEach((code, i) => {
    it(`block ${i + 1} runs`, async () => {
      mkdirSync(here, { recursive: true });
      const file = new URL(`block-${i}.ts`, here);
      const source = code
        .replaceAll("'@gumbel/distributions/tfjs'", "'../../tfjs/index.js'")
        .replaceAll("'@gumbel/distributions'", "'../../index.js'")
        .replaceAll("'@tensorflow/tfjs-core/dist/register_all_gradients'", "'@tensorflow/tfjs-core/dist/register_all_gradients.js'");
      writeFileSync(file, `${source}\nexport {};\n`);
      await import(file.href);
    });
  });
});
