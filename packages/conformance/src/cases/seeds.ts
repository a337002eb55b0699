/**
 * Case family 5: seeds and streams. Same seed ⇒ same output; seed 0 is a seed like any other (never
 * `seed || default`); a `CounterRng` advances by the tensor's size and its clone replays it; and the
 * documented stream layout (element i ← uniform at position offset + i, core's `fillUniforms`) holds,
 * which is what makes seeded noise agree across backends.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng, fillUniforms, reserveFrom } from '@gumbel/core';
import type { RandomSource, Shape } from '@gumbel/core';
import { expectClose, expectExact } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';

const SHAPE: Shape = [64, 5];
const SIZE = 320;

function differsSomewhere(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
  return false;
}

export function registerSeedCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;
  const tol = ctx.tol.values;
  type NoiseKind = 'uniformNoise' | 'gumbelNoise' | 'logisticNoise';
  const kinds: NoiseKind[] = s.bernoulli ? ['uniformNoise', 'gumbelNoise', 'logisticNoise'] : ['uniformNoise', 'gumbelNoise'];

  const draw = (kind: NoiseKind, source: RandomSource, shape: Shape = SHAPE) =>
    withTensors(backend, async (scope) => scope.read(scope.keep(backend[kind](shape, source))));

  /** The stream's uniforms in the backend's precision, computed on the host by core. */
  function hostUniforms(source: RandomSource, length: number): Float64Array {
    const out = backend.floatPrecision === 32 ? new Float32Array(length) : new Float64Array(length);
    fillUniforms(out, reserveFrom(source, length));
    return Float64Array.from(out);
  }

  describe('seeds and streams', () => {
    it.skipIf(!s.seededNoise)('the same seed gives the same noise', async () => {
      for (const kind of kinds) {
        const a = await draw(kind, 42);
        const b = await draw(kind, 42);
        expectExact(a, b, `${kind}(seed 42) twice`);
        expect(differsSomewhere(a, await draw(kind, 43)), `${kind}: seeds 42 and 43 differ`).toBe(true);
      }
    });

    it.skipIf(!s.seededNoise)('seed 0 works and differs from seed 1; seeds ≥ 2^32 use the high key word', async () => {
      for (const kind of kinds) {
        const zero = await draw(kind, 0);
        expect(zero.every(Number.isFinite), `${kind}(seed 0) finite`).toBe(true);
        expect(differsSomewhere(zero, await draw(kind, 1)), `${kind}: seed 0 ≠ seed 1`).toBe(true);
        expect(differsSomewhere(zero, await draw(kind, 2 ** 32)), `${kind}: seed 0 ≠ seed 2^32`).toBe(true);
        expect((await draw(kind, Number.MAX_SAFE_INTEGER)).every(Number.isFinite), `${kind}(seed 2^53 − 1) finite`).toBe(true);
      }
    });

    it.skipIf(!s.seededNoise)('a CounterRng passed twice advances, and a clone replays it', async () => {
      for (const kind of kinds) {
        const rng = CounterRng.fromSeed(7);
        const replay = rng.clone();
        const first = await draw(kind, rng);
        expect(rng.position, `${kind} advanced the stream by the tensor size`).toBe(SIZE);
        const second = await draw(kind, rng);
        expect(rng.position).toBe(2 * SIZE);
        expect(differsSomewhere(first, second), `${kind}: second draw differs from the first`).toBe(true);
        expectExact(await draw(kind, replay), first, `${kind}: clone replays the first draw`);
        expectExact(await draw(kind, replay), second, `${kind}: clone replays the second draw`);
        // A seed is a fresh stream at position 0: the same as a new CounterRng from that seed.
        expectExact(await draw(kind, 7), first, `${kind}: seed 7 = CounterRng.fromSeed(7)`);
      }
    });

    it.skipIf(!s.seededNoise)('element i of the noise comes from stream position offset + i (core fillUniforms)', async () => {
      const rng = CounterRng.fromSeed(99);
      rng.reserve(1000); // start mid-stream
      const expectedU = hostUniforms(rng.clone(), SIZE);
      expectClose(await draw('uniformNoise', rng), expectedU, tol, 'uniformNoise vs host uniforms');
      const u = hostUniforms(2024, SIZE);
      for (const v of u) expect(v > 0 && v < 1).toBe(true);
      expectClose(await draw('uniformNoise', 2024), u, tol, 'uniformNoise(seed) vs host uniforms');
      expectClose(await draw('gumbelNoise', 2024), u.map((v) => -Math.log(-Math.log(v))), tol, 'gumbelNoise = −log(−log u)');
      if (s.bernoulli) {
        expectClose(await draw('logisticNoise', 2024), u.map((v) => Math.log(v) - Math.log1p(-v)), tol, 'logisticNoise = log u − log(1 − u)');
      }
    });

    it.skipIf(!s.hostUniforms)('noise from host uniforms equals −log(−log u) (and log u − log(1 − u)) on the host', async () => {
      const rng = CounterRng.fromSeed(31);
      // The open interval's extremes in float32, plus ordinary draws.
      const raw = [2 ** -24, 1 - 2 ** -24, 0.5, 1e-10, 0.9999, ...Array.from({ length: 195 }, () => rng.next())];
      const u = raw.map((v) => (backend.floatPrecision === 32 ? Math.fround(v) : v));
      await withTensors(backend, async (scope) => {
        const ut = scope.from(u, [200]);
        const g = await scope.read(scope.keep(backend.gumbelFromUniforms(ut)));
        expectClose(g, u.map((v) => -Math.log(-Math.log(v))), tol, 'gumbelFromUniforms');
        if (s.bernoulli) {
          const l = await scope.read(scope.keep(backend.logisticFromUniforms(ut)));
          expectClose(l, u.map((v) => Math.log(v) - Math.log1p(-v)), tol, 'logisticFromUniforms');
        }
      });
    });
  });
}
