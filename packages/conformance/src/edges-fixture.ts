/**
 * The edge fixtures: `fixtures/edges.json`, written by `fixtures/generate_edges.py` from mpmath
 * limits of the textbook densities along paths into their support (layout: fixtures/EDGES.md),
 * never from this project's TypeScript. Infinities are the strings "Infinity" / "-Infinity", as in
 * golden.json, and are revived by the same reviver.
 */
import { readFileSync } from 'node:fs';
import { reviveNumbers } from './golden.js';

export interface EdgeBinConcreteEnd {
  readonly logit: number;
  readonly tau: number;
  readonly y: number;
  readonly logProb: number;
  /** ∂ log p/∂logit at the end (a limit); null for the clamped-sample points inside (0, 1). */
  readonly dLogit: number | null;
  /** ∂ log p/∂y at the end: ±Infinity, or finite at τ = 1; null inside. */
  readonly dY: number | null;
}
export interface EdgeBinConcreteSure { readonly logit: number; readonly tau: number; readonly y: number; readonly logProb: number }
export interface EdgeConcrete { readonly logits: readonly number[]; readonly tau: number; readonly y: readonly number[]; readonly logProb: number }
export interface EdgeExpConcrete { readonly logits: readonly number[]; readonly tau: number; readonly x: readonly number[]; readonly logProb: number }
export interface EdgeLowTau {
  readonly logits: readonly number[];
  readonly tau: number;
  readonly uniforms: readonly number[];
  /** float32 log_softmax((logits + g)/τ). */
  readonly x: readonly number[];
  /** float32 exp(x), 0 below 2^-126. */
  readonly y: readonly number[];
  readonly zeros: number;
  readonly expConcreteLogProb: number;
  readonly concreteLogProb: number;
}

export interface EdgesFixture {
  readonly generator: string;
  readonly binConcreteEnds: readonly EdgeBinConcreteEnd[];
  readonly binConcreteSure: readonly EdgeBinConcreteSure[];
  readonly concreteBoundary: readonly EdgeConcrete[];
  readonly expConcreteBoundary: readonly EdgeExpConcrete[];
  readonly lowTau: readonly EdgeLowTau[];
}

export const EDGES_URL = new URL('../fixtures/edges.json', import.meta.url);

const FAMILIES = ['binConcreteEnds', 'binConcreteSure', 'concreteBoundary', 'expConcreteBoundary', 'lowTau'] as const;

let cached: EdgesFixture | undefined;

/** The edge fixtures, read once per process; throws if a family is missing or empty. */
export function loadEdges(): EdgesFixture {
  if (cached !== undefined) return cached;
  const parsed: unknown = JSON.parse(readFileSync(EDGES_URL, 'utf8'), reviveNumbers);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('edges.json: not an object');
  for (const family of FAMILIES) {
    const list = (parsed as Record<string, unknown>)[family];
    if (!Array.isArray(list) || list.length === 0) throw new Error(`edges.json: family "${family}" missing or empty`);
  }
  cached = parsed as EdgesFixture;
  return cached;
}
