/**
 * The parameter of the Bernoulli family: exactly one of `logits` (any real, ±∞ allowed: p = 0 or 1)
 * or `probs` (in [0, 1]), of any shape. Element functions get both forms of each element and
 * convert a derivative wrt the logit into one wrt the caller's parameter.
 */
import type { Backend } from '@gumbel/core';
import { readParam } from './host.js';
import type { Param } from './host.js';
import { sigmoid } from './math/special.js';
import { checkNotNaN, checkUnitInterval, exactlyOne } from './validate.js';

export interface BernoulliParamOptions<T> {
  /** log(p / (1 − p)), any shape; ±∞ mean p = 1 or 0. */
  readonly logits?: number | T;
  /** p in [0, 1], any shape. */
  readonly probs?: number | T;
}

export interface BernoulliElement {
  readonly logit: number;
  readonly p: number;
}

export class BernoulliParams<T> {
  readonly param: Param<T>;

  constructor(backend: Backend<T>, options: BernoulliParamOptions<T>, validate: boolean) {
    const kind = exactlyOne(options.logits, options.probs);
    this.param = readParam(backend, (options.logits ?? options.probs) as number | T, kind);
    if (validate) (kind === 'logits' ? checkNotNaN : checkUnitInterval)(this.param);
  }

  get kind(): 'logits' | 'probs' {
    return this.param.name as 'logits' | 'probs';
  }

  /** Both forms of one element of the parameter. */
  element(a: number): BernoulliElement {
    return this.kind === 'logits' ? { logit: a, p: sigmoid(a) } : { logit: Math.log(a) - Math.log1p(-a), p: a };
  }

  /** ∂/∂param from ∂/∂logit: × dlogit/dp = 1/(p(1 − p)) for probs (0 where p is 0 or 1). */
  fromLogit(dLogit: number, e: BernoulliElement): number {
    if (this.kind === 'logits') return dLogit;
    const v = e.p * (1 - e.p);
    return v === 0 || dLogit === 0 ? 0 : dLogit / v;
  }

  /** Host logits of every element. */
  logits(): Float64Array {
    return this.param.values.map((a) => this.element(a).logit);
  }
}
