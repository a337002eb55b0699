/**
 * What the relaxed classes (the Concrete and BinConcrete families) share: a draw is one host
 * computation (`rsampleC`) delivered three ways — no gradient (`sample`), on the tape (`rsample`),
 * with its explicit VJP (`rsampleVjp`) — and the tensor each returns remembers the points its
 * density is evaluated at (unquantize.ts): a straight-through sample its relaxed point (`soft`), a
 * relaxed sample its unconstrained point (`unconstrained`: a Bernoulli's logit, a one-hot's logs).
 */
import type { Computation, VjpResult } from './computation.js';
import { Distribution } from './distribution.js';
import type { SampleOptions } from './distribution.js';
import type { Param } from './host.js';
import { rememberLogits, rememberSoft } from './unquantize.js';

export interface RelaxedSampleComputation extends Computation {
  /** Straight-through classes: the relaxed values the hard sample was rounded from. */
  readonly soft?: Float64Array;
  /** The unconstrained point of the (relaxed) sample, where its density is computed exactly. */
  readonly unconstrained?: Float64Array;
}

export abstract class RelaxedDistribution<T> extends Distribution<T> {
  abstract readonly params: { readonly param: Param<T> };
  abstract readonly temperature: Param<T>;
  readonly hasRsample: boolean = true;

  protected abstract rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): RelaxedSampleComputation;

  private remember<R>(result: R, c: RelaxedSampleComputation, tensor: unknown): R {
    if (c.soft !== undefined) rememberSoft(tensor, c.soft);
    if (c.unconstrained !== undefined) rememberLogits(tensor, c.unconstrained, c.soft !== undefined);
    return result;
  }

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const c = this.rsampleC(sampleShape, options);
    const t = this.tensor(c.values, c.shape);
    return this.remember(t, c, t);
  }

  /** A reparameterised sample: gradients flow to the logits (or probs) and the temperature. */
  rsample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const c = this.rsampleC(sampleShape, options);
    const t = this.taped(c, [this.params.param, this.temperature]);
    return this.remember(t, c, t);
  }

  rsampleVjp(sampleShape?: number | readonly number[], options?: SampleOptions): VjpResult<T> {
    const c = this.rsampleC(sampleShape, options);
    const r = this.explicit(c, [this.params.param, this.temperature]);
    return this.remember(r, c, r.value);
  }
}
