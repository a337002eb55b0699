/**
 * Reruns the first steps of a run from its config.json alone and compares metrics rows: the check that
 * a committed run is reproducible (every run is seeded and deterministic on one backend). Timing
 * columns (steps/s, seconds, load) are not compared.
 */
import { readFileSync } from 'node:fs';
import { train, type MetricsRow, type RunConfig, type RunFile } from './trainer.js';

/** Trains `steps` steps of the run described by `configPath` into `out` (a fresh folder); the model is disposed. */
export async function rerunPrefix(configPath: string, steps: number, out: string, override: Partial<RunConfig> = {}): Promise<{ rows: MetricsRow[] }> {
  const run = JSON.parse(readFileSync(configPath, 'utf8')) as RunFile;
  if (!Number.isSafeInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
  const result = await train({ config: { ...run.config, ...override, steps }, out, evalEvery: run.evalEvery, checkpointEvery: steps });
  result.vae.dispose();
  return { rows: result.rows };
}

const COMPARED = ['step', 'train_neg_elbo', 'heldout_neg_elbo', 'train_eval_neg_elbo', 'tau', 'test_neg_elbo'];

/**
 * Compares the rows of `candidate` (a rerun's metrics.csv) with the same steps of `reference`, on
 * every non-timing column. Rows are compared as written (4 decimals), so equal means equal.
 */
export function sameRows(reference: string, candidate: string): { compared: number; mismatches: string[] } {
  const parse = (path: string) => {
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const names = (header ?? '').split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])) as Record<string, string>);
  };
  const ref = new Map(parse(reference).map((r) => [r.step, r]));
  const mismatches: string[] = [];
  const rows = parse(candidate);
  for (const row of rows) {
    const want = ref.get(row.step);
    if (want === undefined) {
      mismatches.push(`step ${row.step}: not in ${reference}`);
      continue;
    }
    for (const col of COMPARED) if ((row[col] ?? '') !== (want[col] ?? '')) mismatches.push(`step ${row.step} ${col}: ${want[col]} → ${row[col]}`);
  }
  return { compared: rows.length, mismatches };
}
