/**
 * Kernel sources of the Concrete / ExpConcrete log-densities and their VJPs (formulas in
 * backend-cpu's concrete-densities.ts). Masked classes (logit −∞) are dropped: k_eff counts the
 * unmasked ones. a_j = logits_j − τ·x_j with x = log y (Concrete) or x itself (ExpConcrete).
 */
import { MASKED_BELOW } from './helper-sources.js';
import { signature } from './categorical-sources.js';

export type DensityForm = 'concrete' | 'expConcrete';

export interface DensityVariant {
  readonly form: DensityForm;
  readonly tauRows: boolean;
}

/** Kernel header: row kernels run one thread per row (`thread.x`), element kernels per entry. */
function head(v: DensityVariant, perEntry: boolean, ...extra: string[]): string {
  return `${signature('logits', 'value', 'tau', ...extra)} {
  const b = ${perEntry ? 'gRowOf(this.thread.x, this.constants.k)' : 'this.thread.x'};
  const t = ${v.tauRows ? 'tau[b]' : 'tau'};`;
}

function xOf(v: DensityVariant, j: string): string {
  return v.form === 'concrete' ? `Math.log(value[b * this.constants.k + ${j}])` : `value[b * this.constants.k + ${j}]`;
}

/** Row logsumexp of a over unmasked classes. Output `[batch]`. */
export function densityLseSource(v: DensityVariant): string {
  return `${head(v, false)}
  let m = -3.4e38;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { m = Math.max(m, l - t * ${xOf(v, 'j')}); }
  }
  let sum = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { sum += Math.exp(l - t * ${xOf(v, 'j')} - m); }
  }
  return m + Math.log(sum);
}`;
}

/** Row count of unmasked classes. Output `[batch]`. */
export const UNMASKED_COUNT_SOURCE = `function(logits) {
  const b = this.thread.x;
  let n = 0.0;
  for (let j = 0; j < this.constants.k; j++) { if (logits[b * this.constants.k + j] > ${MASKED_BELOW}) { n += 1.0; } }
  return n;
}`;

/** log Γ(k_eff) + (k_eff − 1) log τ + Σ (a_j − lse) − [Concrete] Σ log y_j. Output `[batch]`. */
export function densityLogProbSource(v: DensityVariant): string {
  const jac = v.form === 'concrete' ? 'jac += x;' : '';
  return `${head(v, false, 'lse', 'count')}
  const n = count[b];
  let terms = 0.0;
  let jac = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const x = ${xOf(v, 'j')};
      ${jac}
      terms += l - t * x - lse[b];
    }
  }
  let lgamma = 0.0;
  for (let i = 2; i < this.constants.k; i++) { if (i < n) { lgamma += Math.log(i); } }
  return lgamma + (n - 1.0) * Math.log(t) + terms - jac;
}`;
}

/** Row mean of x over unmasked classes (keeps the dτ sum small). Output `[batch]`. */
export function densityMeanSource(v: DensityVariant): string {
  return `${head(v, false, 'count')}
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    if (logits[b * this.constants.k + j] > ${MASKED_BELOW}) { acc += ${xOf(v, 'j')}; }
  }
  return acc / count[b];
}`;
}

/**
 * Per entry, with c = 1 − k_eff·softmax(a)_j: 'logits' → g·c; 'value' → −gτc (ExpConcrete) or
 * g(−τc − 1)/y (Concrete). 0 at masked classes. Output `[k, batch]`.
 */
export function densityVjpSource(v: DensityVariant, wrt: 'logits' | 'value'): string {
  const value = wrt === 'logits' ? 'g * c' : v.form === 'concrete' ? 'g * (-t * c - 1.0) / value[b * this.constants.k + j]' : '-g * t * c';
  return `${head(v, true, 'lse', 'count', 'up')}
  const j = this.thread.x - b * this.constants.k;
  const l = logits[b * this.constants.k + j];
  if (l > ${MASKED_BELOW}) {
    const g = up[b];
    const c = 1.0 - count[b] * Math.exp(l - t * ${xOf(v, 'j')} - lse[b]);
    return ${value};
  }
  return 0.0;
}`;
}

/** dτ per row = g((k_eff − 1)/τ − Σ (x_j − x̄) c_j). Output `[batch]`. */
export function densityVjpTauRowsSource(v: DensityVariant): string {
  return `${head(v, false, 'lse', 'count', 'mean', 'up')}
  const n = count[b];
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const x = ${xOf(v, 'j')};
      acc += (x - mean[b]) * (1.0 - n * Math.exp(l - t * x - lse[b]));
    }
  }
  return up[b] * ((n - 1.0) / t - acc);
}`;
}
