/**
 * Kernel sources of the categorical forward kernels, as strings (see helper-sources.ts for why). A
 * categorical tensor `[batch, k]` is a flat GPU.js value read as `a[row * k + class]`. Row kernels
 * run one thread per row and loop over the row's k classes (`this.constants.k`, compiled in);
 * element kernels run one thread per entry and read the per-row statistic a row kernel left on the
 * device.
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
 * The row statistics of log y = (s − M) − log Σ e^(s − M), M the row maximum of s over the unmasked
 * classes. They are kept apart, not added into one logsumexp c = M + log Σ: for |s| ≳ 1e7 (logits
 * ~1e30) float32 rounds M + log Σ to M, and tied top entries would each get log y = 0 — a row
 * summing to 2. s and both statistics go through gF32 (float32 rounding on GPU.js's cpu mode, which
 * computes in float64; the identity on GLSL), so every mode stores and recomputes the same float32
 * numbers: s − M ≤ 0 and log Σ ≥ 0 (the maximum contributes e^0 = 1), hence log y ≤ 0 and y ≤ 1,
 * and a sure outcome (one unmasked class, Σ = 1) gives exactly log y = 0.
 */
export function rowMaxSource(v: RelaxedVariant): string {
  return `${head(v)} {
  const b = this.thread.x;
  const t = ${tau(v)};
  let m = -3.4e38;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { m = Math.max(m, gF32(${scaled(v, 'j')})); }
  }
  return m;
}`;
}

/** log Σ e^(s − M) per row, M from rowMaxSource (`mx`). Output `[batch]`. */
export function rowLogSumExpSource(v: RelaxedVariant): string {
  return `${head(v, 'mx')} {
  const b = this.thread.x;
  const t = ${tau(v)};
  let sum = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) { sum += Math.exp(gF32(${scaled(v, 'j')}) - mx[b]); }
  }
  return gF32(Math.log(sum));
}`;
}

/** The strided chunk loop of the two-stage reductions: thread c of row b covers c, c + chunks, … */
function chunkLoop(v: RelaxedVariant, body: string): string {
  return `const b = gRowOf(this.thread.x, this.constants.chunks);
  const c = this.thread.x - b * this.constants.chunks;
  const t = ${tau(v)};
  for (let i = 0; i < this.constants.per; i++) {
    const j = c + this.constants.chunks * i;
    if (j < this.constants.k) {
      const l = logits[b * this.constants.k + j];
      if (l > ${MASKED_BELOW}) {
        const s = gF32(${scaled(v, 'j')});
        ${body}
      }
    }
  }`;
}

/**
 * Long rows reduce in two stages. Stage 1 runs `chunks` threads per row; thread c of row b covers
 * classes c, c + chunks, c + 2·chunks, … (strided, so neighbouring threads read neighbouring
 * entries — a 1024-long loop per row thread was the slow part of [256, 1024] under SwiftShader).
 * Chunk maxima (−3.4e38 if all masked). Output `[batch·chunks]`.
 */
export function chunkMaxSource(v: RelaxedVariant): string {
  return `${head(v)} {
  let m = -3.4e38;
  ${chunkLoop(v, 'm = Math.max(m, s);')}
  return m;
}`;
}

/** Stage 1 of the sum: Σ e^(s − M) over a chunk's classes (0 if all masked). Output `[batch·chunks]`. */
export function chunkSumSource(v: RelaxedVariant): string {
  return `${head(v, 'mx')} {
  let sum = 0.0;
  ${chunkLoop(v, 'sum += Math.exp(s - mx[b]);')}
  return sum;
}`;
}

/** Stage 2: a row's maximum over its chunk maxima. Output `[batch]`. */
export const COMBINE_MAX_SOURCE = `function(part) {
  const b = this.thread.x;
  let m = -3.4e38;
  for (let c = 0; c < this.constants.chunks; c++) { m = Math.max(m, part[b * this.constants.chunks + c]); }
  return m;
}`;

/** Stage 2: log of a row's sum of chunk sums. Output `[batch]`. */
export const COMBINE_SUMS_SOURCE = `function(part) {
  const b = this.thread.x;
  let sum = 0.0;
  for (let c = 0; c < this.constants.chunks; c++) { sum += part[b * this.constants.chunks + c]; }
  return gF32(Math.log(sum));
}`;

/** log y (or y) per entry from the row's M (`mx`) and log Σ (`lse`): output `[batch·k]`. */
export function relaxedSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  const ls = `(gF32(${scaled(v, 'j')}) - mx[b]) - lse[b]`;
  const value = form === 'log' ? ls : `Math.exp(${ls})`;
  const masked = form === 'log' ? 'gNegInf(0.0)' : '0.0';
  return `${head(v, 'mx', 'lse')} {
  const b = gRowOf(this.thread.x, this.constants.k);
  const j = this.thread.x - b * this.constants.k;
  const t = ${tau(v)};
  const l = logits[b * this.constants.k + j];
  if (l > ${MASKED_BELOW}) { return ${value}; }
  return ${masked};
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
