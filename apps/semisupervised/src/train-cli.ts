#!/usr/bin/env node
/**
 * `node apps/semisupervised/dist/train-cli.js --method marginal --steps 1000 --out runs/marginal`: trains
 * M2 with a one-line progress display, a checkpoint every N steps, `--resume`, `--until-seconds`, and
 * Ctrl-C / SIGTERM = checkpoint and exit 130 (as apps/vae's CLI). Bad flags exit 2. Flags: train-args.ts.
 */
import { useBackend } from '@gumbel/mnist-shared/node';
import { parseTrainArgs, TRAIN_USAGE, UsageError, type TrainCli } from './train-args.js';
import { train } from './train.js';

async function main(argv: readonly string[]): Promise<number> {
  let cli: TrainCli;
  try {
    cli = parseTrainArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`semisupervised: ${e.message}\n${TRAIN_USAGE}\n`);
    return 2;
  }
  const backend = await useBackend(cli.backend);
  let stop = false;
  const onSignal = (): void => {
    if (stop) process.exit(130); // a second Ctrl-C does not wait for the checkpoint
    stop = true;
    process.stderr.write('\nsemisupervised: interrupted — saving a checkpoint after this step…\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stdout.isTTY === true;
  const { config } = cli;
  process.stdout.write(
    cli.resume
      ? `semisupervised: resuming ${cli.out} on tfjs-${backend} with its saved settings, to step ${config.steps}\n`
      : `semisupervised: ${config.method}, seed ${config.seed}, label seed ${config.labelSeed}, on tfjs-${backend}${cli.out === undefined ? '' : `, writing ${cli.out}`}\n`,
  );
  let lastDraw = 0;
  const result = await train({
    config,
    ...(cli.out === undefined ? {} : { out: cli.out }),
    resume: cli.resume,
    checkpointEvery: cli.checkpointEvery,
    ...(cli.untilSeconds === undefined ? {} : { untilSeconds: cli.untilSeconds }),
    shouldStop: () => stop,
    onProgress: (p) => {
      const now = Date.now();
      if (!tty || (now - lastDraw < 200 && p.step !== p.steps)) return;
      lastDraw = now;
      process.stdout.write(`\rstep ${p.step}/${p.steps}  ${p.stepsPerSec.toFixed(2)} steps/s  loss ${p.loss.toFixed(2)}  ${p.seconds.toFixed(0)} s\x1b[K`);
    },
    onEval: (row) =>
      process.stdout.write(`${tty ? '\r\x1b[K' : ''}eval step ${row.step} (${row.seconds.toFixed(1)} s of training): test accuracy ${(100 * row.testAccuracy).toFixed(2)}%${row.validAccuracy === null ? '' : `, validation ${(100 * row.validAccuracy).toFixed(2)}%`}${row.loss === null ? '' : `, loss ${row.loss.toFixed(2)}`}\n`),
  });
  result.model.dispose();
  process.stdout.write(`final test accuracy ${(100 * result.testAccuracy).toFixed(2)}% (${result.config.method}, ${result.step} steps, seed ${result.config.seed})\n`);
  if (stop) {
    process.stdout.write(`semisupervised: stopped at step ${result.step}; checkpoint saved in ${cli.out ?? '(nowhere: no --out)'}\n`);
    return 130;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`semisupervised: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
