/**
 * Location-scale families with a scalar event: Gumbel and Logistic share parameters, shapes,
 * checks, sampling by inverse transform (x = loc + scale·q(u)) and the plumbing of every method;
 * each subclass supplies the standard distribution's formulas in z = (x − loc)/scale.
 */
import type { VjpResult } from './computation.js';
import { Distribution } from './distribution.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { broadcastAll, elementwise } from './elementwise.js';
import { uniforms } from './host.js';
import type { Param } from './host.js';
import { broadcastShapes } from './shape.js';
import type { Shape } from './shape.js';
import { checkFinite, checkNotNaN, checkPositive, checkUnitInterval } from './validate.js';

export interface LocScaleOptions<T> extends DistributionOptions<T> {
  readonly loc?: number | T;
  readonly scale?: number | T;
}

/** The standard (loc 0, scale 1) member: value and derivative wrt z of each function. */
export interface StandardForms {
  /** Standard quantile q(u) for u in (0, 1) (the sampler). */
  quantile(u: number): number;
  /** log density at z and its derivative (z = ±∞ must give −∞). */
  logPdf(z: number): [number, number];
  /** CDF at z and its derivative. */
  cdf(z: number): [number, number];
  /** Quantile at p in [0, 1] (±∞ at the ends) and its derivative. */
  icdf(p: number): [number, number];
  readonly mean: number;
  readonly variance: number;
  /** Entropy of the standard member; the family's is this + log scale. */
  readonly entropy: number;
}

export abstract class LocScale<T> extends Distribution<T> {
  readonly loc: Param<T>;
  readonly scale: Param<T>;
  readonly batchShape: Shape;
  readonly eventShape: Shape = [];
  readonly hasRsample = true;
  protected abstract readonly standard: StandardForms;

  constructor(options: LocScaleOptions<T>) {
    super(options);
    this.loc = this.read(options.loc ?? 0, 'loc');
    this.scale = this.read(options.scale ?? 1, 'scale');
    if (this.validateArgs) {
      checkFinite(this.loc);
      checkPositive(this.scale);
    }
    this.batchShape = broadcastAll([this.loc, this.scale]);
  }

  private draw(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined) {
    const { shape, draws } = this.sampleShapeOf(sampleShape);
    const u = uniforms(draws, options?.seed);
    const noise: Param<T> = { name: 'noise', values: u.map((v) => this.standard.quantile(v)), shape, tensor: undefined };
    return elementwise([this.loc, this.scale, noise], (a, d) => {
      d[0] = 1;
      d[1] = a[2] as number;
      return (a[0] as number) + (a[1] as number) * (a[2] as number);
    }, shape);
  }

