/**
 * The Concrete family over k classes, τ a number or a tensor broadcasting against the batch
 * (batchShape = broadcast(logits.shape[:-1], τ.shape), TFP's rule):
 * - ExpRelaxedOneHotCategorical: x = log_softmax((logits + g)/τ), the sample in log space, whose
 *   density stays finite at any τ (float32 rounds small y to 0, its log does not).
 * - RelaxedOneHotCategorical: y = exp(x) on the simplex; log p(y) = ExpConcrete(log y) − Σ log y.
 *   Samples are clamped below at the precision's smallest normal, so every sample has a density.
 * - RelaxedOneHotCategoricalStraightThrough (Pyro): one-hot(argmax y) forward, y's gradient backward;
 *   logProb of such a sample is the Concrete density at y (Pyro's `_unquantize`).
 */
import { GumbelRangeError, concreteBoundaryLogProb, expConcreteRowVjp } from '@gumbel/core';
import { CategoricalParams } from './categorical-params.js';
import type { CategoricalParamOptions } from './categorical-params.js';
import type { Computation, HostGradient, VjpResult } from './computation.js';
import type { DistributionOptions, SampleOptions } from './distribution.js';
import { uniforms } from './host.js';
import type { Param } from './host.js';
import { relaxedLogRow } from './math/concrete.js';
import { broadcastIndex, broadcastShapes, expand } from './shape.js';
import type { Shape } from './shape.js';
import { RelaxedDistribution } from './relaxed-sampling.js';
import type { RelaxedSampleComputation } from './relaxed-sampling.js';
import { logitsOf, softValuesOf } from './unquantize.js';
import { checkPositive } from './validate.js';

export interface RelaxedOneHotCategoricalOptions<T> extends DistributionOptions<T>, CategoricalParamOptions<T> {
  /** τ > 0: a number or a tensor broadcasting against the logits' batch shape. */
  readonly temperature: number | T;
}

type Space = 'log' | 'simplex' | 'straight-through';

abstract class ConcreteBase<T> extends RelaxedDistribution<T> {
  readonly params: CategoricalParams<T>;
  readonly temperature: Param<T>;
  readonly batchShape: Shape;
  protected abstract readonly space: Space;

  constructor(options: RelaxedOneHotCategoricalOptions<T>) {
    super(options);
    this.params = new CategoricalParams(this.backend, options, this.validateArgs);
    this.temperature = this.read(options.temperature, 'temperature');
    if (this.validateArgs) checkPositive(this.temperature);
    this.batchShape = broadcastShapes(this.params.rowShape, this.temperature.shape, 'logits', 'temperature');
  }

  get eventShape(): Shape {
    return [this.params.k];
  }

  /** Normalised probabilities of the underlying categorical, shape logits.shape. */
  probs(): T {
    return this.tensor(this.params.logp.map(Math.exp), this.params.param.shape);
  }

  /** Normalised logits (log-probabilities; PyTorch's convention), shape logits.shape. */
  logits(): T {
    return this.tensor(this.params.logp, this.params.param.shape);
  }

