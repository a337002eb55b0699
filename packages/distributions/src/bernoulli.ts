/**
 * Bernoulli(logits | probs) with values in {0, 1}: exact samples (1 where logit + logistic noise
 * > 0), log p(x) = x log p + (1 − x) log(1 − p) (0·log 0 = 0, so p = 0 or 1 give 0 or −∞, not
 * NaN), entropy, mean p, variance p(1 − p), mode 1 where p > ½ (0 at ½, as TFP).
 */
import { GumbelRangeError } from '@gumbel/core';
import { BernoulliParams } from './bernoulli-params.js';
import type { BernoulliElement, BernoulliParamOptions } from './bernoulli-params.js';
import type { Computation, VjpResult } from './computation.js';
import { Distribution } from './distribution.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { elementwise } from './elementwise.js';
import { uniforms } from './host.js';
import { logSigmoid, xlogy } from './math/special.js';
import { broadcastShapes, expand } from './shape.js';
import type { Shape } from './shape.js';

export interface BernoulliOptions<T> extends DistributionOptions<T>, BernoulliParamOptions<T> {}

/** One closed form: value, ∂/∂logit and ∂/∂p (each used for its parametrisation). */
type Form = (e: BernoulliElement, x: number) => [number, number, number];

export class Bernoulli<T> extends Distribution<T> {
  readonly params: BernoulliParams<T>;
  readonly batchShape: Shape;
  readonly eventShape: Shape = [];
  readonly hasRsample = false;

  constructor(options: BernoulliOptions<T>) {
    super(options);
    this.params = new BernoulliParams(this.backend, options, this.validateArgs);
    this.batchShape = this.params.param.shape;
  }

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const { shape, draws } = this.sampleShapeOf(sampleShape);
    const u = uniforms(draws, options?.seed);
    const logits = expand(this.params.logits(), this.batchShape, shape);
    // logit + log u − log(1 − u) > 0 ⇔ u > 1 − p: the hard Bernoulli kernel's rule.
    return this.tensor(u.map((v, i) => ((logits[i] as number) + Math.log(v) - Math.log1p(-v) > 0 ? 1 : 0)), shape);
  }

  private form(f: Form, value?: number | T): Computation {
    const param = this.params.param;
    if (value === undefined) {
      return elementwise([param], (a, d) => {
        const e = this.params.element(a[0] as number);
        const [v, dl, dp] = f(e, 0);
        d[0] = this.params.kind === 'logits' ? dl : dp;
        return v;
      }, this.batchShape);
    }
    const x = this.read(value, 'value');
    if (this.validateArgs) {
      x.values.forEach((v, i) => {
        if (v !== 0 && v !== 1) throw new GumbelRangeError(x.shape.length ? `value[${i}]` : 'value', v, '0 or 1');
      });
    }
    const shape = broadcastShapes(x.shape, this.batchShape, 'value', 'batchShape');
    return elementwise([param, x], (a, d) => {
      const [v, dl, dp] = f(this.params.element(a[0] as number), a[1] as number);
      d[0] = this.params.kind === 'logits' ? dl : dp;
      return v;
    }, shape);
  }

  private static readonly logProbForm: Form = ({ logit, p }, x) => [
    xlogy(x, logSigmoid(logit)) + xlogy(1 - x, logSigmoid(-logit)),
    x - p,
    (x === 0 ? 0 : x / p) - (x === 1 ? 0 : (1 - x) / (1 - p)),
  ];

  logProb(value: number | T): T {
    return this.taped(this.form(Bernoulli.logProbForm, value), [this.params.param]);
  }

  logProbVjp(value: number | T): VjpResult<T> {
    return this.explicit(this.form(Bernoulli.logProbForm, value), [this.params.param]);
  }

  private static readonly entropyForm: Form = ({ logit, p }) => {
    const q = 1 - p;
    const h = -(xlogy(p, logSigmoid(logit)) + xlogy(q, logSigmoid(-logit)));
    const finite = Number.isFinite(logit);
    return [h, finite ? -logit * p * q : 0, finite ? -logit : 0];
  };

  entropy(): T {
    return this.taped(this.form(Bernoulli.entropyForm), [this.params.param]);
  }

  entropyVjp(): VjpResult<T> {
    return this.explicit(this.form(Bernoulli.entropyForm), [this.params.param]);
  }

  private static readonly meanForm: Form = ({ p }) => [p, p * (1 - p), 1];
  private static readonly varianceForm: Form = ({ p }) => [p * (1 - p), p * (1 - p) * (1 - 2 * p), 1 - 2 * p];

  mean(): T {
    return this.taped(this.form(Bernoulli.meanForm), [this.params.param]);
  }

  meanVjp(): VjpResult<T> {
    return this.explicit(this.form(Bernoulli.meanForm), [this.params.param]);
  }

  variance(): T {
    return this.taped(this.form(Bernoulli.varianceForm), [this.params.param]);
  }

  varianceVjp(): VjpResult<T> {
    return this.explicit(this.form(Bernoulli.varianceForm), [this.params.param]);
  }

  mode(): T {
    return this.tensor(this.params.logits().map((l) => (l > 0 ? 1 : 0)), this.batchShape);
  }

  probs(): T {
    return this.tensor(this.params.param.values.map((a) => this.params.element(a).p), this.batchShape);
  }

  logits(): T {
    return this.tensor(this.params.logits(), this.batchShape);
  }
}
