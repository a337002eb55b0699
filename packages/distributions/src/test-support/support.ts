/** Test helpers: tensors from nested arrays, reads, closeness with ±∞ exact, the golden fixture. */
import { readFileSync } from 'node:fs';
import type { Backend } from '@gumbel/core';
import { expect } from 'vitest';

export type Nested = number | string | Nested[];

export function flat(v: Nested): number[] {
  if (Array.isArray(v)) return v.flatMap(flat);
  return [typeof v === 'string' ? Number(v) : v];
}

export function shapeOf(v: Nested): number[] {
  return Array.isArray(v) ? [v.length, ...(v.length ? shapeOf(v[0] as Nested) : [])] : [];
}

export function tensor<T>(backend: Backend<T>, v: Nested): T {
  return backend.fromArray(flat(v), shapeOf(v));
}

export function read<T>(backend: Backend<T>, t: T): number[] {
  return Array.from(backend.toArraySync(t));
}

/** Elementwise |a − e| ≤ atol + rtol·|e|; infinities must match exactly, NaN never passes. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!Number.isFinite(e)) {
      expect(a, `${label}[${i}]`).toBe(e);
      continue;
    }
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`${label}[${i}]: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

export interface GoldenCase {
  readonly source: string;
  readonly kind: string;
  readonly name: string;
  readonly [field: string]: Nested;
}

export function loadGolden(): GoldenCase[] {
  const text = readFileSync(new URL('../../fixtures/golden.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: GoldenCase[] }).cases;
}

/** Counts of ported cases per peer source, filled in by the tests that port them. */
export const ported = new Map<string, number>();
export function countPorted(source: string, n = 1): void {
  ported.set(source, (ported.get(source) ?? 0) + n);
}

/** Reference values that are not golden cases of their own (fixtures/generate.py, `references`). */
export function loadReference(name: string): Record<string, number> {
  const text = readFileSync(new URL('../../fixtures/golden.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { references: Record<string, Record<string, number>> }).references[name] as Record<string, number>;
}