  sample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    const c = this.draw(sampleShape, options);
    return this.tensor(c.values, c.shape);
  }

  /** A reparameterised sample: gradients flow to loc and scale. */
  rsample(sampleShape?: number | readonly number[], options?: SampleOptions): T {
    return this.taped(this.draw(sampleShape, options), [this.loc, this.scale]);
  }

  rsampleVjp(sampleShape?: number | readonly number[], options?: SampleOptions): VjpResult<T> {
    return this.explicit(this.draw(sampleShape, options), [this.loc, this.scale]);
  }

  /** f(z) with derivative, lifted to (loc, scale, value): ∂/∂x = f'/s, ∂/∂loc = −f'/s, ∂/∂s = −f'·z/s. */
  private atValue(value: number | T, name: string, form: (z: number) => [number, number], check: (p: Param<T>) => void, extra?: (s: number) => [number, number]) {
    const v = this.read(value, name);
    if (this.validateArgs) check(v);
    const shape = broadcastShapes(v.shape, this.batchShape, name, 'batchShape');
    return {
      v,
      c: elementwise([this.loc, this.scale, v], (a, d) => {
        const [m, s, x] = [a[0] as number, a[1] as number, a[2] as number];
        const z = (x - m) / s;
        const [f, df] = form(z);
        const [e, de] = extra?.(s) ?? [0, 0];
        if (Number.isFinite(z)) {
          d[2] = df / s;
          d[0] = -df / s;
          d[1] = (-df * z) / s + de;
        }
        return f + e;
      }, shape),
    };
  }

  private logProbC(value: number | T) {
    return this.atValue(value, 'value', (z) => this.standard.logPdf(z), checkNotNaN, (s) => [-Math.log(s), -1 / s]);
  }

  logProb(value: number | T): T {
    const { v, c } = this.logProbC(value);
    return this.taped(c, [this.loc, this.scale, v]);
  }

  logProbVjp(value: number | T): VjpResult<T> {
    const { v, c } = this.logProbC(value);
    return this.explicit(c, [this.loc, this.scale, v]);
  }

  cdf(value: number | T): T {
    const { v, c } = this.atValue(value, 'value', (z) => this.standard.cdf(z), checkNotNaN);
    return this.taped(c, [this.loc, this.scale, v]);
  }

  cdfVjp(value: number | T): VjpResult<T> {
    const { v, c } = this.atValue(value, 'value', (z) => this.standard.cdf(z), checkNotNaN);
    return this.explicit(c, [this.loc, this.scale, v]);
  }

  /** The quantile: loc + scale·q(p), p in [0, 1] (−∞ at 0, +∞ at 1). */
  icdf(p: number | T): T {
    const { v, c } = this.icdfC(p);
    return this.taped(c, [this.loc, this.scale, v]);
  }

  icdfVjp(p: number | T): VjpResult<T> {
    const { v, c } = this.icdfC(p);
    return this.explicit(c, [this.loc, this.scale, v]);
  }

  private icdfC(p: number | T) {
    const v = this.read(p, 'p');
    if (this.validateArgs) checkUnitInterval(v);
    const shape = broadcastShapes(v.shape, this.batchShape, 'p', 'batchShape');
    const c = elementwise([this.loc, this.scale, v], (a, d) => {
      const [q, dq] = this.standard.icdf(a[2] as number);
      d[0] = 1;
      d[1] = Number.isFinite(q) ? q : 0;
      d[2] = (a[1] as number) * dq;
      return (a[0] as number) + (a[1] as number) * q;
    }, shape);
    return { v, c };
  }

  private momentC(f: (m: number, s: number, d: Float64Array) => number) {
    return elementwise([this.loc, this.scale], (a, d) => f(a[0] as number, a[1] as number, d), this.batchShape);
  }

  private static readonly MOMENTS = {
    mean: (st: StandardForms) => (m: number, s: number, d: Float64Array) => ((d[0] = 1), (d[1] = st.mean), m + s * st.mean),
    mode: () => (m: number, _s: number, d: Float64Array) => ((d[0] = 1), m),
    variance: (st: StandardForms) => (_m: number, s: number, d: Float64Array) => ((d[1] = 2 * s * st.variance), s * s * st.variance),
    stddev: (st: StandardForms) => (_m: number, s: number, d: Float64Array) => ((d[1] = Math.sqrt(st.variance)), s * Math.sqrt(st.variance)),
    entropy: (st: StandardForms) => (_m: number, s: number, d: Float64Array) => ((d[1] = 1 / s), Math.log(s) + st.entropy),
  } as const;

  private moment(name: keyof typeof LocScale.MOMENTS): T {
    return this.taped(this.momentC(LocScale.MOMENTS[name](this.standard)), [this.loc, this.scale]);
  }

  private momentVjp(name: keyof typeof LocScale.MOMENTS): VjpResult<T> {
    return this.explicit(this.momentC(LocScale.MOMENTS[name](this.standard)), [this.loc, this.scale]);
  }

  mean(): T {
    return this.moment('mean');
  }

  meanVjp(): VjpResult<T> {
    return this.momentVjp('mean');
  }

  mode(): T {
    return this.moment('mode');
  }

  variance(): T {
    return this.moment('variance');
  }

  varianceVjp(): VjpResult<T> {
    return this.momentVjp('variance');
  }

  stddev(): T {
    return this.moment('stddev');
  }

  stddevVjp(): VjpResult<T> {
    return this.momentVjp('stddev');
  }

  entropy(): T {
    return this.moment('entropy');
  }

  entropyVjp(): VjpResult<T> {
    return this.momentVjp('entropy');
  }
}
