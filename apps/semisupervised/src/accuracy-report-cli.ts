#!/usr/bin/env node
/**
 * `node apps/semisupervised/dist/accuracy-report-cli.js --runs /work/semi-runs --out apps/semisupervised/results`:
 * reads <runs>/<method>/metrics.json for every method that has one (and <runs>/supervised/metrics.json,
 * the labelled-digits-only baseline, if there) and writes <out>/accuracy.json, accuracy-steps.svg and
 * accuracy-seconds.svg. The command that made the runs is read from <runs>/command.txt (the runner
 * script writes it). Bad flags exit 2.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accuracyEntries, accuracySvg, KINGMA_M2_100_LABELS_ACCURACY, type RunMetrics } from './accuracy-report.js';
import { METHODS, type Method } from './objective.js';

const USAGE = 'usage: accuracy-report-cli --runs DIR [--out apps/semisupervised/results]';

const curve = (r: RunMetrics) =>
  r.rows.map(({ step, seconds, testAccuracy, validAccuracy }) => ({ step, seconds: +seconds.toFixed(1), testAccuracy, validAccuracy: validAccuracy ?? null }));

function main(): number {
  let values: { runs?: string; out?: string };
  try {
    ({ values } = parseArgs({ strict: true, options: { runs: { type: 'string' }, out: { type: 'string', default: 'apps/semisupervised/results' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.runs === undefined) {
    process.stderr.write(`--runs is required\n${USAGE}\n`);
    return 2;
  }
  const runs = new Map<Method, RunMetrics>();
  for (const method of METHODS) {
    const file = join(values.runs, method, 'metrics.json');
    if (existsSync(file)) runs.set(method, JSON.parse(readFileSync(file, 'utf8')) as RunMetrics);
  }
  if (runs.size === 0) {
    process.stderr.write(`no <method>/metrics.json under ${values.runs}\n`);
    return 1;
  }
  const baselineFile = join(values.runs, 'supervised', 'metrics.json');
  const baseline = existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as RunMetrics) : undefined;
  const commandFile = join(values.runs, 'command.txt');
  const command = existsSync(commandFile) ? readFileSync(commandFile, 'utf8').trim() : '(not recorded: no command.txt in the runs folder)';
  const out = values.out as string;
  mkdirSync(out, { recursive: true });
  const entries = accuracyEntries(runs);
  const loads = [...runs.values()].flatMap((r) => r.rows.map((row) => row.load1));
  const json = {
    command: `${command}, then this report`,
    configs: Object.fromEntries([...runs].map(([m, r]) => [m, r.config])),
    load1: { min: Math.min(...loads), max: Math.max(...loads), mean: +(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2) },
    paper: { kingmaM2Accuracy100Labels: KINGMA_M2_100_LABELS_ACCURACY, source: 'Kingma et al. 2014 Table 1 (error 11.97% ± 1.71), as quoted by github.com/Response777/Semi-supervised-VAE' },
    entries,
    curves: Object.fromEntries([...runs].map(([m, r]) => [m, curve(r)])),
    ...(baseline === undefined ? {} : { supervisedBaseline: { config: baseline.config, curve: curve(baseline) } }),
  };
  writeFileSync(join(out, 'accuracy.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(out, 'accuracy-steps.svg'), accuracySvg(runs, 'step', 'M2, 100 labels: test accuracy against steps', baseline));
  writeFileSync(join(out, 'accuracy-seconds.svg'), accuracySvg(runs, 'seconds', 'M2, 100 labels: test accuracy against training time'));
  for (const e of entries) {
    const valid = e.validAccuracy === null ? '' : ` (validation ${(100 * e.validAccuracy).toFixed(2)}%)`;
    process.stdout.write(`${e.comparison.padEnd(15)} ${e.method.padEnd(10)} step ${e.steps}, ${e.seconds} s: ${(100 * e.testAccuracy).toFixed(2)}%${valid}\n`);
  }
  return 0;
}

process.exitCode = main();
