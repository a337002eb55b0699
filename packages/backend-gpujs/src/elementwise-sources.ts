/**
 * Kernel sources of the elementwise kernels: noise, Bernoulli and BinConcrete. An elementwise
 * tensor is laid out 1-D (rank ≤ 1, read `a[i]`) or 2-D (rank ≥ 2: `[shape[0], rest]`, read
 * `a[row][col]`); τ per row applies along the leading axis, i.e. to 2-D row `this.thread.y`, or to
 * each entry of a rank-1 tensor (whose rows are single entries).
 */
import { MASKED_BELOW } from './helper-sources.js';
import { signature } from './categorical-sources.js';
import { THREEFRY_FUNCTION } from './threefry-sources.js';

export type Layout = '1d' | '2d';
export type NoiseKind = 'uniform' | 'gumbel' | 'logistic';

export interface ElementwiseVariant {
  readonly layout: Layout;
  readonly noise: boolean;
  readonly tauRows: boolean;
}

function at(name: string, layout: Layout): string {
  return layout === '2d' ? `${name}[this.thread.y][this.thread.x]` : `${name}[this.thread.x]`;
}

function rowIndex(layout: Layout): string {
  return layout === '2d' ? 'this.thread.y' : 'this.thread.x';
}

function fromUniform(kind: NoiseKind, u: string): string {
  if (kind === 'uniform') return u;
  if (kind === 'gumbel') return `-Math.log(-Math.log(${u}))`;
  // 1 − u is exact in float32 for these uniforms (multiples of 2^-24 whose complement is ≥ 2^-24).
  return `Math.log(${u}) - Math.log(1.0 - ${u})`;
}

/** Noise from the counter hash: element i = the uniform at block position offset + i. */
export function seededNoiseSource(kind: NoiseKind, layout: Layout): string {
  const index = layout === '2d' ? 'this.thread.y * this.constants.cols + this.thread.x' : 'this.thread.x';
  return `function(k0a, k0b, k1a, k1b, c0a, c0b, c1a, c1b) {
  const u = ${THREEFRY_FUNCTION}(k0a, k0b, k1a, k1b, c0a, c0b, c1a, c1b, ${index});
  return ${fromUniform(kind, 'u')};
}`;
}

export function noiseFromUniformsSource(kind: 'gumbel' | 'logistic', layout: Layout): string {
  return `function(u) {
  const v = ${at('u', layout)};
  return ${fromUniform(kind, 'v')};
}`;
}

function perturbed(v: ElementwiseVariant): string {
  return v.noise ? `(l + ${at('noise', v.layout)})` : 'l';
}

function tauOf(v: ElementwiseVariant): string {
  return v.tauRows ? `tau[${rowIndex(v.layout)}]` : 'tau';
}

export function relaxedBernoulliSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau')} {
  const l = ${at('logits', v.layout)};
  if (l > ${MASKED_BELOW}) { return gSigmoid(${perturbed(v)} / ${tauOf(v)}); }
  return 0.0;
}`;
}

export function hardBernoulliSource(v: Omit<ElementwiseVariant, 'tauRows'>): string {
  const w = { ...v, tauRows: false };
  return `${signature('logits', v.noise && 'noise')} {
  const l = ${at('logits', v.layout)};
  if (l > ${MASKED_BELOW}) { if (${perturbed(w)} > 0.0) { return 1.0; } }
  return 0.0;
}`;
}

/** dL/dlogit = dy·σ'(t)/τ, t = (logit + noise)/τ; 0 at masked logits. */
export function bernoulliVjpLogitsSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau', 'up')} {
  const l = ${at('logits', v.layout)};
  const t = ${tauOf(v)};
  if (l > ${MASKED_BELOW}) { return ${at('up', v.layout)} * gSigmoidSlope(${perturbed(v)} / t) / t; }
  return 0.0;
}`;
}

