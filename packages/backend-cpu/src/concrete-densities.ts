/**
 * Concrete and ExpConcrete log-densities per row, and their VJPs.
 *
 * With k the number of unmasked classes (masked classes — logit −∞ — are dropped from everything,
 * whatever the value at their coordinate) and a_i = logits_i − τ·x_i:
 *   ExpConcrete: log p(x) = log Γ(k) + (k−1) log τ + Σ_i (a_i − logsumexp(a))
 *   Concrete:    log p(y) = ExpConcrete(x = log y) − Σ_i log y_i
 * the second being (k−1)! τ^(k−1) (Σ π_i y_i^(−τ))^(−k) Π π_i y_i^(−τ−1) in log form. Summing the
 * log-softmax terms instead of forming Σ a_i − k·logsumexp(a) avoids cancelling two large numbers.
 *
 * Derivatives, with w = softmax(a) over the unmasked classes and c_i = 1 − k·w_i (Σ_i c_i = 0):
 *   ∂/∂logits_i = c_i
 *   ∂/∂x_i      = −τ c_i                          (ExpConcrete)
 *   ∂/∂y_i      = (−τ c_i − 1) / y_i              (Concrete, chain rule through x_i = log y_i)
 *   ∂/∂τ        = (k−1)/τ − Σ_i x_i c_i = (k−1)/τ − Σ_i (x_i − x̄) c_i
 * where any constant x̄ may be subtracted because Σ c_i = 0; the row mean keeps the sum small.
 *
 * The point is checked on the host (y on the simplex, x on the log-simplex: core's support.ts). At
 * a boundary point (an unmasked y_i = 0, x_i = −∞) the values are limits (concrete-boundary.ts).
 */
import { logFactorialOfPredecessor, validateLogSimplexPoint, validateSimplexPoint } from '@gumbel/core';
import type { FloatPrecision, ResolvedTemperature } from '@gumbel/core';
import { argsObject, categoricalLogits, like, resolveTau, tauAt, tauGradient } from './args.js';
import { boundaryLogProb, boundaryVjp, isBoundaryRow } from './concrete-boundary.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor, FloatArray } from './tensor.js';

export type Form = 'concrete' | 'expConcrete';

export interface Prepared {
  readonly logits: FloatArray;
  readonly value: FloatArray;
  readonly tau: ResolvedTemperature<CpuTensor>;
  readonly batch: number;
  readonly k: number;
  readonly shape: readonly number[];
}

function prepare(args: unknown, form: Form): Prepared {
  const a = argsObject(args);
  const { tensor, batch, k } = categoricalLogits(a['logits']);
  const name = form === 'concrete' ? 'y' : 'x';
  const value = like(a[name], name, tensor.shape, 'logits');
  const tau = resolveTau(a['tau'], batch);
  if (form === 'concrete') validateSimplexPoint(value.data, tensor.data, k, name);
  else validateLogSimplexPoint(value.data, tensor.data, k, name);
  return { logits: tensor.data, value: value.data, tau, batch, k, shape: tensor.shape };
}

interface RowResult {
  /** The log-density of the row. */
  logProb: number;
  /** How many classes are unmasked. */
  kEff: number;
}

/**
 * Evaluates one row; fills `x` with the log-space point (log y for Concrete) and `w` with
 * softmax(a) over the unmasked classes (entries of masked classes are left untouched).
 */
function densityRow(p: Prepared, form: Form, b: number, x: Float64Array, w: Float64Array): RowResult {
  const { logits, value, k } = p;
  const tau = tauAt(p.tau, b);
  const row = b * k;
  let kEff = 0;
  let max = -Infinity;
  let jacobian = 0;
  for (let j = 0; j < k; j++) {
    const l = logits[row + j] as number;
    if (l === -Infinity) continue;
    kEff++;
    const v = value[row + j] as number;
    const xj = form === 'concrete' ? Math.log(v) : v;
    x[j] = xj;
    if (form === 'concrete') jacobian += xj;
    const aj = l - tau * xj;
    w[j] = aj;
    if (aj > max) max = aj;
  }
  let sum = 0;
  for (let j = 0; j < k; j++) if (logits[row + j] !== -Infinity) sum += Math.exp((w[j] as number) - max);
  const logSum = Math.log(sum);
  let logSoftmaxSum = 0;
  for (let j = 0; j < k; j++) {
    if (logits[row + j] === -Infinity) continue;
    // (a − max) − log Σ: max + log Σ would round to max for huge a (see relaxed-categorical.ts).
    const ls = (w[j] as number) - max - logSum;
    logSoftmaxSum += ls;
    w[j] = Math.exp(ls);
  }
  const logProb = logFactorialOfPredecessor(kEff) + (kEff - 1) * Math.log(tau) + logSoftmaxSum - jacobian;
  return { logProb, kEff };
}

export function densityLogProb(precision: FloatPrecision, args: unknown, form: Form): CpuTensor {
  const p = prepare(args, form);
  const out = allocate(precision, p.batch);
  const x = new Float64Array(p.k);
  const w = new Float64Array(p.k);
  for (let b = 0; b < p.batch; b++) {
    out[b] = isBoundaryRow(p, form, b) ? boundaryLogProb(p, form, b, tauAt(p.tau, b)) : densityRow(p, form, b, x, w).logProb;
  }
  return makeTensor(out, [p.batch]);
}

export function densityLogProbVjp(
  precision: FloatPrecision,
  args: unknown,
  form: Form,
): { dLogits: CpuTensor; dTau: CpuTensor; dValue: CpuTensor } {
  const p = prepare(args, form);
  const dOut = like(argsObject(args)['dOut'], 'dOut', [p.batch], 'the batch size of logits').data;
  const { batch, k, logits, value } = p;
  const dLogits = allocate(precision, batch * k);
  const dValue = allocate(precision, batch * k);
  const dTauRows = new Float64Array(batch);
  const x = new Float64Array(k);
  const w = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    const row = b * k;
    const tau = tauAt(p.tau, b);
    const g = dOut[b] as number;
    if (isBoundaryRow(p, form, b)) {
      dTauRows[b] = boundaryVjp(p, form, b, tau, g, dLogits, dValue);
      continue;
    }
    const { kEff } = densityRow(p, form, b, x, w);
    let mean = 0;
    for (let j = 0; j < k; j++) if (logits[row + j] !== -Infinity) mean += (x[j] as number) / kEff;
    let tauSum = 0;
    for (let j = 0; j < k; j++) {
      if (logits[row + j] === -Infinity) continue;
      const c = 1 - kEff * (w[j] as number);
      dLogits[row + j] = g * c;
      dValue[row + j] = form === 'concrete' ? (g * (-tau * c - 1)) / (value[row + j] as number) : -g * tau * c;
      tauSum += ((x[j] as number) - mean) * c;
    }
    dTauRows[b] = g * ((kEff - 1) / tau - tauSum);
  }
  return {
    dLogits: makeTensor(dLogits, p.shape),
    dTau: tauGradient(p.tau, dTauRows, precision),
    dValue: makeTensor(dValue, p.shape),
  };
}
