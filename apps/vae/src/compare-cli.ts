#!/usr/bin/env node
/**
 * `pnpm vae:compare --budget paper-lite`: trains every estimator with one seed and budget
 * (sequentially; rerunning skips finished runs and resumes an unfinished one), then writes
 * comparison.md / .json / .svg in --out. Ctrl-C saves the current run's checkpoint and exits 130.
 */
import { UsageError } from './args.js';
import { COMPARE_USAGE, parseCompareCli } from './compare-args.js';
import { compare, writeComparison } from './compare.js';
import { useBackend } from './tf-setup.js';

async function main(argv: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseCompareCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`vae:compare: ${error.message}\n${COMPARE_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (cli.help) {
    process.stdout.write(`${COMPARE_USAGE}\n`);
    return 0;
  }
  if (cli.reportOnly) {
    await writeComparison(cli.out, cli.estimators);
    process.stdout.write(`vae:compare: wrote ${cli.out}/comparison.md, comparison.json, comparison.svg\n`);
    return 0;
  }
  const backend = await useBackend(cli.backend);
  let stop = false;
  // SIGTERM (a session or service manager stopping the process) is treated as Ctrl-C: save, then exit.
  const onSignal = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\nvae:compare: interrupted — saving a checkpoint after this step…\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stdout.isTTY === true;
  let lastDraw = 0;
  const { interrupted } = await compare({
    budget: cli.budget, estimators: cli.estimators, out: cli.out,
    ...(cli.checkpointRoot === undefined ? {} : { checkpointRoot: cli.checkpointRoot }),
    shouldStop: () => stop,
    onRun: (e, status) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}vae:compare: ${e} on tfjs-${backend}: ${status === 'skip' ? 'complete, skipped' : status === 'resume' ? 'resuming' : 'starting'}\n`),
    onProgress: (e, p) => {
      const now = Date.now();
      if (!tty || (now - lastDraw < 200 && p.step !== p.steps)) return;
      lastDraw = now;
      process.stdout.write(`\r${e}: step ${p.step}/${p.steps}  ${p.stepsPerSecond.toFixed(1)} steps/s  −ELBO ${p.negElbo.toFixed(2)}  τ ${p.tau.toFixed(3)}\x1b[K`);
    },
    onEval: (e, row) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${new Date().toISOString().slice(11, 19)} ${e} step ${row.step}: held-out −ELBO ${row.heldOutNegElbo.toFixed(2)}${row.testNegElbo === undefined ? '' : `, test ${row.testNegElbo.toFixed(2)}`}${row.trainEvalNegElbo === undefined ? '' : `, train digits ${row.trainEvalNegElbo.toFixed(2)}`}${row.trainNegElbo === null ? '' : `, train objective ${row.trainNegElbo.toFixed(2)}`}, ${row.stepsPerSecond.toFixed(2)} steps/s, ${row.seconds.toFixed(0)} s\n`),
  });
  if (interrupted) {
    process.stdout.write(`vae:compare: stopped; rerun the same command to continue\n`);
    return 130;
  }
  process.stdout.write(`vae:compare: done; table in ${cli.out}/comparison.md, plot in ${cli.out}/comparison.svg\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`vae:compare: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
