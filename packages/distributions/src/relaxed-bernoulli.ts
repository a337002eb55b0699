/**
 * The BinConcrete family (Maddison et al. 2017; Jang et al. 2017), τ broadcasting against the
 * parameter (TFP's rules):
 * - LogitRelaxedBernoulli: x = (logit + L)/τ, L logistic; log p(x) = log τ − softplus(s) − softplus(−s),
 *   s = logit − τx (symmetric, so x = ±∞ give −∞).
 * - RelaxedBernoulli: y = σ(x), on [0, 1]; log p(y) = the logit form at logit(y) − log y − log(1 − y).
 *   At y ∈ {0, 1} the density's limit: +∞ for τ < 1, −∞ for τ > 1, e^(∓logit) at τ = 1.
 *   Samples are clamped into the open interval of the backend's precision, so a sample always
 *   has a finite density (float32 rounds σ(20) to 1).
 * - RelaxedBernoulliStraightThrough (Pyro): rsample rounds y forward and passes the gradient of y;
 *   logProb of such a sample is the density at y (Pyro's `_unquantize`).
 */
import { GumbelRangeError } from '@gumbel/core';
import { BernoulliParams } from './bernoulli-params.js';
import type { BernoulliParamOptions } from './bernoulli-params.js';
import type { Computation, VjpResult } from './computation.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { broadcastAll, elementwise } from './elementwise.js';
import { uniforms } from './host.js';
import type { Param } from './host.js';
import { sigmoid, softplus } from './math/special.js';
import { broadcastShapes } from './shape.js';
import type { Shape } from './shape.js';
import { RelaxedDistribution } from './relaxed-sampling.js';
import type { RelaxedSampleComputation } from './relaxed-sampling.js';
import { logitsOf, softValuesOf } from './unquantize.js';
import { checkPositive } from './validate.js';

export interface RelaxedBernoulliOptions<T> extends DistributionOptions<T>, BernoulliParamOptions<T> {
  /** The temperature: a number or a tensor broadcasting against the parameter. */
  readonly temperature: number | T;
}

abstract class BinConcreteBase<T> extends RelaxedDistribution<T> {
  readonly params: BernoulliParams<T>;
  readonly temperature: Param<T>;
  readonly batchShape: Shape;
  readonly eventShape: Shape = [];
  /** Straight-through classes evaluate a hard sample at its relaxed point (Pyro's `_unquantize`). */
  protected readonly unquantize: boolean = false;

  constructor(options: RelaxedBernoulliOptions<T>) {
    super(options);
    this.params = new BernoulliParams(this.backend, options, this.validateArgs);
    this.temperature = this.read(options.temperature, 'temperature');
    if (this.validateArgs) checkPositive(this.temperature);
    this.batchShape = broadcastAll([this.params.param, this.temperature]);
  }

  /** Logit-space sample x = (logit + L)/τ with ∂x/∂param and ∂x/∂τ. */
  protected logitSample(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined, map: (x: number, d: Float64Array) => number): RelaxedSampleComputation & { readonly unconstrained: Float64Array } {
    const { shape, draws } = this.sampleShapeOf(sampleShape);
    const u = uniforms(draws, options?.seed);
    const noise: Param<T> = { name: 'noise', values: u.map((v) => Math.log(v) - Math.log1p(-v)), shape, tensor: undefined };
    // elementwise visits the elements in order: keep each one's logit-space point.
    const logit = new Float64Array(draws);
    let at = 0;
    const c = elementwise([this.params.param, this.temperature, noise], (a, d) => {
      const e = this.params.element(a[0] as number);
      const tau = a[1] as number;
      const x = (e.logit + (a[2] as number)) / tau;
      logit[at++] = x;
      const outer = new Float64Array(1);
      const y = map(x, outer);
      const dydx = outer[0] as number;
      if (Number.isFinite(x) && dydx !== 0) {
        d[0] = this.params.fromLogit(dydx / tau, e);
        d[1] = (-dydx * x) / tau;
      }
      return y;
    }, shape);
    return { ...c, unconstrained: logit };
  }

  /** p of the underlying Bernoulli, the parameter's shape. */
  probs(): T {
    return this.tensor(this.params.param.values.map((a) => this.params.element(a).p), this.params.param.shape);
  }

  /** log(p / (1 − p)), the parameter's shape. */
  logits(): T {
    return this.tensor(this.params.logits(), this.params.param.shape);
  }

  protected densityAt(value: number | T, f: (logit: number, tau: number, v: number) => [number, number, number, number], check: (v: number) => boolean, requirement: string, at?: Float64Array): { v: Param<T>; c: Computation } {
    const read = this.read(value, 'value');
    // A straight-through sample is evaluated at the relaxed point it was rounded from (Pyro); `at`
    // replaces the values by the point the formula takes (a sample's logit).
    const relaxed = at ?? (this.unquantize ? softValuesOf(value) : undefined);
    const v = relaxed === undefined ? read : { ...read, values: relaxed };
    if (this.validateArgs) {
      v.values.forEach((x, i) => {
        if (!check(x)) throw new GumbelRangeError(v.shape.length ? `value[${i}]` : 'value', x, requirement);
      });
    }
    const shape = broadcastShapes(v.shape, this.batchShape, 'value', 'batchShape');
    const c = elementwise([this.params.param, this.temperature, v], (a, d) => {
      const e = this.params.element(a[0] as number);
      const [lp, dl, dt, dv] = f(e.logit, a[1] as number, a[2] as number);
      d[0] = this.params.fromLogit(dl, e);
      d[1] = dt;
      d[2] = dv;
      return lp;
    }, shape);
    return { v, c };
  }

