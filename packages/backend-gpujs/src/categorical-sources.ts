/**
 * Kernel sources of the categorical kernels, as strings (see helper-sources.ts for why). A
 * categorical tensor `[batch, k]` is a 2-D GPU.js value read as `a[row][class]`; per-row results
 * (`[batch]`) are 1-D. Row kernels run one thread per row and loop over the row's k classes
 * (`this.constants.k`, baked into the compiled kernel); elementwise kernels run one thread per entry
 * and read the per-row statistics (logsumexp, dot products) that a row kernel left on the device.
 *
 * Variants: `noise` (logits + noise, or logits alone) and `tauRows` (τ a `[batch]` value read as
 * `tau[row]`, or one scalar argument `tau`).
 */
import { MASKED_BELOW } from './helper-sources.js';

export interface RelaxedVariant {
  readonly noise: boolean;
  readonly tauRows: boolean;
}

export function signature(...names: readonly (string | false)[]): string {
  return `function(${names.filter((n): n is string => n !== false).join(', ')})`;
}

/** The tempered perturbed logit s = (logits + noise)/τ of class j in row b (logit already in `l`). */
function scaled(v: RelaxedVariant, j: string): string {
  const p = v.noise ? `(l + noise[b * this.constants.k + ${j}])` : 'l';
  return `${p} / t`;
}

function tau(v: RelaxedVariant): string {
  return v.tauRows ? 'tau[b]' : 'tau';
}

function head(v: RelaxedVariant, ...extra: string[]): string {
  return signature('logits', v.noise && 'noise', 'tau', ...extra);
}

/**
 * The row's largest s, recomputed from the row's argmax index `idx[b]` (a row kernel's output), so
 * that the largest entry's s − s_max is exactly 0 in every precision GPU.js computes in.
 */
function rowMax(v: RelaxedVariant): string {
  const lm = v.noise ? '(lm + noise[b * this.constants.k + im])' : 'lm';
  return `const im = idx[b];
  const lm = logits[b * this.constants.k + im];
  const sm = ${lm} / t;`;
}

/**
 * log y_j = (s_j − s_max) − log Σ_i e^(s_i − s_max). Splitting off s_max (rather than storing a
 * logsumexp of magnitude |s|) keeps the stored row value in [0, log k], so float32 storage costs
 * ~1e-7 absolute, the largest entry has log y ≤ 0 and y ≤ 1, and a sure outcome is exactly 1.
 */
function logY(v: RelaxedVariant, j: string): string {
  return `(${scaled(v, j)} - sm) - lsum[b]`;
}

/** Row log Σ_j e^(s_j − s_max) over the unmasked classes: output `[batch]`. */
export function rowLogSumSource(v: RelaxedVariant): string {
  return `${head(v, 'idx')} {
  const b = this.thread.x;
  const t = ${tau(v)};
  ${rowMax(v)}
  let sum = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { sum += Math.exp(${scaled(v, 'j')} - sm); }
  }
  return Math.log(sum);
}`;
}

/** log y (or y) per entry: output `[k, batch]`. */
export function relaxedSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  const value = form === 'log' ? logY(v, 'j') : `Math.exp(${logY(v, 'j')})`;
  const masked = form === 'log' ? 'gNegInf(0.0)' : '0.0';
  return `${head(v, 'idx', 'lsum')} {
  const b = gRowOf(this.thread.x, this.constants.k);
  const j = this.thread.x - b * this.constants.k;
  const t = ${tau(v)};
  ${rowMax(v)}
  const l = logits[b * this.constants.k + j];
  if (l > ${MASKED_BELOW}) { return ${value}; }
  return ${masked};
}`;
}

/**
 * VJP row statistic: Σ_j y_j dy_j for the simplex form, Σ_j dlogY_j for the log form (unmasked
 * classes only). Output `[batch]`.
 */
export function vjpRowDotSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  const term = form === 'prob' ? `Math.exp(${logY(v, 'j')}) * up[b * this.constants.k + j]` : 'up[b * this.constants.k + j]';
  return `${head(v, 'idx', 'lsum', 'up')} {
  const b = this.thread.x;
  const t = ${tau(v)};
  ${rowMax(v)}
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { acc += ${term}; }
  }
  return acc;
}`;
}

/**
 * dL/ds_j: y_j (dy_j − Σ y dy) for the simplex form, dlogY_j − y_j Σ dlogY for the log form, in terms
 * of `ls` = log y_j.
 */
function ds(form: 'log' | 'prob', j: string): string {
  return form === 'prob' ? `Math.exp(ls) * (up[b * this.constants.k + ${j}] - dot[b])` : `up[b * this.constants.k + ${j}] - Math.exp(ls) * dot[b]`;
}

/** dL/dlogits = ds/τ per entry; masked classes get exactly 0. Output `[k, batch]`. */
export function vjpLogitsSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  return `${head(v, 'idx', 'lsum', 'dot', 'up')} {
  const b = gRowOf(this.thread.x, this.constants.k);
  const j = this.thread.x - b * this.constants.k;
  const t = ${tau(v)};
  const l = logits[b * this.constants.k + j];
  if (l > ${MASKED_BELOW}) {
    ${rowMax(v)}
    const ls = ${logY(v, 'j')};
    return (${ds(form, 'j')}) / t;
  }
  return 0.0;
}`;
}

/**
 * dL/dτ per row = −(1/τ) Σ_j ds_j log y_j (Σ ds = 0 lets log y stand in for s). Output `[batch]`.
 */
export function vjpTauRowsSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  return `${head(v, 'idx', 'lsum', 'dot', 'up')} {
  const b = this.thread.x;
  const t = ${tau(v)};
  ${rowMax(v)}
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const ls = ${logY(v, 'j')};
      acc += (${ds(form, 'j')}) * ls;
    }
  }
  return -acc / t;
}`;
}

/**
 * Row argmax of x (+ noise, where x is not masked); ties go to the lowest index through the strict
 * comparison. Output `[batch]` of indices as floats.
 */
export function rowArgmaxSource(noise: boolean): string {
  const value = (j: string) => (noise ? `(x[b * this.constants.k + ${j}] > ${MASKED_BELOW} ? x[b * this.constants.k + ${j}] + noise[b * this.constants.k + ${j}] : x[b * this.constants.k + ${j}])` : `x[b * this.constants.k + ${j}]`);
  return `${signature('x', noise && 'noise')} {
  const b = this.thread.x;
  let best = 0.0;
  let bestValue = ${value('0')};
  for (let j = 1; j < this.constants.k; j++) {
    const v = ${value('j')};
    if (v > bestValue) { best = j; bestValue = v; }
  }
  return best;
}`;
}

/** One-hot `[k, batch]` of per-row indices. */
export const ONE_HOT_SOURCE = `function(index) {
  const b = gRowOf(this.thread.x, this.constants.k);
  const j = this.thread.x - b * this.constants.k;
  if (Math.abs(j - index[b]) < 0.5) { return 1.0; }
  return 0.0;
}`;
