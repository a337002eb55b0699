/**
 * KL(p ‖ q) in closed form for the pairs that have one: Categorical, OneHotCategorical (same
 * formula), Bernoulli, Gumbel. Batch shapes broadcast. `klVjp` returns gradients keyed
 * `p.<param>` / `q.<param>` (e.g. `p.logits`, `q.probs`, `q.scale`).
 *   Categorical: Σ p_i (log p_i − log q_i); +∞ where q masks a class p can take.
 *   Bernoulli:   p log(p/q) + (1 − p) log((1 − p)/(1 − q)).
 *   Gumbel:      log(s_q/s_p) + γ(s_p/s_q − 1) + expm1((m_q − m_p)/s_q + log Γ(s_p/s_q + 1)) + (m_p − m_q)/s_q  (TFP).
 */
import { GumbelTypeError, UnsupportedOperationError } from '@gumbel/core';
import { Bernoulli } from './bernoulli.js';
import { CategoricalFamily } from './categorical.js';
import type { Computation, HostGradient, VjpResult } from './computation.js';
import { onTape, withVjp } from './computation.js';
import type { Distribution } from './distribution.js';
import { elementwise } from './elementwise.js';
import type { Param } from './host.js';
import { Gumbel } from './gumbel.js';
import { EULER_GAMMA, digamma, lgamma, logSigmoid, xlogy } from './math/special.js';
import { broadcastIndex, broadcastShapes } from './shape.js';

const renamed = <T>(p: Param<T>, prefix: string): Param<T> => ({ ...p, name: `${prefix}.${p.name}` });

function categoricalKl<T>(p: CategoricalFamily<T>, q: CategoricalFamily<T>): { c: Computation; inputs: Param<T>[] } {
  if (p.k !== q.k) throw new GumbelTypeError('q', q.k, `over the same number of classes as p (${p.k})`, `${q.k} classes`);
  const k = p.k;
  const shape = broadcastShapes(p.batchShape, q.batchShape, 'p.batchShape', 'q.batchShape');
  const pr = broadcastIndex(p.batchShape, shape);
  const qr = broadcastIndex(q.batchShape, shape);
  const lp = p.params.logp;
  const lq = q.params.logp;
  const n = pr.length;
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let kl = 0;
    for (let i = 0; i < k; i++) {
      const a = lp[(pr[r] as number) * k + i] as number;
      if (a !== -Infinity) kl += Math.exp(a) * (a - (lq[(qr[r] as number) * k + i] as number));
    }
    values[r] = kl;
  }
  const c: Computation = {
    values,
    shape,
    vjp: (d) => {
      // ∂/∂logits_p = p ⊙ (log p − log q − KL); ∂/∂logits_q = q − p.
      const gp = new Float64Array(n * k);
      const gq = new Float64Array(n * k);
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < k; i++) {
          const a = lp[(pr[r] as number) * k + i] as number;
          const b = lq[(qr[r] as number) * k + i] as number;
          const pi = Math.exp(a);
          gp[r * k + i] = pi === 0 || !Number.isFinite(values[r] as number) ? 0 : (d[r] as number) * pi * (a - b - (values[r] as number));
          gq[r * k + i] = (d[r] as number) * (Math.exp(b) - pi);
        }
      }
      const full = [...shape, k];
      const out: Record<string, HostGradient> = {};
      for (const [name, g] of Object.entries(p.params.toParam({ values: gp, shape: full }))) out[`p.${name}`] = g;
      for (const [name, g] of Object.entries(q.params.toParam({ values: gq, shape: full }))) out[`q.${name}`] = g;
      return out;
    },
  };
  return { c, inputs: [renamed(p.params.param, 'p'), renamed(q.params.param, 'q')] };
}

