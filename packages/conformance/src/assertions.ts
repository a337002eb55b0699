/** Comparisons that fail with the mismatching indices and values in the message. */
import { expect } from 'vitest';
import type { ErrorLedger } from './error-ledger.js';
import { mismatches } from './tolerance.js';
import type { Tolerance } from './tolerance.js';

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const bad = mismatches(actual, expected, tol).slice(0, 8);
  expect(bad, `${label}: values outside atol ${tol.atol} + rtol ${tol.rtol}·|expected|`).toEqual([]);
}

/** `expectClose`, and the errors go into the ledger under `family`. */
export function expectGolden(
  ledger: ErrorLedger,
  family: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  label: string,
): void {
  ledger.record(family, actual, expected, tol);
  expectClose(actual, expected, tol, `${family} ${label}`);
}

/** Exact equality (indices, one-hot, 0/1 samples, same-seed reproducibility). */
export function expectExact(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(Array.from(actual), label).toEqual(Array.from(expected));
}

export function expectAllFinite(values: ArrayLike<number>, label: string): void {
  const bad: { index: number; value: number }[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) bad.push({ index: i, value: v });
  }
  expect(bad.slice(0, 8), `${label}: non-finite entries`).toEqual([]);
}
