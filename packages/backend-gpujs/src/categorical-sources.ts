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
 * Row logsumexp of s over the unmasked classes in one pass (running maximum m and Σ e^(s − m),
 * rescaled when m grows): output `[batch]`. s and the result go through gF32 (float32 rounding on
 * GPU.js's cpu mode, which computes in float64; the identity on GLSL, which is float32 already), so
 * the stored logsumexp c and the s that the element kernel recomputes are the same float32 numbers
 * on every mode: c = fl(m + log Σ) ≥ m ≥ s, hence log y = s − c ≤ 0 and y ≤ 1, and a sure outcome
 * (one unmasked class, Σ = 1) gives exactly log y = 0.
 */
export function rowLogSumExpSource(v: RelaxedVariant): string {
  return `${head(v)} {
  const b = this.thread.x;
  const t = ${tau(v)};
  let m = -3.4e38;
  let sum = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    const l = logits[b * this.constants.k + j];
    if (l > ${MASKED_BELOW}) {
      const s = gF32(${scaled(v, 'j')});
      if (s > m) {
        sum = sum * Math.exp(m - s) + 1.0;
        m = s;
      } else {
        sum += Math.exp(s - m);
      }
    }
  }
  return gF32(m + Math.log(sum));
}`;
}

/**
 * Long rows: the same logsumexp in two stages. Stage 1 runs `chunks` threads per row; thread c of
 * row b covers classes c, c + chunks, c + 2·chunks, … (strided, so neighbouring threads read
 * neighbouring entries — a 1024-long loop per row thread was the slow part of [256, 1024] under
 * SwiftShader). It returns fl(m + log Σ) over its classes, or −3.4e38 if all of them are masked.
 * Output `[batch·chunks]`.
 */
export function chunkLogSumExpSource(v: RelaxedVariant): string {
  return `${head(v)} {
  const b = gRowOf(this.thread.x, this.constants.chunks);
  const c = this.thread.x - b * this.constants.chunks;
  const t = ${tau(v)};
  let m = -3.4e38;
  let sum = 0.0;
  for (let i = 0; i < this.constants.per; i++) {
    const j = c + this.constants.chunks * i;
    if (j < this.constants.k) {
      const l = logits[b * this.constants.k + j];
      if (l > ${MASKED_BELOW}) {
        const s = gF32(${scaled(v, 'j')});
        if (s > m) {
          sum = sum * Math.exp(m - s) + 1.0;
          m = s;
        } else {
          sum += Math.exp(s - m);
        }
      }
    }
  }
  if (sum > 0.0) { return gF32(m + Math.log(sum)); }
  return -3.4e38;
}`;
}

/**
 * Stage 2: the logsumexp of a row's chunk results (skipping all-masked chunks). Each chunk result
 * is ≥ its classes' s and the combination is ≥ its largest chunk result, so c ≥ every s as in the
 * one-stage kernel, and a lone unmasked class still gives exactly c = s. Output `[batch]`.
 */
export const COMBINE_CHUNKS_SOURCE = `function(part) {
  const b = this.thread.x;
  let m = -3.4e38;
  let sum = 0.0;
  for (let c = 0; c < this.constants.chunks; c++) {
    const p = part[b * this.constants.chunks + c];
    if (p > ${MASKED_BELOW}) {
      if (p > m) {
        sum = sum * Math.exp(m - p) + 1.0;
        m = p;
      } else {
        sum += Math.exp(p - m);
      }
    }
  }
  return gF32(m + Math.log(sum));
}`;

/** log y (or y) per entry from the row's logsumexp: output `[batch·k]`. */
export function relaxedSource(v: RelaxedVariant, form: 'log' | 'prob'): string {
  const ls = `gF32(${scaled(v, 'j')}) - lse[b]`;
  const value = form === 'log' ? ls : `Math.exp(${ls})`;
  const masked = form === 'log' ? 'gNegInf(0.0)' : '0.0';
  return `${head(v, 'lse')} {
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
