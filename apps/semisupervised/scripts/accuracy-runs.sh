#!/usr/bin/env bash
# Accuracy runs for issue 16: marginal, relaxed GS and ST GS trained in turn, in equal slices of
# training time (round-robin, so load on the shared machine hits every method alike), each slice a
# `train-cli --resume` of the method's checkpoint. Idempotent: rerun it to continue where it stopped.
#   RUNS=/work/semi-runs SLICE=120 SLICES=7 bash apps/semisupervised/scripts/accuracy-runs.sh
# Then: node apps/semisupervised/dist/accuracy-report.js --runs $RUNS --out apps/semisupervised/results
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-/work/semi-runs}
SLICE=${SLICE:-120}
SLICES=${SLICES:-7}
METHODS=${METHODS:-"marginal relaxed-gs st-gs"}
mkdir -p "$RUNS"
for ((i = 1; i <= SLICES; i++)); do
  budget=$((i * SLICE))
  for m in $METHODS; do
    out="$RUNS/$m"
    if [[ -f "$out/checkpoint/state.json" ]]; then
      args=(--resume --out "$out" --steps 1000000 --until-seconds "$budget")
    else
      # The run's settings (saved in its checkpoint): seed 0, label seed 0, batch 100 + 100, Adam 3e-4, α = 0.1, τ = 1.
      args=(--method "$m" --out "$out" --steps 1000000 --until-seconds "$budget" --eval-every 100 --checkpoint-every 1000000 --seed 0 --label-seed 0)
    fi
    echo "== $(date -u +%FT%TZ) slice $i/$SLICES $m to ${budget}s of training; load $(cut -d' ' -f1-3 /proc/loadavg)"
    node dist/train-cli.js "${args[@]}"
  done
done
echo "== $(date -u +%FT%TZ) done"
