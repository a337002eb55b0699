/**
 * Kernel sources of the elementwise kernels: noise, Bernoulli and BinConcrete. Every tensor is a flat
 * row-major GPU.js value (see tensor.ts); one thread per entry. τ per row applies along the leading
 * axis: entry i belongs to row ⌊i / cols⌋ with `this.constants.cols` = the size of one leading row.
 */
import { MASKED_BELOW } from './helper-sources.js';
import { signature } from './categorical-sources.js';
import { THREEFRY_FUNCTION } from './threefry-sources.js';

export type NoiseKind = 'uniform' | 'gumbel' | 'logistic';

export interface ElementwiseVariant {
  readonly noise: boolean;
  readonly tauRows: boolean;
}

function at(name: string): string {
  return `${name}[this.thread.x]`;
}

function rowIndex(): string {
  return 'gRowOf(this.thread.x, this.constants.cols)';
}

function fromUniform(kind: NoiseKind, u: string): string {
  if (kind === 'uniform') return u;
  // gLog: accurate where u is near 1 (see helper-sources.ts); −log u is then accurate relative to itself.
  if (kind === 'gumbel') return `-Math.log(-gLog(${u}))`;
  // 1 − u is exact in float32 for these uniforms (multiples of 2^-24 whose complement is ≥ 2^-24).
  return `gLog(${u}) - gLog(1.0 - ${u})`;
}

/** Noise from the counter hash: element i = the uniform at block position offset + i. */
export function seededNoiseSource(kind: NoiseKind): string {
  const index = 'this.thread.x';
  return `function(k0a, k0b, k1a, k1b, c0a, c0b, c1a, c1b) {
  const u = ${THREEFRY_FUNCTION}(k0a, k0b, k1a, k1b, c0a, c0b, c1a, c1b, ${index});
  return ${fromUniform(kind, 'u')};
}`;
}

export function noiseFromUniformsSource(kind: 'gumbel' | 'logistic'): string {
  return `function(u) {
  const v = ${at('u')};
  return ${fromUniform(kind, 'v')};
}`;
}

function perturbed(v: ElementwiseVariant): string {
  return v.noise ? `(l + ${at('noise')})` : 'l';
}

function tauOf(v: ElementwiseVariant): string {
  return v.tauRows ? `tau[${rowIndex()}]` : 'tau';
}

export function relaxedBernoulliSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau')} {
  const l = ${at('logits')};
  if (l > ${MASKED_BELOW}) { return gSigmoid(${perturbed(v)} / ${tauOf(v)}); }
  return 0.0;
}`;
}

export function hardBernoulliSource(v: { readonly noise: boolean }): string {
  const w = { ...v, tauRows: false };
  return `${signature('logits', v.noise && 'noise')} {
  const l = ${at('logits')};
  if (l > ${MASKED_BELOW}) { if (${perturbed(w)} > 0.0) { return 1.0; } }
  return 0.0;
}`;
}

/** dL/dlogit = dy·σ'(t)/τ, t = (logit + noise)/τ; 0 at masked logits. */
export function bernoulliVjpLogitsSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau', 'up')} {
  const l = ${at('logits')};
  const t = ${tauOf(v)};
  if (l > ${MASKED_BELOW}) { return ${at('up')} * gSigmoidSlope(${perturbed(v)} / t) / t; }
  return 0.0;
}`;
}

/** A loop over the `constants.cols` entries of leading row b. */
function rowLoop(body: (get: (name: string) => string) => string): string {
  return `for (let j = 0; j < this.constants.cols; j++) {
    ${body((name) => `${name}[b * this.constants.cols + j]`)}
  }`;
}

/** dL/dτ per row = −(1/τ) Σ dy·σ'(t)·t. Output `[batch]`. */
export function bernoulliVjpTauRowsSource(v: ElementwiseVariant): string {
  const t = v.tauRows ? 'tau[b]' : 'tau';
  return `${signature('logits', v.noise && 'noise', 'tau', 'up')} {
  const b = this.thread.x;
  const t = ${t};
  let acc = 0.0;
  ${rowLoop((get) => {
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
  const l = ${at('logits')};
  const t = ${v.tauRows ? `tau[${rowIndex()}]` : 'tau'};
  if (l > ${MASKED_BELOW}) {
    const yv = ${at('y')};
    const ly = gLog(yv);
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
  const l = ${at('logits')};
  const t = ${v.tauRows ? `tau[${rowIndex()}]` : 'tau'};
  if (l > ${MASKED_BELOW}) {
    const yv = ${at('y')};
    const g = ${at('up')};
    const z = gLog(yv) - gLog1p(-yv);
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
  ${rowLoop((get) => `const l = ${get('logits')};
    if (l > ${MASKED_BELOW}) {
      const yv = ${get('y')};
      const z = gLog(yv) - gLog1p(-yv);
      acc += ${get('up')} * (1.0 / t - (gSigmoid(t * z - l) - gSigmoid(l - t * z)) * z);
    }`)}
  return acc;
}`;
}
