/**
 * Scalar helpers written in the JavaScript subset GPU.js translates (to GLSL on the GL modes, to JS
 * on `cpu`). Strings, not functions, so minification cannot rename what GPU.js parses.
 */

/** Masked logits are −∞; any value below this is treated as masked (GLSL has no isinf in ES 1.00). */
export const MASKED_BELOW = '-3.0e38';

/** A Bernoulli logit above this is +∞: probability 1 (a sure outcome). */
export const SURE_ABOVE = '3.0e38';

/**
 * The float32 open interval a relaxed Bernoulli sample with a finite logit is kept in: the smallest
 * normal 2⁻¹²⁶ (subnormals may flush to 0 on a GPU) and 1 − 2⁻²⁴ (backend-cpu's bernoulli.ts says why).
 */
export const OPEN_UNIT_LO = '1.1754943508222875e-38';
export const OPEN_UNIT_HI = '0.9999999403953552';

/** σ(t) without overflow: e^t is only formed for t < 0. */
const SIGMOID = `function gSigmoid(t) {
  if (t >= 0.0) { return 1.0 / (1.0 + Math.exp(-t)); }
  const e = Math.exp(t);
  return e / (1.0 + e);
}`;

/** σ'(t) = σ(t)σ(−t) from e^(−|t|), so neither factor is a rounded 1 − σ. */
const SIGMOID_SLOPE = `function gSigmoidSlope(t) {
  const e = Math.exp(-Math.abs(t));
  return e / ((1.0 + e) * (1.0 + e));
}`;

/**
 * log(1 + x), accurate to float32 relative precision. GLSL has no log1p, and its log(w) is only
 * accurate to ~1 ulp of 1 in absolute terms, which is a large relative error when log(w) is small
 * (SwiftShader: Gumbel noise off by 5e-5 from u near 1). For x ∈ (−½, 1) we use
 * log(1 + x) = 2·atanh(z), z = x / (2 + x) ∈ (−⅓, ⅓), and the odd series of atanh to z¹⁵
 * (truncation < (1/9)⁸/17 ≈ 1.4e-9 relative).
 */
const LOG1P = `function gLog1p(x) {
  if (x > -0.5 && x < 1.0) {
    const z = x / (2.0 + x);
    const w = z * z;
    let p = 1.0 / 15.0;
    p = 1.0 / 13.0 + w * p;
    p = 1.0 / 11.0 + w * p;
    p = 1.0 / 9.0 + w * p;
    p = 1.0 / 7.0 + w * p;
    p = 1.0 / 5.0 + w * p;
    p = 1.0 / 3.0 + w * p;
    p = 1.0 + w * p;
    return 2.0 * z * p;
  }
  return Math.log(1.0 + x);
}`;

/** log(u) accurate near u = 1 (u − 1 is exact there, by Sterbenz's lemma). */
const LOG = `function gLog(u) {
  if (u > 0.5 && u < 2.0) { return gLog1p(u - 1.0); }
  return Math.log(u);
}`;

/** log(e^a + e^b) for finite a, b. */
const LOG_ADD_EXP = `function gLogAddExp(a, b) {
  const m = Math.max(a, b);
  return m + gLog1p(Math.exp(-Math.abs(a - b)));
}`;

export const HELPER_FUNCTIONS: readonly string[] = [SIGMOID, SIGMOID_SLOPE, LOG1P, LOG, LOG_ADD_EXP];
