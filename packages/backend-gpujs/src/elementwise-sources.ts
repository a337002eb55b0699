/**
 * Kernel sources of the elementwise kernels: noise, Bernoulli and BinConcrete. Every tensor is a flat
 * row-major GPU.js value (see tensor.ts); one thread per entry. τ per row applies along the leading
 * axis: entry i belongs to row ⌊i / cols⌋ with `this.constants.cols` = the size of one leading row.
 */
import { MASKED_BELOW, OPEN_UNIT_HI, OPEN_UNIT_LO, SURE_ABOVE } from './helper-sources.js';
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

/**
 * y = σ(t) kept in [2⁻¹²⁶, 1 − 2⁻²⁴] for a finite logit (so its BinConcrete density is finite);
 * logits of ±∞ are sure outcomes, exactly 1 or 0. NaN fails every comparison and propagates.
 */
export function relaxedBernoulliSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau')} {
  const l = ${at('logits')};
  if (l > ${SURE_ABOVE}) { return 1.0; }
  if (l > ${MASKED_BELOW}) {
    const y = gSigmoid(${perturbed(v)} / ${tauOf(v)});
    if (y > ${OPEN_UNIT_HI}) { return ${OPEN_UNIT_HI}; }
    if (y < ${OPEN_UNIT_LO}) { return ${OPEN_UNIT_LO}; }
    return y;
  }
  if (l < ${MASKED_BELOW}) { return 0.0; }
  return l;
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

/** dL/dlogit = dy·σ'(t)/τ, t = (logit + noise)/τ; 0 at logits of ±∞. */
export function bernoulliVjpLogitsSource(v: ElementwiseVariant): string {
  return `${signature('logits', v.noise && 'noise', 'tau', 'up')} {
  const l = ${at('logits')};
  const t = ${tauOf(v)};
  if (l > ${MASKED_BELOW} && l < ${SURE_ABOVE}) { return ${at('up')} * gSigmoidSlope(${perturbed(v)} / t) / t; }
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
    if (l > ${MASKED_BELOW} && l < ${SURE_ABOVE}) { const s = ${p} / t; acc += ${get('up')} * gSigmoidSlope(s) * s; }`;
  })}
  return -acc / t;
}`;
}

/**
 * BinConcrete: log p = log τ + logit − (τ+1)(ℓ + m) − 2·logaddexp(logit − τℓ, −τm), ℓ = log y,
 * m = log(1 − y), inside (0, 1). At the edges the limits (core's edge-limits.ts): at y ∈ {0, 1}
 * +∞ for τ < 1, −∞ for τ > 1, ∓logit at τ = 1; a logit of ±∞ is a sure outcome, +∞ at its end and
 * −∞ elsewhere. (+∞ is −gNegInf: GPU.js writes its own `Infinity` as the largest finite float.)
 */
export function binConcreteSource(v: Omit<ElementwiseVariant, 'noise'>): string {
  return `${signature('logits', 'y', 'tau')} {
  const l = ${at('logits')};
  const t = ${v.tauRows ? `tau[${rowIndex()}]` : 'tau'};
  const yv = ${at('y')};
  if (l < ${MASKED_BELOW}) { if (yv == 0.0) { return -gNegInf(0.0); } return gNegInf(0.0); }
  if (l > ${SURE_ABOVE}) { if (yv == 1.0) { return -gNegInf(0.0); } return gNegInf(0.0); }
  if (yv == 0.0 || yv == 1.0) {
    if (t < 1.0) { return -gNegInf(0.0); }
    if (t > 1.0) { return gNegInf(0.0); }
    if (yv == 0.0) { return -l; }
    return l;
  }
  const ly = gLog(yv);
  const m = gLog1p(-yv);
  return Math.log(t) + l - (t + 1.0) * (ly + m) - 2.0 * gLogAddExp(l - t * ly, -t * m);
}`;
}

/**
 * BinConcrete VJP per entry: 'logits' → g(u − v), 'value' → ∂/∂y (see backend-cpu's bin-concrete).
 * At y ∈ {0, 1}: ∂/∂logit → ∓1, ∂/∂y → the end's (τ − 1)/d (±∞; at τ = 1, 2 − 2e^(−l) or 2e^l − 2);
 * an upstream of 0 gives 0. Logits of ±∞ have no gradient.
 */
export function binConcreteVjpSource(v: Omit<ElementwiseVariant, 'noise'>, wrt: 'logits' | 'value'): string {
  const result =
    wrt === 'logits' ? 'g * (u - w)' : 'g * ((2.0 * t * w - t - 1.0) / yv - (2.0 * t * u - t - 1.0) / (1.0 - yv))';
  const end =
    wrt === 'logits'
      ? `if (yv == 0.0) { return -g; }
      return g;`
      : `if (g == 0.0) { return 0.0; }
      if (t == 1.0) { if (yv == 0.0) { return g * (2.0 - 2.0 * Math.exp(-l)); } return g * (2.0 * Math.exp(l) - 2.0); }
      if (yv == 0.0) { if (t < 1.0) { return g * gNegInf(0.0); } return -g * gNegInf(0.0); }
      if (t < 1.0) { return -g * gNegInf(0.0); }
      return g * gNegInf(0.0);`;
  return `${signature('logits', 'y', 'tau', 'up')} {
  const l = ${at('logits')};
  const t = ${v.tauRows ? `tau[${rowIndex()}]` : 'tau'};
  if (l > ${MASKED_BELOW} && l < ${SURE_ABOVE}) {
    const yv = ${at('y')};
    const g = ${at('up')};
    if (yv == 0.0 || yv == 1.0) {
      ${end}
    }
    const z = gLog(yv) - gLog1p(-yv);
    const w = gSigmoid(l - t * z);
    const u = gSigmoid(t * z - l);
    return ${result};
  }
  return 0.0;
}`;
}

/** BinConcrete dτ per row = Σ g(1/τ − (u − v) z); at y ∈ {0, 1} each term is g·(−∞) (0 for g = 0). Output `[batch]`. */
export function binConcreteVjpTauRowsSource(v: Omit<ElementwiseVariant, 'noise'>): string {
  return `${signature('logits', 'y', 'tau', 'up')} {
  const b = this.thread.x;
  const t = ${v.tauRows ? 'tau[b]' : 'tau'};
  let acc = 0.0;
  ${rowLoop((get) => `const l = ${get('logits')};
    if (l > ${MASKED_BELOW} && l < ${SURE_ABOVE}) {
      const yv = ${get('y')};
      const g = ${get('up')};
      if (yv == 0.0 || yv == 1.0) {
        if (g != 0.0) { acc += g * gNegInf(0.0); }
      } else {
        const z = gLog(yv) - gLog1p(-yv);
        acc += g * (1.0 / t - (gSigmoid(t * z - l) - gSigmoid(l - t * z)) * z);
      }
    }`)}
  return acc;
}`;
}
