#!/usr/bin/env bash
# The paper-full comparison (issue 15): every estimator to the paper's budget (50,000 steps of batch
# 100 on the full MNIST, see PAPER_FULL in src/compare.ts), one process, one estimator at a time, in
# the paper's order of interest (relaxed Gumbel-Softmax first). Idempotent: rerunning it skips
# finished runs and resumes an unfinished one from its checkpoint (every 1,000 steps, and on
# SIGINT/SIGTERM). Runs, checkpoints included, live outside git in VAE_RUNS (default
# /work/vae-runs/paper-full/<estimator>/); after each estimator (and at the end) their metrics are
# copied into apps/vae/results/paper-full/ by sync-paper-full.sh. A finished run is then evaluated as
# the paper does (m = 1000 multi-sample bound on the test set, bound-cli.ts). A lock keeps a second copy from
# starting while one runs. Launch detached (see apps/vae/README.md):
#   setsid nohup apps/vae/scripts/run-paper-full.sh > /work/vae-runs/runner.log 2>&1 &
set -euo pipefail
vae=$(cd "$(dirname "$0")/.." && pwd)
root=${VAE_RUNS:-/work/vae-runs}
estimators=${VAE_ESTIMATORS:-relaxed-gs,st-gs,reinforce-ema,annealed-st,gumbel-rao,reinmax,reinforce-loo,darn,muprop,st}
mkdir -p "$root/paper-full"
exec 9>"$root/runner.lock"
if ! flock -n 9; then echo "run-paper-full: another runner holds $root/runner.lock; nothing to do"; exit 0; fi
echo "run-paper-full: $(date -u +%FT%TZ) start, pid $$, estimators $estimators"
# Build what the CLI needs (cached by turbo when nothing changed).
(cd "$vae/../.." && TURBO_TELEMETRY_DISABLED=1 nice pnpm exec turbo run build --filter=@gumbel/vae --output-logs=errors-only)
status=0
for e in ${estimators//,/ }; do
  # Trains (or resumes, or skips) one estimator; its metrics go beside its checkpoint, outside git.
  node "$vae/dist/compare-cli.js" --budget paper-full --estimators "$e" --out "$root/paper-full" || status=$?
  # A finished run gets the paper's evaluation: the m = 1000 multi-sample bound on the 10,000 test digits
  # (about 15 minutes alone on this machine; skipped when bounds.jsonl already has it).
  if [ "$status" -eq 0 ]; then node "$vae/dist/bound-cli.js" --run "$root/paper-full/$e" --samples 1000 --skip-done || status=$?; fi
  VAE_RUNS=$root VAE_ESTIMATORS=$estimators "$vae/scripts/sync-paper-full.sh" || true
  if [ "$status" -ne 0 ]; then echo "run-paper-full: $(date -u +%FT%TZ) $e stopped with status $status"; exit "$status"; fi
done
echo "run-paper-full: $(date -u +%FT%TZ) all runs complete"
