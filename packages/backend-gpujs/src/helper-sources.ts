/**
 * Scalar helpers written in the JavaScript subset GPU.js translates (to GLSL on the GL modes, to JS
 * on `cpu`). Strings, not functions, so minification cannot rename what GPU.js parses.
 */

/** Masked logits are −∞; any value below this is treated as masked (GLSL has no isinf in ES 1.00). */
export const MASKED_BELOW = '-3.0e38';

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

/** log(1 + x); GLSL has no log1p, and log(1 + x) loses x's digits when |x| is small. */
const LOG1P = `function gLog1p(x) {
  if (Math.abs(x) < 0.0001) { return x * (1.0 - x * (0.5 - x / 3.0)); }
  return Math.log(1.0 + x);
}`;

/** log(e^a + e^b) for finite a, b. */
const LOG_ADD_EXP = `function gLogAddExp(a, b) {
  const m = Math.max(a, b);
  return m + gLog1p(Math.exp(-Math.abs(a - b)));
}`;

export const HELPER_FUNCTIONS: readonly string[] = [SIGMOID, SIGMOID_SLOPE, LOG1P, LOG_ADD_EXP];
