/**
 * The golden fixtures: `fixtures/golden.json`, written by `fixtures/generate.py` from numpy/scipy
 * (and mpmath cross-checks), never from this project's TypeScript. JSON has no infinities, so the
 * generator writes them as the strings "Infinity" / "-Infinity"; `reviveNumbers` turns those (and
 * only those) back into numbers. The schema is described in packages/conformance/fixtures/SCHEMA.md.
 */
import { readFileSync } from 'node:fs';

export type Matrix = readonly (readonly number[])[];

export interface GoldenQuantile { readonly p: number; readonly loc: number; readonly scale: number; readonly x: number }
export interface GoldenSoftmax {
  readonly logits: readonly number[];
  readonly tau: number;
  readonly logSumExp: number;
  readonly logSoftmax: readonly number[];
  readonly softmax: readonly number[];
  readonly argmax: number;
}
export interface GoldenRelaxed {
  readonly logits: Matrix;
  readonly uniforms: Matrix;
  readonly tau: number | readonly number[];
  readonly gumbel: Matrix;
  readonly logY: Matrix;
  readonly y: Matrix;
  readonly argmax: readonly number[];
  readonly hard: Matrix;
}
export interface GoldenBernoulli {
  readonly logits: Matrix;
  readonly uniforms: Matrix;
  readonly tau: number | readonly number[];
  readonly logistic: Matrix;
  readonly y: Matrix;
  readonly hard: Matrix;
}
export interface GoldenTopK { readonly logits: Matrix; readonly uniforms: Matrix; readonly count: number; readonly indices: Matrix }
export interface GoldenConcrete { readonly logits: readonly number[]; readonly tau: number; readonly y: readonly number[]; readonly logProb: number }
export interface GoldenExpConcrete { readonly logits: readonly number[]; readonly tau: number; readonly x: readonly number[]; readonly logProb: number }
export interface GoldenBinConcrete {
  readonly logit: number;
  readonly tau: number;
  readonly y: number;
  readonly logProb: number;
  readonly x: number;
  readonly logitLogProb: number;
}

export interface Golden {
  readonly generator: string;
  readonly gumbelQuantile: readonly GoldenQuantile[];
  readonly softmax: readonly GoldenSoftmax[];
  readonly relaxed: readonly GoldenRelaxed[];
  readonly bernoulli: readonly GoldenBernoulli[];
  readonly topK: readonly GoldenTopK[];
  readonly concrete: readonly GoldenConcrete[];
  readonly expConcrete: readonly GoldenExpConcrete[];
  readonly binConcrete: readonly GoldenBinConcrete[];
}

/** Where the fixtures live, relative to this module (src/ when run from source, dist/ when built). */
export const GOLDEN_URL = new URL('../fixtures/golden.json', import.meta.url);

const FAMILIES = ['gumbelQuantile', 'softmax', 'relaxed', 'bernoulli', 'topK', 'concrete', 'expConcrete', 'binConcrete'] as const;

/** `JSON.parse` reviver: the strings "Infinity", "-Infinity" (and "NaN") become numbers. */
export function reviveNumbers(_key: string, value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  return value;
}

/** Parse fixture text; throws if a family the suite relies on is missing or not an array. */
export function parseGolden(text: string): Golden {
  const parsed: unknown = JSON.parse(text, reviveNumbers);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('golden.json: not an object');
  for (const family of FAMILIES) {
    const list = (parsed as Record<string, unknown>)[family];
    if (!Array.isArray(list) || list.length === 0) throw new Error(`golden.json: family "${family}" missing or empty`);
  }
  return parsed as Golden;
}

let cached: Golden | undefined;

/** The fixtures, read once per process. */
export function loadGolden(url: URL = GOLDEN_URL): Golden {
  if (url === GOLDEN_URL && cached !== undefined) return cached;
  const golden = parseGolden(readFileSync(url, 'utf8'));
  if (url === GOLDEN_URL) cached = golden;
  return golden;
}
