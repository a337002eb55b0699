/**
 * The largest error seen against the golden fixtures, per case family, for one backend. The suite
 * prints it after the golden cases (console.info) so a run's report shows how close a backend came,
 * not only that it passed.
 */
import type { Tolerance } from './tolerance.js';

export interface LedgerEntry {
  /** Largest |actual − expected| over finite values. */
  readonly abs: number;
  /** Largest |actual − expected| / max(1, |expected|): relative for large values, absolute near 0. */
  readonly rel: number;
  /** Largest |actual − expected| / (atol + rtol·|expected|): the share of the tolerance used (≤ 1 passes). */
  readonly ofTolerance: number;
  /** How many values were compared. */
  readonly count: number;
}

export class ErrorLedger {
  readonly #entries = new Map<string, LedgerEntry>();

  record(family: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): void {
    const prev = this.#entries.get(family) ?? { abs: 0, rel: 0, ofTolerance: 0, count: 0 };
    let { abs, rel, ofTolerance } = prev;
    const n = Math.min(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const a = actual[i] as number;
      const e = expected[i] as number;
      if (!Number.isFinite(a) || !Number.isFinite(e)) continue;
      const d = Math.abs(a - e);
      abs = Math.max(abs, d);
      rel = Math.max(rel, d / Math.max(1, Math.abs(e)));
      ofTolerance = Math.max(ofTolerance, d / (tol.atol + tol.rtol * Math.abs(e)));
    }
    this.#entries.set(family, { abs, rel, ofTolerance, count: prev.count + n });
  }

  entries(): ReadonlyMap<string, LedgerEntry> {
    return this.#entries;
  }

  format(title: string): string {
    const lines = [...this.#entries].map(
      ([family, e]) => `  ${family.padEnd(28)} max abs ${e.abs.toExponential(2)}  max rel ${e.rel.toExponential(2)}  ${(100 * e.ofTolerance).toFixed(2)}% of tolerance  (${e.count} values)`,
    );
    return [`${title}: largest errors against golden.json (and of the density integrals)`, ...lines].join('\n');
  }
}
