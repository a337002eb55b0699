/**
 * Concrete and ExpConcrete log-densities per row, and their VJPs.
 *
 * With k the number of unmasked classes (masked classes — logit −∞ — are dropped from everything,
 * whatever the value at their coordinate) and a_i = logits_i − τ·x_i:
 *   ExpConcrete: log p(x) = log Γ(k) + (k−1) log τ + Σ_i (a_i − logsumexp(a))
 *   Concrete:    log p(y) = ExpConcrete(x = log y) − Σ_i log y_i
 * the second being (k−1)! τ^(k−1) (Σ π_i y_i^(−τ))^(−k) Π π_i y_i^(−τ−1) in log form. The row and
 * its derivatives (c_i = 1 − k·softmax(a)_i: ∂/∂logits_i = c_i, ∂/∂x_i = −τ c_i, ∂/∂τ) are core's
 * `expConcreteRowVjp`, the one float64 row core's densities and @gumbel/distributions use too; this
 * file adds the Concrete Jacobian, ∂/∂y_i = (−τ c_i − 1) / y_i through x_i = log y_i, and the batch.
 *
 * The point is checked on the host (y on the simplex, x on the log-simplex: core's support.ts). At
 * a boundary point (an unmasked y_i = 0, x_i = −∞) the values are limits (concrete-boundary.ts).
 */
import { expConcreteRowLogProb, expConcreteRowVjp, validateLogSimplexPoint, validateSimplexPoint } from '@gumbel/core';
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

/**
 * Row b's point in log space for core's ExpConcrete row (expConcreteRowLogProb/Vjp, the row every
 * float64 ExpConcrete density shares): ExpConcrete reads its value in place; Concrete writes x = log y
 * into the scratch `x` and returns the Jacobian Σ log y, which its log-density subtracts.
 */
function logSpaceRow(p: Prepared, form: Form, b: number, x: Float64Array): { x: ArrayLike<number>; xo: number; jacobian: number } {
  const { logits, value, k } = p;
  const row = b * k;
  if (form === 'expConcrete') return { x: value, xo: row, jacobian: 0 };
  let jacobian = 0;
  for (let j = 0; j < k; j++) {
    if (logits[row + j] === -Infinity) continue;
    x[j] = Math.log(value[row + j] as number);
    jacobian += x[j] as number;
  }
  return { x, xo: 0, jacobian };
}

export function densityLogProb(precision: FloatPrecision, args: unknown, form: Form): CpuTensor {
  const p = prepare(args, form);
  const out = allocate(precision, p.batch);
  const x = new Float64Array(p.k);
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    if (isBoundaryRow(p, form, b)) {
      out[b] = boundaryLogProb(p, form, b, tau);
      continue;
    }
    const r = logSpaceRow(p, form, b, x);
    out[b] = expConcreteRowLogProb(p.logits, b * p.k, r.x, r.xo, p.k, tau) - r.jacobian;
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
  const dl = new Float64Array(k);
  const dx = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    const row = b * k;
    const tau = tauAt(p.tau, b);
    const g = dOut[b] as number;
    if (isBoundaryRow(p, form, b)) {
      dTauRows[b] = boundaryVjp(p, form, b, tau, g, dLogits, dValue);
      continue;
    }
    const r = logSpaceRow(p, form, b, x);
    const { dTau } = expConcreteRowVjp(logits, row, r.x, r.xo, k, tau, dl, dx);
    for (let j = 0; j < k; j++) {
      if (logits[row + j] === -Infinity) continue;
      dLogits[row + j] = g * (dl[j] as number);
      // Concrete: ∂/∂y_j = (∂/∂x_j − 1)/y_j through x_j = log y_j (the Jacobian's −1).
      dValue[row + j] = form === 'concrete' ? (g * ((dx[j] as number) - 1)) / (value[row + j] as number) : g * (dx[j] as number);
    }
    dTauRows[b] = g * dTau;
  }
  return {
    dLogits: makeTensor(dLogits, p.shape),
    dTau: tauGradient(p.tau, dTauRows, precision),
    dValue: makeTensor(dValue, p.shape),
  };
}
