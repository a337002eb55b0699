/**
 * Quickstart: one batch of Gumbel-Softmax samples on the CPU backend — the relaxed sample, the hard
 * (straight-through) sample, and the gradient of a loss wrt the logits and the temperature.
 * Run it with `pnpm example` from the repository root.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { softmax } from '@gumbel/core';

const backend = createCpuBackend({ precision: 64 });
const k = 4;
const logitsRow = [2.0, 0.5, -1.0, -Infinity]; // the last class is masked: never sampled
const logits = backend.fromArray([...logitsRow, ...logitsRow], [2, k]);
const tau = 0.5;

// Same seed ⇒ same noise; seed 0 is a seed like any other.
const noise = backend.gumbelNoise([2, k], 0);
const { hard, soft } = backend.straightThroughSample({ logits, tau, noise });

// A loss on the hard sample: L = Σ w·z. Straight-through passes dL/dz to the soft sample's VJP.
const weights = [1, -2, 3, 4, 1, -2, 3, 4];
const dy = backend.fromArray(weights, [2, k]);
const { dLogits, dTau } = backend.relaxedSampleVjp({ logits, tau, noise, y: soft, dy });

const fmt = (xs: ArrayLike<number>) => Array.from(xs, (x) => x.toFixed(4).padStart(8)).join(' ');
const rows = async (t: typeof logits) => {
  const data = await backend.toArray(t);
  return [fmt(data.subarray(0, k)), fmt(data.subarray(k, 2 * k))];
};

console.log(`backend: ${backend.name} (${backend.mode}, float${backend.floatPrecision}), tau = ${tau}`);
console.log(`class probabilities softmax(logits): ${fmt(softmax(logitsRow))}`);
for (const [label, tensor] of [
  ['relaxed sample y', soft],
  ['hard sample (one-hot)', hard],
  ['dL/dlogits', dLogits],
] as const) {
  const [a, b] = await rows(tensor);
  console.log(`${label.padEnd(22)} row 0: ${a}\n${''.padEnd(22)} row 1: ${b}`);
}
console.log(`dL/dtau: ${(await backend.toArray(dTau))[0]?.toFixed(6)}`);
backend.dispose(logits, noise, hard, soft, dy, dLogits, dTau);
