/**
 * Page check of the device's conditional Gumbel on GLSL (webgl2): the cpu-mode tests
 * (conditional-gumbel.test.ts) run the JS translation of the same kernels, this runs the GLSL one.
 * - a seed gives core's `fillConditionalGumbel` float32 noise (same stream positions), to float32
 *   rounding of the logs and the row logsumexp;
 * - the conditioning holds for float32 sums (as the device itself forms them), also where logits of
 *   1e7 (one ulp = 1) make rounding ties and the given class is the last of four equal ones
 *   (with the kernel's guard loop removed, 870 of the 2000 tie rows failed under SwiftShader).
 */
import { CounterRng, fillConditionalGumbel } from '@gumbel/core';
import type { GpujsBackend } from '../index.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Rows whose float32 argmax of logits + g (ties to the lowest index) is not the given index. */
function wrongRows(logits: readonly number[], g: ArrayLike<number>, index: readonly number[], k: number): number {
  let wrong = 0;
  for (let r = 0; r < index.length; r++) {
    let best = 0;
    const at = (j: number) => Math.fround((logits[r * k + j] as number) + (g[r * k + j] as number));
    for (let j = 1; j < k; j++) if (at(j) > at(best)) best = j;
    if (best !== index[r]) wrong++;
  }
  return wrong;
}

async function draw(b: GpujsBackend, logits: readonly number[], index: readonly number[], k: number, seed: number): Promise<Float32Array> {
  const lt = b.toDevice(b.fromArray([...logits], [index.length, k]));
  const it = b.fromArray([...index], [index.length]);
  const g = b.conditionalGumbelNoise(lt, it, seed);
  const values = (await b.toArray(g)) as Float32Array;
  b.dispose(lt, it, g);
  return values;
}

export async function conditionalGumbelCheck(b: GpujsBackend): Promise<Check> {
  const [batch, k] = [300, 6];
  const rng = CounterRng.fromSeed(5);
  const logits = Array.from({ length: batch * k }, (_, i) => (i % k === 3 && i % 4 === 0 ? -Infinity : 6 * rng.next() - 3));
  const index = Array.from({ length: batch }, (_, r) => [0, 1, 2, 4, 5][r % 5] as number);
  const got = await draw(b, logits, index, k, 2024);
  const want = new Float32Array(batch * k);
  fillConditionalGumbel(want, Float32Array.from(logits), index, k, 2024);
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / (1 + Math.abs(logits[i] as number) + Math.abs(want[i] as number)));
  }
  const wrong = wrongRows(logits, got, index, k);
  const ties = 2000;
  const tieLogits = Array.from({ length: ties * 4 }, () => 1e7);
  const tieIndex = Array.from({ length: ties }, () => 3);
  const tieWrong = wrongRows(tieLogits, await draw(b, tieLogits, tieIndex, 4, 9), tieIndex, 4);
  // SwiftShader's float32 log and the one-pass logsumexp: a few ulps of the largest term (< 25).
  return {
    name: "conditional Gumbel on the device = core's fillConditionalGumbel; argmax = index in float32 (also at 1e7 ties)",
    ok: worst < 1e-5 && wrong === 0 && tieWrong === 0,
    detail: `worst scaled error ${worst.toExponential(2)}, ${wrong} of ${batch} rows and ${tieWrong} of ${ties} tie rows with another argmax`,
  };
}
