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
import { renamed } from './host.js';
import type { Param } from './host.js';
import { Gumbel } from './gumbel.js';
import { EULER_GAMMA, digamma, lgamma, logSigmoid, xlogy } from './math/special.js';
import { broadcastIndex, broadcastShapes } from './shape.js';

const prefixed = <T>(p: Param<T>, prefix: string): Param<T> => renamed(p, `${prefix}.${p.name}`);

function categoricalKl<T>(p: CategoricalFamily<T>, q: CategoricalFamily<T>): { c: Computation; inputs: Param<T>[] } {
  const shape = checkCategoricalPair(p, q);
  const k = p.k;
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
  return { c, inputs: [prefixed(p.params.param, 'p'), prefixed(q.params.param, 'q')] };
}

function bernoulliKl<T>(p: Bernoulli<T>, q: Bernoulli<T>): { c: Computation; inputs: Param<T>[] } {
  const pp = prefixed(p.params.param, 'p');
  const qp = prefixed(q.params.param, 'q');
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
  const inputs = [prefixed(p.loc, 'p'), prefixed(p.scale, 'p'), prefixed(q.loc, 'q'), prefixed(q.scale, 'q')];
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

/** p and q as a pair of the same categorical class, or undefined. */
const categoricalPair = <T>(p: Distribution<T>, q: Distribution<T>): [CategoricalFamily<T>, CategoricalFamily<T>] | undefined =>
  p instanceof CategoricalFamily && q instanceof CategoricalFamily && p.constructor === q.constructor ? [p, q] : undefined;

/** The same backend, the same number of classes, batch shapes that broadcast; returns the broadcast shape. */
function checkCategoricalPair<T>(p: CategoricalFamily<T>, q: CategoricalFamily<T>): number[] {
  if (p.backend !== q.backend) throw new GumbelTypeError('q', q.backend.name, 'on the same backend object as p', 'another backend');
  if (p.k !== q.k) throw new GumbelTypeError('q', q.k, `over the same number of classes as p (${p.k})`, `${q.k} classes`);
  return broadcastShapes(p.batchShape, q.batchShape, 'p.batchShape', 'q.batchShape');
}

function klComputation<T>(p: Distribution<T>, q: Distribution<T>) {
  if (p.backend !== q.backend) throw new GumbelTypeError('q', q.backend.name, 'on the same backend object as p', 'another backend');
  const pair = categoricalPair(p, q);
  if (pair !== undefined) return categoricalKl(...pair);
  if (p instanceof Bernoulli && q instanceof Bernoulli) return bernoulliKl(p, q);
  if (p instanceof Gumbel && q instanceof Gumbel) return gumbelKl(p, q);
  throw new UnsupportedOperationError('distributions', `kl(${p.constructor.name}, ${q.constructor.name})`, 'no closed form registered (Categorical, OneHotCategorical, Bernoulli and Gumbel pairs have one)');
}

/**
 * KL(p ‖ q), shape broadcast(p.batchShape, q.batchShape), on p's tape. A tape with a tensor-native
 * `categoricalKl` (tfjsTape) computes the categorical pairs in tensor ops: no host round trip, which
 * inside a training step is a sync per call (ARCHITECTURE.md, "Distributions").
 */
export function kl<T>(p: Distribution<T>, q: Distribution<T>): T {
  const kernels = p.tape.kernels;
  const pair = categoricalPair(p, q);
  if (kernels?.categoricalKl !== undefined && pair !== undefined) {
    checkCategoricalPair(...pair);
    const arg = (d: CategoricalFamily<T>) => ({ kind: d.params.kind, tensor: d.params.param.tensor as T });
    return kernels.categoricalKl(arg(pair[0]), arg(pair[1]));
  }
  const { c, inputs } = klComputation(p, q);
  return onTape(p.backend, p.tape, c, inputs);
}

/** KL with its explicit VJP: gradients keyed `p.logits`, `q.probs`, `p.loc`… */
export function klVjp<T>(p: Distribution<T>, q: Distribution<T>): VjpResult<T> {
  const { c, inputs } = klComputation(p, q);
  return withVjp(p.backend, c, inputs);
}