/** A row loop over an elementwise tensor: 2-D rows have `constants.cols` entries, 1-D rows one. */
function rowLoop(layout: Layout, body: (get: (name: string) => string) => string): string {
  if (layout === '1d') return body((name) => `${name}[b]`);
  return `for (let j = 0; j < this.constants.cols; j++) {
    ${body((name) => `${name}[b][j]`)}
  }`;
}

/** dL/dτ per row = −(1/τ) Σ dy·σ'(t)·t. Output `[batch]`. */
export function bernoulliVjpTauRowsSource(v: ElementwiseVariant): string {
  const t = v.tauRows ? 'tau[b]' : 'tau';
  return `${signature('logits', v.noise && 'noise', 'tau', 'up')} {
  const b = this.thread.x;
  const t = ${t};
  let acc = 0.0;
  ${rowLoop(v.layout, (get) => {
    const p = v.noise ? `(l + ${get('noise')})` : 'l';
    return `const l = ${get('logits')};
    if (l > ${MASKED_BELOW}) { const s = ${p} / t; acc += ${get('up')} * gSigmoidSlope(s) * s; }`;
  })}
  return -acc / t;
}`;
}

/**
 * BinConcrete: log p = log τ + logit − (τ+1)(ℓ + m) − 2·logaddexp(logit − τℓ, −τm), ℓ = log y,
 * m = log(1 − y). −∞ at masked logits.
 */
export function binConcreteSource(v: Omit<ElementwiseVariant, 'noise'>): string {
  return `${signature('logits', 'y', 'tau')} {
  const l = ${at('logits', v.layout)};
  const t = ${v.tauRows ? `tau[${rowIndex(v.layout)}]` : 'tau'};
  if (l > ${MASKED_BELOW}) {
    const yv = ${at('y', v.layout)};
    const ly = Math.log(yv);
    const m = gLog1p(-yv);
    return Math.log(t) + l - (t + 1.0) * (ly + m) - 2.0 * gLogAddExp(l - t * ly, -t * m);
  }
  return gNegInf(0.0);
}`;
}

/** BinConcrete VJP per entry: 'logits' → g(1 − 2v), 'value' → ∂/∂y (see backend-cpu's bin-concrete). */
export function binConcreteVjpSource(v: Omit<ElementwiseVariant, 'noise'>, wrt: 'logits' | 'value'): string {
  const result =
    wrt === 'logits' ? 'g * (u - w)' : 'g * ((2.0 * t * w - t - 1.0) / yv - (2.0 * t * u - t - 1.0) / (1.0 - yv))';
  return `${signature('logits', 'y', 'tau', 'up')} {
  const l = ${at('logits', v.layout)};
  const t = ${v.tauRows ? `tau[${rowIndex(v.layout)}]` : 'tau'};
  if (l > ${MASKED_BELOW}) {
    const yv = ${at('y', v.layout)};
    const g = ${at('up', v.layout)};
    const z = Math.log(yv) - gLog1p(-yv);
    const w = gSigmoid(l - t * z);
    const u = gSigmoid(t * z - l);
    return ${result};
  }
  return 0.0;
}`;
}

/** BinConcrete dτ per row = Σ g(1/τ − (1 − 2v) z). Output `[batch]`. */
export function binConcreteVjpTauRowsSource(v: Omit<ElementwiseVariant, 'noise'>): string {
  return `${signature('logits', 'y', 'tau', 'up')} {
  const b = this.thread.x;
  const t = ${v.tauRows ? 'tau[b]' : 'tau'};
  let acc = 0.0;
  ${rowLoop(v.layout, (get) => `const l = ${get('logits')};
    if (l > ${MASKED_BELOW}) {
      const yv = ${get('y')};
      const z = Math.log(yv) - gLog1p(-yv);
      acc += ${get('up')} * (1.0 / t - (gSigmoid(t * z - l) - gSigmoid(l - t * z)) * z);
    }`)}
  return acc;
}`;
}
