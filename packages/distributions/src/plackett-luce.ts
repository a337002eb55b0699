/**
 * PlackettLuce: a distribution over permutations of k items. As in TFP, `scores` are positive
 * weights w (item i is picked next with probability w_i / Σ of the items left); `logits` = log w
 * is the same distribution for unconstrained parameters. A sample lists the item indices in order,
 * drawn by Gumbel-top-k (argsort of log w + g, descending, ties to the lowest index);
 * log p(π) = Σ_i [s_{π_i} − logsumexp_{j ≥ i} s_{π_j}] with s = log w.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Computation, VjpResult } from './computation.js';
import { Distribution } from './distribution.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { uniforms } from './host.js';
import type { Param } from './host.js';
import { broadcastIndex, broadcastShapes, sizeOf } from './shape.js';
import type { Shape } from './shape.js';
import { checkFinite, checkPositive, checkRank } from './validate.js';

export interface PlackettLuceOptions<T> extends DistributionOptions<T> {
  /** Positive weights of the k items on the last axis (TFP's parameter). */
  readonly scores?: T;
  /** Log-weights (any finite reals): the alternative to `scores`. */
  readonly logits?: T;
}

function argsortDescending(values: ArrayLike<number>, start: number, k: number): number[] {
  const order = Array.from({ length: k }, (_, i) => i);
  // A stable sort keeps ties in index order.
  return order.sort((a, b) => (values[start + b] as number) - (values[start + a] as number));
}

export class PlackettLuce<T> extends Distribution<T> {
  /** The caller's parameter: `scores` or `logits`. */
  readonly param: Param<T>;
  /** Log-weights, float64. */
  private readonly s: Float64Array;
  readonly batchShape: Shape;
  readonly eventShape: Shape;
  readonly hasRsample = false;

  constructor(options: PlackettLuceOptions<T>) {
    super(options);
    if ((options.scores === undefined) === (options.logits === undefined)) {
      throw new GumbelTypeError('scores', options.scores, 'given, or else logits, but not both', options.scores === undefined ? 'neither scores nor logits' : 'both scores and logits');
    }
    const kind = options.scores !== undefined ? 'scores' : 'logits';
    this.param = this.read((options.scores ?? options.logits) as T, kind);
    checkRank(this.param, 1, 'items on the last axis');
    if (this.validateArgs) (kind === 'scores' ? checkPositive : checkFinite)(this.param);
    this.s = kind === 'scores' ? this.param.values.map(Math.log) : this.param.values;
    this.batchShape = this.param.shape.slice(0, -1);
    this.eventShape = this.param.shape.slice(-1);
  }

  private get k(): number {
    return this.eventShape[0] as number;
  }

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const { shape, draws } = this.sampleShapeOf(sampleShape);
    const k = this.k;
    const u = uniforms(draws * k, options?.seed);
    const rows = broadcastIndex(this.batchShape, shape.slice(0, -1));
    const out = new Float64Array(draws * k);
    const perturbed = new Float64Array(k);
    for (let r = 0; r < draws; r++) {
      for (let i = 0; i < k; i++) perturbed[i] = (this.s[(rows[r] as number) * k + i] as number) - Math.log(-Math.log(u[r * k + i] as number));
      out.set(argsortDescending(perturbed, 0, k), r * k);
    }
    return this.tensor(out, shape);
  }

  private logProbC(value: T): Computation {
    const v = this.read(value, 'value');
    this.checkEvent(v);
    const k = this.k;
    if (this.validateArgs) {
      for (let r = 0; r < v.values.length; r += k) {
        const seen = new Set<number>();
        for (let i = r; i < r + k; i++) {
          const e = v.values[i] as number;
          if (!Number.isInteger(e) || e < 0 || e >= k || seen.has(e)) throw new GumbelRangeError(`value[${i}]`, e, `a permutation of 0 … ${k - 1} along the last axis`);
          seen.add(e);
        }
      }
    }
    const shape = broadcastShapes(v.shape.slice(0, -1), this.batchShape, 'value', 'batchShape');
    const rows = broadcastIndex(this.batchShape, shape);
    const at = broadcastIndex(v.shape.slice(0, -1), shape);
    const n = rows.length;
    const values = new Float64Array(n);
    const grad = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      const so = (rows[r] as number) * k;
      const perm = Array.from({ length: k }, (_, i) => v.values[(at[r] as number) * k + i] as number);
      // Suffix logsumexps from the back: lse_i = log Σ_{j ≥ i} e^{s_{π_j}}.
      const lse = new Float64Array(k + 1).fill(-Infinity);
      for (let i = k - 1; i >= 0; i--) {
        const s = this.s[so + (perm[i] as number)] as number;
        const hi = Math.max(s, lse[i + 1] as number);
        lse[i] = hi + Math.log(Math.exp(s - hi) + Math.exp((lse[i + 1] as number) - hi));
      }
      let lp = 0;
      for (let i = 0; i < k; i++) {
        const item = perm[i] as number;
        lp += (this.s[so + item] as number) - (lse[i] as number);
        grad[r * k + item] = (grad[r * k + item] as number) + 1;
        // −softmax over the remaining items π_i … π_{k−1}.
        for (let j = i; j < k; j++) {
          const other = perm[j] as number;
          grad[r * k + other] = (grad[r * k + other] as number) - Math.exp((this.s[so + other] as number) - (lse[i] as number));
        }
      }
      values[r] = lp;
    }
    return {
      values,
      shape,
      vjp: (d) => {
        const full = [...shape, k];
        const g = grad.map((e, i) => e * (d[Math.floor(i / k)] as number));
        if (this.param.name === 'logits') return { logits: { values: g, shape: full } };
        // d/dw = d/dlog w / w.
        const w = broadcastIndex(this.param.shape, full);
        return { scores: { values: g.map((e, i) => e / (this.param.values[w[i] as number] as number)), shape: full } };
      },
    };
  }

  logProb(value: T): T {
    return this.taped(this.logProbC(value), [this.param]);
  }

  logProbVjp(value: T): VjpResult<T> {
    return this.explicit(this.logProbC(value), [this.param]);
  }

  /** The most likely permutation: items by decreasing score. */
  mode(): T {
    const k = this.k;
    const n = sizeOf(this.batchShape);
    const out = new Float64Array(n * k);
    for (let r = 0; r < n; r++) out.set(argsortDescending(this.s, r * k, k), r * k);
    return this.tensor(out, this.param.shape);
  }
}
