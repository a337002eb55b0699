/**
 * The labelled set: `perClass` digits of each class (Kingma et al. and Jang et al.: 100 labels, 10 per
 * class), chosen by a seeded Fisher–Yates shuffle of the candidate indices (core's CounterRng), so
 * the same seed gives the same 100 digits on every machine. The rest of the candidates are unlabelled.
 */
import { CounterRng, GumbelRangeError } from '@gumbel/core';

export interface LabelledSplit {
  /** Indices (into `labels`) of the labelled digits, sorted by class then by shuffle order. */
  readonly labelled: readonly number[];
  /** Every other index, ascending. */
  readonly unlabelled: readonly number[];
}

export function chooseLabelled(labels: Uint8Array, perClass: number, seed: number, classes = 10): LabelledSplit {
  if (!Number.isInteger(perClass) || perClass < 1) throw new GumbelRangeError('perClass', perClass, 'an integer ≥ 1');
  const order = Array.from({ length: labels.length }, (_, i) => i);
  const rng = CounterRng.fromSeed(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const picked: number[][] = Array.from({ length: classes }, () => []);
  for (const i of order) {
    const c = labels[i] as number;
    if (c >= classes) throw new GumbelRangeError(`labels[${i}]`, c, `a class in [0, ${classes})`);
    if ((picked[c] as number[]).length < perClass) (picked[c] as number[]).push(i);
  }
  picked.forEach((p, c) => {
    if (p.length < perClass) throw new GumbelRangeError('perClass', perClass, `at most ${p.length} (digits of class ${c} available)`);
  });
  const labelled = picked.flat();
  const taken = new Set(labelled);
  return { labelled, unlabelled: order.filter((i) => !taken.has(i)).sort((a, b) => a - b) };
}
