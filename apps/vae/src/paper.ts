/** The paper's numbers and which of its columns each of our estimators stands for. */
import type { EstimatorName } from './estimators.js';

/** Jang, Gu & Poole (ICLR 2017), Table 1: −ELBO on binarized MNIST, 20 categorical latents × 10 classes. */
export const PAPER_TABLE_1 = [
  { method: 'SF', negElbo: 110.6 },
  { method: 'DARN', negElbo: 128.8 },
  { method: 'MuProp', negElbo: 107.0 },
  { method: 'ST', negElbo: 110.9 },
  { method: 'Annealed ST', negElbo: 107.8 },
  { method: 'Gumbel-Softmax', negElbo: 101.5 },
  { method: 'ST Gumbel-Softmax', negElbo: 107.8 },
] as const;

/** The paper's row each of our estimators corresponds to (SF: score function, i.e. REINFORCE with a baseline). */
export const PAPER_ANALOGUE: Record<EstimatorName, string | null> = {
  'relaxed-gs': 'Gumbel-Softmax',
  'st-gs': 'ST Gumbel-Softmax',
  'gumbel-rao': null,
  reinmax: null,
  'reinforce-ema': 'SF',
  'reinforce-loo': 'SF',
  'annealed-st': 'Annealed ST',
  darn: 'DARN',
  muprop: 'MuProp',
  st: 'ST',
};
