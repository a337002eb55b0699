/**
 * Kernel sources of the Concrete / ExpConcrete log-densities and their VJPs (formulas in
 * backend-cpu's concrete-densities.ts). Masked classes (logit −∞) are dropped: k_eff counts the
 * unmasked ones. a_j = logits_j − τ·x_j with x = log y (Concrete) or x itself (ExpConcrete).
 *
 * Rows at a boundary point (m > 0 unmasked y_j = 0, x_j = −∞: float32 samples at low τ) take the
 * limits of backend-cpu's concrete-boundary.ts: the `zeros` row kernel counts m, the max / lse kernels
 * then give the row statistics of those coordinates' logits (the limit of softmax(a) lives on them), and the
 * other kernels branch on m.
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

/** Whether class j of row b is at the boundary (its logit `l` is known to be unmasked). */
function atZero(v: DensityVariant, j: string): string {
  return v.form === 'concrete' ? `value[b * this.constants.k + ${j}] == 0.0` : `value[b * this.constants.k + ${j}] < ${MASKED_BELOW}`;
}

/** Row count m of unmasked classes at the boundary. Output `[batch]`. */
export function densityZerosSource(v: DensityVariant): string {
  return `${head(v, false)}
  let n = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { if (${atZero(v, 'j')}) { n += 1.0; } }
  }
  return n;
}`;
}

function xOf(v: DensityVariant, j: string): string {
  return v.form === 'concrete' ? `Math.log(value[b * this.constants.k + ${j}])` : `value[b * this.constants.k + ${j}]`;
}

/**
 * The row statistics M (`mx`) and log Σ e^(a − M) (`lse`) of a over the unmasked classes — at a
 * boundary row, of the logits over the zeros. Kept apart, as in categorical-sources.ts: M + log Σ
 * would round to M for |a| ≳ 1e7 and lose ties. Output `[batch]` each.
 */
export function densityMaxSource(v: DensityVariant): string {
  return `${head(v, false, 'zeros')}
  let m = -3.4e38;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      if (zeros[b] > 0.0) { if (${atZero(v, 'j')}) { m = Math.max(m, l); } } else { m = Math.max(m, l - t * ${xOf(v, 'j')}); }
    }
  }
  return m;
}`;
}

export function densityLseSource(v: DensityVariant): string {
  return `${head(v, false, 'zeros', 'mx')}
  let sum = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      if (zeros[b] > 0.0) { if (${atZero(v, 'j')}) { sum += Math.exp(l - mx[b]); } } else { sum += Math.exp(l - t * ${xOf(v, 'j')} - mx[b]); }
    }
  }
  return Math.log(sum);
}`;
}

/** Row count of unmasked classes. Output `[batch]`. */
export const UNMASKED_COUNT_SOURCE = `function(logits) {
  const b = this.thread.x;
  let n = 0.0;
  for (let j = 0; j < this.constants.k; j++) { if (logits[b * this.constants.k + j] > ${MASKED_BELOW}) { n += 1.0; } }
  return n;
}`;

/**
 * log Γ(k_eff) + (k_eff − 1) log τ + Σ (a_j − lse) − [Concrete] Σ log y_j. Output `[batch]`.
 * Boundary rows: ExpConcrete −∞; Concrete −∞ / +∞ by the sign of e = τk − m(τ + 1), and at e = 0
 * log Γ(k) + (k−1) log τ + Σ l − k·lse_Z − (τ+1) Σ_{y>0} log y (lse holds lse_Z there).
 */
export function densityLogProbSource(v: DensityVariant): string {
  const jac = v.form === 'concrete' ? 'jac += x;' : '';
  const edge =
    v.form === 'expConcrete'
      ? 'return gNegInf(0.0);'
      : `const e = t * n - zeros[b] * (t + 1.0);
    if (e > 0.0) { return gNegInf(0.0); }
    if (e < 0.0) { return -gNegInf(0.0); }
    let sumL = 0.0;
    let logY = 0.0;
    for (let j = 0; j < this.constants.k; j++) {
      const l = logits[b * this.constants.k + j];
      if (l > ${MASKED_BELOW}) {
        sumL += l - mx[b];
        if (value[b * this.constants.k + j] > 0.0) { logY += Math.log(value[b * this.constants.k + j]); }
      }
    }
    return lgamma + (n - 1.0) * Math.log(t) + sumL - n * lse[b] - (t + 1.0) * logY;`;
  return `${head(v, false, 'mx', 'lse', 'count', 'zeros')}
  const n = count[b];
  let lgamma = 0.0;
  for (let i = 2; i < this.constants.k; i++) { if (i < n) { lgamma += Math.log(i); } }
  if (zeros[b] > 0.0) {
    ${edge}
  }
  let terms = 0.0;
  let jac = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const x = ${xOf(v, 'j')};
      ${jac}
      terms += (l - t * x - mx[b]) - lse[b];
    }
  }
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
 * g(−τc − 1)/y (Concrete). 0 at masked classes. Output `[k, batch]`. Boundary rows: c = 1 − k·w_j
 * with w = softmax over the zeros of the logits (c = 1 off them), and ∂/∂y_j = ±∞ at a zero
 * (0 where −τc − 1 = 0 or g = 0).
 */
export function densityVjpSource(v: DensityVariant, wrt: 'logits' | 'value'): string {
  const value = wrt === 'logits' ? 'g * c' : v.form === 'concrete' ? 'g * (-t * c - 1.0) / value[b * this.constants.k + j]' : '-g * t * c';
  const edgeValue =
    wrt === 'logits'
      ? 'return g * ce;'
      : v.form === 'expConcrete'
        ? 'return -g * t * ce;'
        : `const num = -t * ce - 1.0;
      if (onZero > 0.5) {
        if (g == 0.0 || num == 0.0) { return 0.0; }
        if (num > 0.0) { return -g * gNegInf(0.0); }
        return g * gNegInf(0.0);
      }
      return g * num / value[b * this.constants.k + j];`;
  return `${head(v, true, 'mx', 'lse', 'count', 'zeros', 'up')}
  const j = this.thread.x - b * this.constants.k;
  const l = logits[b * this.constants.k + j];
  if (l > ${MASKED_BELOW}) {
    const g = up[b];
    if (zeros[b] > 0.0) {
      let onZero = 0.0;
      let ce = 1.0;
      if (${atZero(v, 'j')}) { onZero = 1.0; ce = 1.0 - count[b] * Math.exp(l - mx[b] - lse[b]); }
      ${edgeValue}
    }
    const c = 1.0 - count[b] * Math.exp(l - t * ${xOf(v, 'j')} - mx[b] - lse[b]);
    return ${value};
  }
  return 0.0;
}`;
}

/** dτ per row = g((k_eff − 1)/τ − Σ (x_j − x̄) c_j); −∞·g at a boundary row. Output `[batch]`. */
export function densityVjpTauRowsSource(v: DensityVariant): string {
  return `${head(v, false, 'mx', 'lse', 'count', 'zeros', 'mean', 'up')}
  if (zeros[b] > 0.0) {
    if (up[b] == 0.0) { return 0.0; }
    return up[b] * gNegInf(0.0);
  }
  const n = count[b];
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const x = ${xOf(v, 'j')};
      acc += (x - mean[b]) * (1.0 - n * Math.exp(l - t * x - mx[b] - lse[b]));
    }
  }
  return up[b] * ((n - 1.0) / t - acc);
}`;
}
