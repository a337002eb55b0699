/**
 * OneHotCategorical: the Categorical with one-hot values (event shape [k]); mean p, variance
 * p(1 − p), mode the one-hot argmax. OneHotCategoricalStraightThrough (PyTorch) adds `rsample`:
 * the one-hot sample forward, and backward the gradient of p itself (value + p − stop_gradient(p)).
 */
import { GumbelRangeError } from '@gumbel/core';
import { CategoricalFamily } from './categorical.js';
import type { Computation, VjpResult } from './computation.js';
import type { SampleOptions } from './distribution.js';
import { broadcastIndex, broadcastShapes } from './shape.js';
import type { Shape } from './shape.js';

export class OneHotCategorical<T> extends CategoricalFamily<T> {
  get eventShape(): Shape {
    return [this.k];
  }
  readonly hasRsample: boolean = false;

  protected oneHot(indices: Int32Array): Float64Array {
    const out = new Float64Array(indices.length * this.k);
    indices.forEach((c, r) => (out[r * this.k + c] = 1));
    return out;
  }

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const { outer, indices } = this.drawIndices(sampleShape, options?.seed);
    return this.tensor(this.oneHot(indices), [...outer, this.k]);
  }

  /** log p(x) = Σ x_i log p_i for a one-hot x; ∂/∂logits = x − p·Σx. */
  private logProbC(value: T): Computation {
    const v = this.read(value, 'value');
    this.checkEvent(v);
    const k = this.k;
    if (this.validateArgs) {
      for (let r = 0; r < v.values.length; r += k) {
        let sum = 0;
        for (let i = r; i < r + k; i++) {
          const x = v.values[i] as number;
          if (x !== 0 && x !== 1) throw new GumbelRangeError(`value[${i}]`, x, 'one-hot: every entry 0 or 1');
          sum += x;
        }
        if (sum !== 1) throw new GumbelRangeError(`value row ${r / k}`, Array.from(v.values.subarray(r, r + k)), 'one-hot: exactly one entry 1');
      }
    }
    const shape = broadcastShapes(v.shape.slice(0, -1), this.batchShape, 'value', 'batchShape');
    const rows = broadcastIndex(this.batchShape, shape);
    const at = broadcastIndex(v.shape.slice(0, -1), shape);
    const logp = this.params.logp;
    const n = rows.length;
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < k; i++) {
        const x = v.values[(at[r] as number) * k + i] as number;
        if (x !== 0) s += x * (logp[(rows[r] as number) * k + i] as number);
      }
      values[r] = s;
    }
    return {
      values,
      shape,
      vjp: (d) => {
        const g = new Float64Array(n * k);
        for (let r = 0; r < n; r++) {
          let sx = 0;
          for (let i = 0; i < k; i++) sx += v.values[(at[r] as number) * k + i] as number;
          for (let i = 0; i < k; i++) {
            const x = v.values[(at[r] as number) * k + i] as number;
            g[r * k + i] = (d[r] as number) * (x - sx * Math.exp(logp[(rows[r] as number) * k + i] as number));
          }
        }
        return this.params.toParam({ values: g, shape: [...shape, k] });
      },
    };
  }

  logProb(value: T): T {
    return this.taped(this.logProbC(value), [this.params.param]);
  }

  logProbVjp(value: T): VjpResult<T> {
    return this.explicit(this.logProbC(value), [this.params.param]);
  }

  /** p as a function of the parameter: ∂p_i/∂logits_j = p_i(δ_ij − p_j). */
  protected probsC(values: Float64Array = this.params.logp.map(Math.exp), shape: Shape = this.params.param.shape): Computation {
    const k = this.k;
    const p = this.params.logp;
    const rows = broadcastIndex(this.batchShape, shape.slice(0, -1));
    return {
      values,
      shape,
      vjp: (d) => {
        const g = new Float64Array(d.length);
        for (let r = 0; r < rows.length; r++) {
          const base = (rows[r] as number) * k;
          let dot = 0;
          for (let i = 0; i < k; i++) dot += (d[r * k + i] as number) * Math.exp(p[base + i] as number);
          // For probs, d p_i/d probs_j = (δ_ij − p_i)/Σ probs, finite at a zero probability too.
          const probs = this.params.kind === 'probs';
          let sum = 0;
          if (probs) for (let i = 0; i < k; i++) sum += this.params.param.values[base + i] as number;
          for (let i = 0; i < k; i++) g[r * k + i] = probs ? ((d[r * k + i] as number) - dot) / sum : Math.exp(p[base + i] as number) * ((d[r * k + i] as number) - dot);
        }
        return this.params.kind === 'probs' ? { probs: { values: g, shape } } : this.params.toParam({ values: g, shape });
      },
    };
  }

  mean(): T {
    return this.taped(this.probsC(), [this.params.param]);
  }

  meanVjp(): VjpResult<T> {
    return this.explicit(this.probsC(), [this.params.param]);
  }

  private varianceC(): Computation {
    const p = this.params.logp.map(Math.exp);
    const c = this.probsC(p.map((q) => q * (1 - q)));
    // ∂(p(1 − p))/∂p = 1 − 2p, then through p's Jacobian.
    const vjp = c.vjp as NonNullable<Computation['vjp']>;
    return { ...c, vjp: (d) => vjp(d.map((x, i) => x * (1 - 2 * (p[i] as number)))) };
  }

  variance(): T {
    return this.taped(this.varianceC(), [this.params.param]);
  }

  varianceVjp(): VjpResult<T> {
    return this.explicit(this.varianceC(), [this.params.param]);
  }

  mode(): T {
    return this.tensor(this.oneHot(this.modeIndices()), this.params.param.shape);
  }
}

export class OneHotCategoricalStraightThrough<T> extends OneHotCategorical<T> {
  override readonly hasRsample = true;

  private rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): Computation {
    const { outer, indices } = this.drawIndices(sampleShape, options?.seed);
    const shape = [...outer, this.k];
    // Forward: the one-hot sample; backward: the Jacobian of p (broadcast over the sample axes).
    const c = this.probsC(this.oneHot(indices), shape);
    return c;
  }

  rsample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    return this.taped(this.rsampleC(sampleShape, options), [this.params.param]);
  }

  rsampleVjp(sampleShape?: number | readonly number[], options?: SampleOptions): VjpResult<T> {
    return this.explicit(this.rsampleC(sampleShape, options), [this.params.param]);
  }
}