  protected rsampleC(sampleShape: number | readonly number[] | undefined, options: SampleOptions | undefined): RelaxedSampleComputation {
    const { shape, draws: n } = this.sampleShapeOf(sampleShape);
    const outer = shape.slice(0, -1);
    const k = this.params.k;
    const u = uniforms(n * k, options?.seed);
    const g = u.map((v) => -Math.log(-Math.log(v)));
    const rows = broadcastIndex(this.params.rowShape, outer);
    const taus = expand(this.temperature.values, this.temperature.shape, outer);
    const logp = this.params.logp;
    const s = new Float64Array(n * k);
    const x = new Float64Array(n * k);
    const row = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      relaxedLogRow(logp, (rows[r] as number) * k, g, r * k, k, taus[r] as number, row, x, r * k);
      s.set(row, r * k);
    }
    const tiny = this.backend.floatPrecision === 32 ? 2 ** -126 : 2 ** -1022;
    const y = this.space === 'log' ? x : x.map((v) => (v === -Infinity ? 0 : Math.max(Math.exp(v), tiny)));
    const straightThrough = this.space === 'straight-through';
    return {
      values: straightThrough ? this.hardOf(x, n, k) : y,
      ...(straightThrough ? { soft: y } : {}),
      // Simplex samples keep their log-space point: y_i underflows (or is clamped) far below where x_i does.
      ...(this.space === 'log' ? {} : { unconstrained: x }),
      shape,
      vjp: (dOut) => {
        // To dx (through y = e^x unless in log space), then through log_softmax and s = (l + g)/τ.
        const dl = new Float64Array(n * k);
        const dTau = new Float64Array(n);
        for (let r = 0; r < n; r++) {
          let total = 0;
          for (let i = r * k; i < r * k + k; i++) {
            if (x[i] === -Infinity) continue;
            const dx = this.space === 'log' ? (dOut[i] as number) : (dOut[i] as number) * Math.exp(x[i] as number);
            dl[i] = dx;
            total += dx;
          }
          const tau = taus[r] as number;
          let dt = 0;
          for (let i = r * k; i < r * k + k; i++) {
            if (x[i] === -Infinity) continue;
            const ds = (dl[i] as number) - Math.exp(x[i] as number) * total;
            dl[i] = ds / tau;
            dt -= (ds * (s[i] as number)) / tau;
          }
          dTau[r] = dt;
        }
        const grads: Record<string, HostGradient> = { ...this.params.toParam({ values: dl, shape }), temperature: { values: dTau, shape: outer } };
        return grads;
      },
    };
  }

  private hardOf(x: Float64Array, n: number, k: number): Float64Array {
    const out = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let i = 1; i < k; i++) if ((x[r * k + i] as number) > (x[r * k + best] as number)) best = i;
      out[r * k + best] = 1;
    }
    return out;
  }

  /** The density at a value, in log space (x) or on the simplex (y). */
  protected densityC(value: T, simplex: boolean): { v: Param<T>; c: Computation } {
    const read = this.read(value, 'value');
    // A straight-through sample is evaluated at the relaxed point it was rounded from (Pyro).
    const relaxed = this.space === 'straight-through' ? softValuesOf(value) : undefined;
    const v = relaxed === undefined ? read : { ...read, values: relaxed };
    this.checkEvent(v);
    const k = this.params.k;
    const logp = this.params.logp;
    const vShape = v.shape.slice(0, -1);
    // Our own simplex samples are evaluated at their remembered log-space point (exact where y underflows).
    const remembered = simplex ? logitsOf(value, this.space === 'straight-through') : undefined;
    const x = remembered ?? (simplex ? v.values.map(Math.log) : v.values);
    if (this.validateArgs && remembered === undefined) this.checkSupport(v, simplex);
    const shape = broadcastShapes(vShape, this.batchShape, 'value', 'batchShape');
    const rows = broadcastIndex(this.params.rowShape, shape);
    const at = broadcastIndex(vShape, shape);
    const taus = expand(this.temperature.values, this.temperature.shape, shape);
    const n = rows.length;
    const values = new Float64Array(n);
    const dl = new Float64Array(n * k);
    const dx = new Float64Array(n * k);
    const dTau = new Float64Array(n);
    const rl = new Float64Array(k);
    const rx = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      const lo = (rows[r] as number) * k;
      const xo = (at[r] as number) * k;
      const boundary = this.boundaryLimit(logp, lo, x, xo, k, taus[r] as number, simplex);
      if (boundary !== undefined) {
        // At the boundary of the simplex the density's limit, with zero gradients.
        values[r] = boundary;
        continue;
      }
      const { value, dTau: dt } = expConcreteRowVjp(logp, lo, x, xo, k, taus[r] as number, rl, rx);
      let jac = 0;
      for (let i = 0; i < k; i++) {
        if (logp[lo + i] === -Infinity) continue;
        if (simplex) {
          jac += x[xo + i] as number;
          // ∂/∂y = (∂/∂x − 1)/y with y = e^x (0 where e^x underflows: no finite gradient to give there).
          const y = remembered === undefined ? (v.values[xo + i] as number) : Math.exp(x[xo + i] as number);
          rx[i] = y === 0 ? 0 : ((rx[i] as number) - 1) / y;
        }
      }
      values[r] = value - jac;
      dTau[r] = dt;
      dl.set(rl, r * k);
      dx.set(rx, r * k);
    }
    const full = [...shape, k];
    const scale = (g: Float64Array, d: Float64Array) => g.map((e, i) => (d[Math.floor(i / k)] === 0 ? 0 : e * (d[Math.floor(i / k)] as number)));
    return {
      v,
      c: {
        values,
        shape,
        vjp: (d) => ({
          ...this.params.toParam({ values: scale(dl, d), shape: full }),
          temperature: { values: dTau.map((e, i) => (d[i] === 0 ? 0 : e * (d[i] as number))), shape },
          value: { values: scale(dx, d), shape: full },
        }),
      },
    };
  }

  /**
   * The density where m ≥ 1 unmasked coordinates are 0 (x = −∞): core's rule, the one every backend
   * uses (`concreteBoundaryLogProb`: the limit along straight lines into the simplex — ±∞ by the sign
   * of τk' − m(τ + 1), a finite value when it is 0). In log space the density carries the extra Π y_i,
   * so the ExpConcrete density is always 0 (−∞) there. Undefined when the row is in the interior.
   */
  private boundaryLimit(logp: Float64Array, lo: number, x: ArrayLike<number>, xo: number, k: number, tau: number, simplex: boolean): number | undefined {
    let m = 0;
    for (let i = 0; i < k; i++) if (logp[lo + i] !== -Infinity && x[xo + i] === -Infinity) m++;
    if (m === 0) return undefined;
    if (!simplex) return -Infinity;
    const y = Array.from({ length: k }, (_, i) => Math.exp(x[xo + i] as number));
    return concreteBoundaryLogProb(y, logp.subarray(lo, lo + k), tau);
  }

  /** Masked classes must be exactly 0 (−∞ in log space); the others positive (finite), rows summing to 1 on the simplex. */
  private checkSupport(v: Param<T>, simplex: boolean): void {
    const k = this.params.k;
    const masks = this.params.logp;
    const maskRows = broadcastIndex(this.params.rowShape, broadcastShapes(v.shape.slice(0, -1), this.params.rowShape, 'value', 'the logits\' batch shape'));
    const valueRows = broadcastIndex(v.shape.slice(0, -1), broadcastShapes(v.shape.slice(0, -1), this.params.rowShape, 'value', 'the logits\' batch shape'));
    // Values often come from float32 tensors (any backend's samples, float32 data): allow their rounding, k·2⁻²⁰, whatever this backend's precision.
    const tolerance = k * 2 ** -20;
    for (let r = 0; r < maskRows.length; r++) {
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const at = (valueRows[r] as number) * k + i;
        const e = v.values[at] as number;
        const masked = masks[(maskRows[r] as number) * k + i] === -Infinity;
        // The closed simplex: an unmasked coordinate may be 0 (−∞ in log space), where the density has a limit.
        const ok = simplex ? (masked ? e === 0 : e >= 0 && e <= 1) : masked ? e === -Infinity : e === -Infinity || (Number.isFinite(e) && e <= 0);
        if (!ok) {
          const need = simplex ? (masked ? '0 at a masked class' : 'in [0, 1] at an unmasked class') : masked ? '-Infinity (log 0) at a masked class' : '≤ 0 (a log-probability) at an unmasked class';
          throw new GumbelRangeError(`value[${at}]`, e, need);
        }
        sum += simplex ? e : masked ? 0 : Math.exp(e);
      }
      if (Math.abs(sum - 1) > tolerance) throw new GumbelRangeError(`value row ${valueRows[r]}`, Array.from(v.values.subarray((valueRows[r] as number) * k, (valueRows[r] as number) * k + k)), `on the simplex (${simplex ? 'summing' : 'exp summing'} to 1 within ${tolerance.toExponential(1)})`, `a sum of ${sum}`);
    }
  }
}

export class ExpRelaxedOneHotCategorical<T> extends ConcreteBase<T> {
  protected readonly space: Space = 'log';

  /** log p(x) of ExpConcrete at x = log y (x must be a log-simplex point). */
  logProb(value: T): T {
    const { v, c } = this.densityC(value, false);
    return this.taped(c, [this.params.param, this.temperature, v]);
  }

  logProbVjp(value: T): VjpResult<T> {
    const { v, c } = this.densityC(value, false);
    return this.explicit(c, [this.params.param, this.temperature, v]);
  }
}

export class RelaxedOneHotCategorical<T> extends ConcreteBase<T> {
  protected readonly space: Space = 'simplex';

  /** log p(y) of Concrete at y on the simplex. */
  logProb(value: T): T {
    const { v, c } = this.densityC(value, true);
    return this.taped(c, [this.params.param, this.temperature, v]);
  }

  logProbVjp(value: T): VjpResult<T> {
    const { v, c } = this.densityC(value, true);
    return this.explicit(c, [this.params.param, this.temperature, v]);
  }
}

export class RelaxedOneHotCategoricalStraightThrough<T> extends RelaxedOneHotCategorical<T> {
  protected override readonly space: Space = 'straight-through';
}
