// `pnpm estimators:report`: the bias/variance tables of every estimator on the two toy problems
// (categorical and Bernoulli), printed and written to report/bias-variance{,-bernoulli}.{json,svg}.
// Run after a build (the root script builds first).
// Options: --draws N (default 10000, a multiple of 500), --seed S, --precision 32|64 (default 64).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCpuBackend } from '@gumbel/backend-cpu';
import {
  BERNOULLI_REPORT_ESTIMATORS,
  biasVarianceReport,
  createBernoulliToyProblem,
  formatReportTable,
  renderReportSvg,
} from '@gumbel/estimators';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new TypeError(`--${name} must be a number, got ${process.argv[i + 1]}`);
  return value;
}

const backend = createCpuBackend({ precision: option('precision', 64) });
const draws = option('draws', 10_000);
const seed = option('seed', 20_231);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'report');
mkdirSync(out, { recursive: true });

const runs = [
  { file: 'bias-variance', options: {} },
  { file: 'bias-variance-bernoulli', options: { problem: createBernoulliToyProblem(), estimators: BERNOULLI_REPORT_ESTIMATORS } },
];
for (const { file, options } of runs) {
  const started = Date.now();
  const report = await biasVarianceReport(backend, { draws, seed, ...options });
  writeFileSync(join(out, `${file}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, `${file}.svg`), renderReportSvg(report));
  console.log(`Toy problem: ${report.problem.description}`);
  console.log(`n = ${report.draws} draws per row, seed ${report.seed}, backend ${backend.name}/${backend.mode} float${backend.floatPrecision}\n`);
  console.log(formatReportTable(report));
  console.log(`\nwrote ${join(out, file)}.json and .svg in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
