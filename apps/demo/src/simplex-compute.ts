/**
 * What the simplex explorer asks of a backend: relaxed and hard samples from one noise draw, the
 * Concrete log-density on a grid of points, and E[max_i y_i] over a sweep of τ (one batched call with
 * a per-row τ where the backend supports it).
 */
import type { Backend } from '@gumbel/core';
import { withTensors } from './dom.js';

function tile(row: readonly number[], rows: number): Float64Array {
  const out = new Float64Array(rows * row.length);
  for (let r = 0; r < rows; r++) out.set(row, r * row.length);
  return out;
}

export interface SimplexSamples {
  /** `[n, k]` relaxed samples y. */
  readonly soft: Float32Array | Float64Array;
  /** How many hard (Gumbel-max) samples fell on each class. */
  readonly counts: number[];
}

/** n samples sharing one noise draw per seed: the hard sample is the argmax of the same perturbed logits. */
export async function sampleSimplex<T>(b: Backend<T>, logits: readonly number[], tau: number, n: number, seed: number): Promise<SimplexSamples> {
  const k = logits.length;
  return withTensors<T, SimplexSamples>(b.dispose.bind(b), async (keep) => {
    const l = keep(b.fromArray(tile(logits, n), [n, k]));
    const noise = keep(b.gumbelNoise([n, k], seed));
    const { hard, soft } = b.straightThroughSample({ logits: l, tau, noise });
    keep(hard);
    keep(soft);
    const [softValues, hardValues] = await Promise.all([b.toArray(soft), b.toArray(hard)]);
    const counts = new Array<number>(k).fill(0);
    for (let r = 0; r < n; r++) for (let i = 0; i < k; i++) if (hardValues[r * k + i] === 1) counts[i] = (counts[i] ?? 0) + 1;
    return { soft: softValues, counts };
  });
}

/** log p(y) of Concrete(logits, τ) at each of the points `[m, k]`. */
export async function concreteLogDensity<T>(b: Backend<T>, logits: readonly number[], tau: number, points: Float64Array): Promise<Float32Array | Float64Array> {
  const k = logits.length;
  const m = points.length / k;
  return withTensors(b.dispose.bind(b), async (keep) => {
    const l = keep(b.fromArray(tile(logits, m), [m, k]));
    const y = keep(b.fromArray(points, [m, k]));
    return b.toArray(keep(b.concreteLogProb({ logits: l, tau, y })));
  });
}

/** E[max_i y_i] at each τ from n samples per τ: 1 when samples sit at the corners, 1/k at the centre. */
export async function maxCoordinateSweep<T>(b: Backend<T>, logits: readonly number[], taus: readonly number[], n: number, seed: number): Promise<number[]> {
  const k = logits.length;
  const means = async (values: ArrayLike<number>, groups: number): Promise<number[]> => {
    const out: number[] = [];
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      for (let r = g * n; r < (g + 1) * n; r++) {
        let max = 0;
        for (let i = 0; i < k; i++) max = Math.max(max, values[r * k + i] as number);
        sum += max;
      }
      out.push(sum / n);
    }
    return out;
  };
  if (b.supports.perRowTemperature) {
    const rows = taus.length * n;
    const perRow = new Float64Array(rows);
    taus.forEach((tau, g) => perRow.fill(tau, g * n, (g + 1) * n));
    return withTensors(b.dispose.bind(b), async (keep) => {
      const l = keep(b.fromArray(tile(logits, rows), [rows, k]));
      const tau = keep(b.fromArray(perRow, [rows]));
      const noise = keep(b.gumbelNoise([rows, k], seed));
      return means(await b.toArray(keep(b.relaxedSample({ logits: l, tau, noise }))), taus.length);
    });
  }
  const out: number[] = [];
  for (const tau of taus) out.push(...(await means((await sampleSimplex(b, logits, tau, n, seed)).soft, 1)));
  return out;
}

/** Mean Euclidean distance of the samples from the centre (1/k, …, 1/k): the spread the τ slider moves. */
export function distanceFromCentre(soft: ArrayLike<number>, k: number): number {
  const n = soft.length / k;
  let total = 0;
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += ((soft[r * k + i] as number) - 1 / k) ** 2;
    total += Math.sqrt(s);
  }
  return total / n;
}
