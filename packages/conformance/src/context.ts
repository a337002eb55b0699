/** What every case file receives: the backend under test, its tolerances, and the error ledger. */
import type { Backend } from '@gumbel/core';
import type { ErrorLedger } from './error-ledger.js';
import type { ResolvedTolerance } from './tolerance.js';

export interface SuiteContext<T> {
  /** The name given to `describeBackend`, e.g. `cpu float32`. */
  readonly name: string;
  readonly backend: Backend<T>;
  readonly tol: ResolvedTolerance;
  readonly ledger: ErrorLedger;
}

/** Row-major flattening of a fixture matrix, with its `[rows, cols]` shape. */
export function flatten(matrix: readonly (readonly number[])[]): { values: number[]; shape: [number, number] } {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  const values: number[] = [];
  for (const row of matrix) {
    if (row.length !== cols) throw new Error(`ragged fixture matrix: row of ${row.length}, expected ${cols}`);
    values.push(...row);
  }
  return { values, shape: [rows, cols] };
}
