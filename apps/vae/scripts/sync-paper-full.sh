#!/usr/bin/env bash
# Copies the paper-full runs' metrics, configs, plots and bounds (never checkpoints) from the run folder
# outside git (VAE_RUNS, default /work/vae-runs) into this checkout's apps/vae/results/paper-full/,
# then rewrites comparison.md/.json/.svg there. Safe while the runner trains: files are written whole.
# VAE_SERIES picks another series of the same layout (e.g. paper-full-slope: annealed ST with
# Chung et al.'s slope schedule; then VAE_ESTIMATORS=annealed-st).
set -euo pipefail
vae=$(cd "$(dirname "$0")/.." && pwd)
series=${VAE_SERIES:-paper-full}
runs=${VAE_RUNS:-/work/vae-runs}/$series
dest=$vae/results/$series
estimators=${VAE_ESTIMATORS:-relaxed-gs,st-gs,reinforce-ema,annealed-st,gumbel-rao,reinmax,reinforce-loo,darn,muprop,st}
mkdir -p "$dest"
for e in ${estimators//,/ }; do
  [ -f "$runs/$e/metrics.json" ] || continue
  mkdir -p "$dest/$e"
  for f in metrics.csv metrics.json config.json plot.svg bounds.jsonl; do
    [ -f "$runs/$e/$f" ] && cp "$runs/$e/$f" "$dest/$e/$f.tmp" && mv "$dest/$e/$f.tmp" "$dest/$e/$f"
  done
done
node "$vae/dist/compare-cli.js" --report-only --out "$dest" --estimators "$estimators"
