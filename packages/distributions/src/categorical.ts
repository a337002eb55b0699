/**
 * Categorical(logits | probs): exact sampling by Gumbel-max (argmax(logits + g), ties to the lowest
 * index, masked classes never chosen), log-probabilities of class indices, entropy and mode.
 * `CategoricalFamily` holds what OneHotCategorical shares with it.
 */
import { GumbelRangeError } from '@gumbel/core';
import { CategoricalParams } from './categorical-params.js';
import type { CategoricalParamOptions } from './categorical-params.js';
import type { Computation, VjpResult } from './computation.js';
import { Distribution } from './distribution.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { uniforms } from './host.js';
import type { Param } from './host.js';
import { xlogy } from './math/special.js';
import { broadcastIndex, broadcastShapes, sizeOf } from './shape.js';
import type { Shape } from './shape.js';

export interface CategoricalOptions<T> extends DistributionOptions<T>, CategoricalParamOptions<T> {}

export abstract class CategoricalFamily<T> extends Distribution<T> {
  readonly params: CategoricalParams<T>;
  readonly batchShape: Shape;

  constructor(options: CategoricalOptions<T>) {
    super(options);
    this.params = new CategoricalParams(this.backend, options, this.validateArgs);
    this.batchShape = this.params.rowShape;
  }

  get k(): number {
    return this.params.k;
  }

  /** Class indices by Gumbel-max for sampleShape + batchShape draws. */
  protected drawIndices(sampleShape: number | readonly number[] | undefined, seed: SampleOptions['seed']): { outer: number[]; indices: Int32Array } {
    const s = this.sampleShapeOf(sampleShape);
    const outer = s.shape.slice(0, s.shape.length - this.eventShape.length);
    const k = this.k;
    const u = uniforms(s.draws * k, seed);
    const rows = broadcastIndex(this.batchShape, outer);
    const indices = new Int32Array(s.draws);
    for (let r = 0; r < s.draws; r++) {
      const base = (rows[r] as number) * k;
      let best = 0;
      let bestValue = -Infinity;
      for (let i = 0; i < k; i++) {
        const v = (this.params.logp[base + i] as number) - Math.log(-Math.log(u[r * k + i] as number));
        if (v > bestValue) [best, bestValue] = [i, v];
      }
      indices[r] = best;
    }
    return { outer, indices };
  }

  protected modeIndices(): Int32Array {
    const n = sizeOf(this.batchShape);
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let i = 1; i < this.k; i++) if ((this.params.logp[r * this.k + i] as number) > (this.params.logp[r * this.k + best] as number)) best = i;
      out[r] = best;
    }
    return out;
  }

  /** H = −Σ p log p; ∂H/∂logits_j = −p_j (log p_j + H). */
  private entropyC(): Computation {
    const { logp, k } = this.params;
    const n = sizeOf(this.batchShape);
    const h = new Float64Array(n);
    for (let r = 0; r < n; r++) for (let i = 0; i < k; i++) h[r] = (h[r] as number) - xlogy(Math.exp(logp[r * k + i] as number), logp[r * k + i] as number);
    return {
      values: h,
      shape: this.batchShape,
      vjp: (d) => {
        const g = new Float64Array(n * k);
        for (let r = 0; r < n; r++) {
          for (let i = 0; i < k; i++) {
            const p = Math.exp(logp[r * k + i] as number);
            g[r * k + i] = p === 0 ? 0 : -(d[r] as number) * p * ((logp[r * k + i] as number) + (h[r] as number));
          }
        }
        return this.params.toParam({ values: g, shape: this.params.param.shape });
      },
    };
  }

  entropy(): T {
    return this.taped(this.entropyC(), [this.params.param]);
  }

  entropyVjp(): VjpResult<T> {
    return this.explicit(this.entropyC(), [this.params.param]);
  }

  /** Normalised probabilities, shape batchShape + [k]. */
  probs(): T {
    return this.tensor(this.params.logp.map(Math.exp), this.params.param.shape);
  }

  /** Normalised logits (log-probabilities), shape batchShape + [k]. */
  logits(): T {
    return this.tensor(this.params.logp, this.params.param.shape);
  }
}

export class Categorical<T> extends CategoricalFamily<T> {
  readonly eventShape: Shape = [];
  readonly hasRsample = false;

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const { outer, indices } = this.drawIndices(sampleShape, options?.seed);
    return this.tensor(indices, outer);
  }

  /** log p(value) for class indices (integers in [0, k)); a masked class gives −∞. */
  private logProbC(value: number | T): { v: Param<T>; c: Computation } {
    const v = this.read(value, 'value');
    const { logp, k } = this.params;
    if (this.validateArgs) {
      v.values.forEach((x, i) => {
        if (!(Number.isInteger(x) && x >= 0 && x < k)) throw new GumbelRangeError(v.shape.length ? `value[${i}]` : 'value', x, `a class index: an integer in [0, ${k - 1}]`);
      });
    }
    const shape = broadcastShapes(v.shape, this.batchShape, 'value', 'batchShape');
    const rows = broadcastIndex(this.batchShape, shape);
    const at = broadcastIndex(v.shape, shape);
    const n = rows.length;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = logp[(rows[i] as number) * k + (v.values[at[i] as number] as number)] ?? NaN;
    return {
      v,
      c: {
        values,
        shape,
        vjp: (d) => {
          // ∂ log p_c / ∂ logits = onehot(c) − p.
          const g = new Float64Array(n * k);
          for (let i = 0; i < n; i++) {
            const base = (rows[i] as number) * k;
            for (let j = 0; j < k; j++) g[i * k + j] = -(d[i] as number) * Math.exp(logp[base + j] as number);
            const c = v.values[at[i] as number] as number;
            g[i * k + c] = (g[i * k + c] as number) + (d[i] as number);
          }
          return this.params.toParam({ values: g, shape: [...shape, k] });
        },
      },
    };
  }

  logProb(value: number | T): T {
    return this.taped(this.logProbC(value).c, [this.params.param]);
  }

  logProbVjp(value: number | T): VjpResult<T> {
    return this.explicit(this.logProbC(value).c, [this.params.param]);
  }

  /** The most likely class (ties to the lowest index). */
  mode(): T {
    return this.tensor(this.modeIndices(), this.batchShape);
  }
}
