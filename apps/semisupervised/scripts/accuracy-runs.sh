#!/usr/bin/env bash
# Accuracy runs for issue 16: marginal, relaxed GS and ST GS trained in turn, in equal slices of
# training time (round-robin, so load on the shared machine hits every method alike), each slice a
# `train-cli --resume` of the method's checkpoint; then the supervised baseline (the classifier on the
# labelled digits alone, `--unlabelled-weight 0`) to BASELINE_STEPS. Idempotent: rerun it to continue
# where it stopped (a run's settings live in its checkpoint; ALPHA etc. apply to new runs only).
#   RUNS=/work/semi-runs ALPHA=50 SLICE=240 SLICES=3 bash apps/semisupervised/scripts/accuracy-runs.sh
# Then: node apps/semisupervised/dist/accuracy-report-cli.js --runs $RUNS --out apps/semisupervised/results
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-/work/semi-runs}
SLICE=${SLICE:-120}
SLICES=${SLICES:-7}
ALPHA=${ALPHA:-200}
EVAL_EVERY=${EVAL_EVERY:-250}
BASELINE_STEPS=${BASELINE_STEPS:-3000}
METHODS=${METHODS:-"marginal relaxed-gs st-gs"}
mkdir -p "$RUNS"
echo "RUNS=$RUNS ALPHA=$ALPHA SLICE=$SLICE SLICES=$SLICES EVAL_EVERY=$EVAL_EVERY BASELINE_STEPS=$BASELINE_STEPS METHODS=\"$METHODS\" bash apps/semisupervised/scripts/accuracy-runs.sh" > "$RUNS/command.txt"
# Every run: seed 0, label seed 0, batch 100 + 100, Adam 3e-4, τ = 1, validation scored beside test.
common=(--checkpoint-every 1000000 --seed 0 --label-seed 0 --alpha "$ALPHA" --eval-every "$EVAL_EVERY")
for ((i = 1; i <= SLICES; i++)); do
  budget=$((i * SLICE))
  for m in $METHODS; do
    out="$RUNS/$m"
    if [[ -f "$out/checkpoint/state.json" ]]; then
      args=(--resume --out "$out" --steps 1000000 --until-seconds "$budget")
    else
      args=(--method "$m" --out "$out" --steps 1000000 --until-seconds "$budget" "${common[@]}")
    fi
    echo "== $(date -u +%FT%TZ) slice $i/$SLICES $m to ${budget}s of training; load $(cut -d' ' -f1-3 /proc/loadavg)"
    node dist/train-cli.js "${args[@]}"
  done
done
if [[ "$BASELINE_STEPS" -gt 0 ]]; then
  out="$RUNS/supervised"
  echo "== $(date -u +%FT%TZ) supervised baseline to step $BASELINE_STEPS; load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -f "$out/checkpoint/state.json" ]]; then args=(--resume --out "$out" --steps "$BASELINE_STEPS")
  else args=(--method relaxed-gs --unlabelled-weight 0 --out "$out" --steps "$BASELINE_STEPS" "${common[@]}"); fi
  node dist/train-cli.js "${args[@]}"
fi
echo "== $(date -u +%FT%TZ) done"
