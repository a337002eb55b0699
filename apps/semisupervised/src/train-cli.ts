#!/usr/bin/env node
/** `node apps/semisupervised/dist/train-cli.js --method marginal --steps 1000`: see train-args.ts for the flags. */
import { parseTrainArgs, TRAIN_USAGE, UsageError } from './train-args.js';
import { train } from './train.js';
import { useBackend } from './tf-setup.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseTrainArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${TRAIN_USAGE}\n`);
    process.exit(2);
  }
  await useBackend(parsed.backend);
  const { config } = parsed;
  const tty = process.stdout.isTTY === true;
  const { testAccuracy, model } = await train(config, (p) => {
    const line = `step ${p.step}/${config.steps}  ${p.stepsPerSec.toFixed(2)} steps/s  loss ${p.loss.toFixed(2)}`;
    if (p.testAccuracy !== undefined) process.stdout.write(`${tty ? '\r' : ''}${line}  test accuracy ${(100 * p.testAccuracy).toFixed(2)}%\n`);
    else if (tty) process.stdout.write(`\r${line}`);
  });
  model.dispose();
  process.stdout.write(`final test accuracy ${(100 * testAccuracy).toFixed(2)}% (${config.method}, ${config.steps} steps, seed ${config.seed})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