  protected abstract logProbC(value: number | T): { v: Param<T>; c: Computation };

  logProb(value: number | T): T {
    const { v, c } = this.logProbC(value);
    return this.taped(c, [this.params.param, this.temperature, v]);
  }

  logProbVjp(value: number | T): VjpResult<T> {
    const { v, c } = this.logProbC(value);
    return this.explicit(c, [this.params.param, this.temperature, v]);
  }
}

export class LogitRelaxedBernoulli<T> extends BinConcreteBase<T> {
  protected rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): RelaxedSampleComputation {
    // Its values are the logits already: nothing to remember.
    const { unconstrained: _, ...c } = this.logitSample(sampleShape, options, (x, d) => ((d[0] = 1), x));
    return c;
  }

  protected logProbC(value: number | T) {
    return this.densityAt(value, logitDensity, (x) => !Number.isNaN(x), 'not NaN');
  }
}

export class RelaxedBernoulli<T> extends BinConcreteBase<T> {
  protected rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): RelaxedSampleComputation {
    // Keep y inside the open interval of the backend's precision: its density stays finite.
    const eps = this.backend.floatPrecision === 32 ? 2 ** -24 : 2 ** -53;
    const lo = this.backend.floatPrecision === 32 ? 2 ** -126 : 2 ** -1022;
    return this.logitSample(sampleShape, options, (x, d) => {
      // σ(x)σ(−x), not y(1 − y): float64 rounds σ(37) to 1, the product does not underflow until |x| ≈ 745.
      d[0] = sigmoid(x) * sigmoid(-x);
      return Math.min(Math.max(sigmoid(x), lo), 1 - eps);
    });
  }

  protected logProbC(value: number | T) {
    // Our own samples are evaluated at their logit-space point (exact where y rounds to 0 or 1).
    const x = logitsOf(value, this.unquantize);
    if (x !== undefined) return this.densityAt(value, relaxedDensityAtLogit, () => true, '', x);
    return this.densityAt(value, relaxedDensity, (y) => y >= 0 && y <= 1, 'in [0, 1]');
  }
}

/** The BinConcrete density of y ∈ [0, 1], with its limits at the ends. */
function relaxedDensity(logit: number, tau: number, y: number): [number, number, number, number] {
  // p = 0 or 1: all mass at one end.
  if (!Number.isFinite(logit)) return [y === (logit > 0 ? 1 : 0) ? Infinity : -Infinity, 0, 0, 0];
  if (y === 0 || y === 1) {
    // log p ≈ log τ ∓ logit + (τ − 1) log(y or 1 − y) near the end.
    const end = Math.log(tau) + (y === 0 ? -logit : logit);
    const value = tau < 1 ? Infinity : tau > 1 ? -Infinity : end;
    return [value, 0, 0, 0];
  }
  const logY = Math.log(y);
  const log1mY = Math.log1p(-y);
  const [lp, dl, dt, dx] = logitDensity(logit, tau, logY - log1mY);
  return [lp - logY - log1mY, dl, dt, dx / (y * (1 - y)) - 1 / y + 1 / (1 - y)];
}

/**
 * The BinConcrete density of y = σ(x) evaluated from x: −log y − log(1 − y) = softplus(−x) + softplus(x),
 * and ∂/∂y = (∂/∂x)/(σ(x)σ(−x)), all finite where y itself rounds to 0 or 1.
 */
function relaxedDensityAtLogit(logit: number, tau: number, x: number): [number, number, number, number] {
  if (!Number.isFinite(logit) || !Number.isFinite(x)) return relaxedDensity(logit, tau, sigmoid(x));
  const [lp, dl, dt, dx] = logitDensity(logit, tau, x);
  const jacobian = sigmoid(x) * sigmoid(-x);
  const dTotal = dx + (2 * sigmoid(x) - 1);
  return [lp + softplus(-x) + softplus(x), dl, dt, jacobian === 0 ? 0 : dTotal / jacobian];
}

/** The logit-space log-density at x with partials wrt (logit, τ, x). */
function logitDensity(logit: number, tau: number, x: number): [number, number, number, number] {
  const s = logit - tau * x;
  const value = Math.log(tau) - softplus(s) - softplus(-s);
  if (!Number.isFinite(s)) return [value, 0, 0, 0];
  const ds = 1 - 2 * sigmoid(s);
  return [value, ds, 1 / tau - x * ds, -tau * ds];
}

/** Pyro's RelaxedBernoulliStraightThrough: round(y) forward, the relaxed sample's gradient backward. */
export class RelaxedBernoulliStraightThrough<T> extends RelaxedBernoulli<T> {
  protected override readonly unquantize = true;

  protected override rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): RelaxedSampleComputation {
    const relaxed = super.rsampleC(sampleShape, options);
    return { ...relaxed, values: relaxed.values.map((y) => (y > 0.5 ? 1 : 0)), soft: relaxed.values };
  }
}
