/**
 * Kernel sources of the relaxed-sample VJPs. They read the forward output the caller passes (y or
 * log y) instead of recomputing it from logits and noise: on a float32 device the recomputation
 * gains nothing, and it would cost two more passes over every row (argmax and logsumexp).
 *
 * With ds_j = dL/ds_j, s = (logits + noise)/τ:
 *   simplex form: ds_j = y_j (dy_j − Σ_i y_i dy_i)
 *   log form:     ds_j = dlogY_j − y_j Σ_i dlogY_i           (sums over unmasked classes)
 *   dL/dlogits_j = ds_j / τ,   dL/dτ = −(1/τ) Σ_j ds_j log y_j
 * Masked classes have y = 0 / log y = −∞: they are skipped, so their gradient is exactly 0. In the
 * simplex form an unmasked y_j that underflowed to 0 has ds_j = 0 too, and its ds_j·log y_j term
 * (→ 0) is skipped rather than formed as 0·(−∞).
 */
import { MASKED_BELOW } from './helper-sources.js';
import { signature } from './categorical-sources.js';

export type Form = 'log' | 'prob';

function tau(tauRows: boolean): string {
  return tauRows ? 'tau[b]' : 'tau';
}

const ROW = 'b * this.constants.k + j';

/** Σ y dy (simplex) or Σ dlogY over unmasked classes (log). Output `[batch]`. */
export function vjpDotSource(form: Form): string {
  const term = form === 'prob' ? `out[${ROW}] * up[${ROW}]` : `(out[${ROW}] > ${MASKED_BELOW} ? up[${ROW}] : 0.0)`;
  return `function(out, up) {
  const b = this.thread.x;
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) { acc += ${term}; }
  return acc;
}`;
}

function ds(form: Form, at: string): string {
  return form === 'prob' ? `out[${at}] * (up[${at}] - dot[b])` : `up[${at}] - Math.exp(out[${at}]) * dot[b]`;
}

/** dL/dlogits = ds/τ. Output `[batch·k]`. */
export function vjpLogitsFromOutputSource(form: Form, tauRows: boolean): string {
  const masked = form === 'prob' ? 'out[i] <= 0.0' : `out[i] < ${MASKED_BELOW}`;
  return `${signature('out', 'up', 'tau', 'dot')} {
  const i = this.thread.x;
  const b = gRowOf(i, this.constants.k);
  if (${masked}) { return 0.0; }
  return (${ds(form, 'i')}) / ${tau(tauRows)};
}`;
}

/** dL/dτ per row = −(1/τ) Σ ds_j log y_j. Output `[batch]`. */
export function vjpTauRowsFromOutputSource(form: Form, tauRows: boolean): string {
  const skip = form === 'prob' ? `out[${ROW}] > 0.0` : `out[${ROW}] > ${MASKED_BELOW}`;
  const logY = form === 'prob' ? `Math.log(out[${ROW}])` : `out[${ROW}]`;
  return `${signature('out', 'up', 'tau', 'dot')} {
  const b = this.thread.x;
  let acc = 0.0;
  for (let j = 0; j < this.constants.k; j++) {
    if (${skip}) { acc += (${ds(form, ROW)}) * ${logY}; }
  }
  return -acc / ${tau(tauRows)};
}`;
}
