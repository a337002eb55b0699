#!/usr/bin/env node
/**
 * `pnpm vae --estimator st-gs --steps 5000`: trains the categorical VAE with a one-line progress
 * display, checkpoints every N steps, `--resume`, and Ctrl-C = save and exit (status 130).
 */
import { parseCli, UsageError, USAGE } from './args.js';
import { useBackend } from './tf-setup.js';
import { train, type Progress } from './trainer.js';

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

async function main(argv: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`vae: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const backend = await useBackend(cli.backend);
  let stop = false;
  // SIGTERM (a session or service manager stopping the process) is treated as Ctrl-C: save, then exit.
  const onSignal = () => {
    if (stop) process.exit(130); // a second Ctrl-C does not wait for the checkpoint
    stop = true;
    process.stderr.write('\nvae: interrupted — saving a checkpoint after this step…\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stdout.isTTY === true;
  let lastDraw = 0;
  const progress = (p: Progress): void => {
    const now = Date.now();
    if (tty && now - lastDraw < 200 && p.step !== p.steps) return;
    lastDraw = now;
    const line = `step ${p.step}/${p.steps}  ${p.stepsPerSecond.toFixed(1)} steps/s  −ELBO ${p.negElbo.toFixed(2)}  τ ${p.tau.toFixed(3)}  ETA ${formatEta((p.steps - p.step) / p.stepsPerSecond)}`;
    if (tty) process.stdout.write(`\r${line}\x1b[K`);
  };
  // On --resume the checkpoint's estimator and settings win (only --steps changes), so the flags'
  // estimator is not named: it may be the default, not the run's.
  process.stdout.write(
    cli.resume
      ? `vae: resuming ${cli.out} on tfjs-${backend} with its saved estimator and settings, to step ${cli.config.steps}\n`
      : `vae: ${cli.config.estimator} on tfjs-${backend}, writing ${cli.out}\n`,
  );
  const result = await train({
    config: cli.config, out: cli.out, evalEvery: cli.evalEvery, checkpointEvery: cli.checkpointEvery, resume: cli.resume,
    onProgress: progress,
    onEval: (row) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}eval step ${row.step}: held-out −ELBO ${row.heldOutNegElbo.toFixed(2)} (m = ${cli.config.evalSamples})${row.trainNegElbo === null ? '' : `, train ${row.trainNegElbo.toFixed(2)}`}\n`),
    shouldStop: () => stop,
  });
  result.vae.dispose();
  if (result.interrupted) {
    process.stdout.write(`vae: stopped at step ${result.step}; checkpoint saved in ${cli.out} (continue with --resume)\n`);
    return 130;
  }
  process.stdout.write(`vae: done, ${result.step} steps; metrics in ${cli.out}/metrics.csv and metrics.json\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`vae: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
