/** The bench code path at toy sizes (not a timing test: nothing here asserts a speed). */
import { describe, expect, it } from 'vitest';
import { CounterRng, fillUniforms } from '@gumbel/core';
import { runBenchmarks } from './run.js';
import { uniformAt } from './threefry-inline.js';

describe('bench', () => {
  it('the reference loops draw the project stream (Threefry-2x32-20 float32 uniforms)', () => {
    const rng = CounterRng.fromSeed(42);
    const expected = fillUniformsOf(rng.key, 200);
    expect(Array.from({ length: 200 }, (_, i) => Math.fround(uniformAt(42, 0, i)))).toEqual(Array.from(expected));
  });

  it('a quick run produces every table, the targets and an SVG plot', async () => {
    const lines: string[] = [];
    const { markdown, svg } = await runBenchmarks({ quick: true, log: (l) => lines.push(l) });
    for (const heading of ['## Targets', '## Gumbel noise', '### [16, 8]', '## Exact categorical sampling', '## Scaling']) expect(markdown).toContain(heading);
    expect(markdown).toMatch(/vs tfjs-wasm \| \d+\.\d×/);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<polyline');
  }, 120_000);
});

function fillUniformsOf(key: readonly [number, number], n: number): Float32Array {
  const out = new Float32Array(n);
  fillUniforms(out, { key, offset: 0, length: n });
  return out;
}