function bernoulliKl<T>(p: Bernoulli<T>, q: Bernoulli<T>): { c: Computation; inputs: Param<T>[] } {
  const pp = renamed(p.params.param, 'p');
  const qp = renamed(q.params.param, 'q');
  const shape = broadcastShapes(p.batchShape, q.batchShape, 'p.batchShape', 'q.batchShape');
  const c = elementwise([pp, qp], (a, d) => {
    const ep = p.params.element(a[0] as number);
    const eq = q.params.element(a[1] as number);
    const [pi, lpi, l1pi] = [ep.p, logSigmoid(ep.logit), logSigmoid(-ep.logit)];
    const [qi, lqi, l1qi] = [eq.p, logSigmoid(eq.logit), logSigmoid(-eq.logit)];
    const kl = xlogy(pi, lpi) - xlogy(pi, lqi) + xlogy(1 - pi, l1pi) - xlogy(1 - pi, l1qi);
    if (Number.isFinite(kl)) {
      // ∂/∂logit_p = p(1 − p)(logit_p − logit_q); ∂/∂logit_q = q − p.
      const dlp = Number.isFinite(ep.logit) ? pi * (1 - pi) * (ep.logit - eq.logit) : 0;
      d[0] = p.params.fromLogit(dlp, ep);
      d[1] = q.params.fromLogit(qi - pi, eq);
    }
    return kl;
  }, shape);
  return { c, inputs: [pp, qp] };
}

function gumbelKl<T>(p: Gumbel<T>, q: Gumbel<T>): { c: Computation; inputs: Param<T>[] } {
  const inputs = [renamed(p.loc, 'p'), renamed(p.scale, 'p'), renamed(q.loc, 'q'), renamed(q.scale, 'q')];
  const shape = broadcastShapes(p.batchShape, q.batchShape, 'p.batchShape', 'q.batchShape');
  const c = elementwise(inputs, (a, d) => {
    const [mp, sp, mq, sq] = [a[0] as number, a[1] as number, a[2] as number, a[3] as number];
    const r = sp / sq;
    const t = (mq - mp) / sq;
    const e = Math.exp(t + lgamma(r + 1));
    // ∂e/∂r = e ψ(r + 1), ∂e/∂t = e.
    // Partials of the γ(r − 1) + e terms wrt r and of e − t wrt t; log(s_q/s_p) is differentiated directly.
    const dr = EULER_GAMMA + e * digamma(r + 1);
    const dt = e - 1;
    d[0] = -dt / sq;
    d[1] = -1 / sp + dr / sq;
    d[2] = dt / sq;
    d[3] = 1 / sq - (dr * r) / sq - (dt * t) / sq;
    return Math.log(sq / sp) + EULER_GAMMA * (r - 1) + Math.expm1(t + lgamma(r + 1)) - t;
  }, shape);
  return { c, inputs };
}

function klComputation<T>(p: Distribution<T>, q: Distribution<T>) {
  if (p.backend !== q.backend) throw new GumbelTypeError('q', q.backend.name, 'on the same backend object as p', 'another backend');
  if (p instanceof CategoricalFamily && q instanceof CategoricalFamily && p.constructor === q.constructor) return categoricalKl(p, q);
  if (p instanceof Bernoulli && q instanceof Bernoulli) return bernoulliKl(p, q);
  if (p instanceof Gumbel && q instanceof Gumbel) return gumbelKl(p, q);
  throw new UnsupportedOperationError('distributions', `kl(${p.constructor.name}, ${q.constructor.name})`, 'no closed form registered (Categorical, OneHotCategorical, Bernoulli and Gumbel pairs have one)');
}

/** KL(p ‖ q), shape broadcast(p.batchShape, q.batchShape), on p's tape. */
export function kl<T>(p: Distribution<T>, q: Distribution<T>): T {
  const { c, inputs } = klComputation(p, q);
  return onTape(p.backend, p.tape, c, inputs);
}

/** KL with its explicit VJP: gradients keyed `p.logits`, `q.probs`, `p.loc`… */
export function klVjp<T>(p: Distribution<T>, q: Distribution<T>): VjpResult<T> {
  const { c, inputs } = klComputation(p, q);
  return withVjp(p.backend, c, inputs);
}
