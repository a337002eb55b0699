/**
 * The parameter of every categorical-family distribution: exactly one of `logits` / `probs`, with
 * the classes on the last axis (batch dimensions of any rank before it). Kept as given (so
 * gradients come back wrt the caller's tensor) plus float64 normalised log-probabilities.
 * −∞ logits / zero probabilities are masked classes: never sampled, gradient exactly 0.
 */
import type { Backend } from '@gumbel/core';
import type { HostGradient } from './computation.js';
import { readParam } from './host.js';
import type { Param } from './host.js';
import { logSoftmaxRows } from './math/special.js';
import { expand } from './shape.js';
import type { Shape } from './shape.js';
import { checkLogitRows, checkProbabilityRows, checkRank, exactlyOne } from './validate.js';

export interface CategoricalParamOptions<T> {
  /** Unnormalised log-probabilities, classes on the last axis; −∞ masks a class. */
  readonly logits?: T;
  /** Probabilities (need not be normalised), classes on the last axis; 0 masks a class. */
  readonly probs?: T;
}

export class CategoricalParams<T> {
  /** The caller's parameter (`logits` or `probs`). */
  readonly param: Param<T>;
  readonly k: number;
  /** Shape of the rows: the parameter's shape without its last axis. */
  readonly rowShape: Shape;
  private normalised: Float64Array | undefined;

  constructor(backend: Backend<T>, options: CategoricalParamOptions<T>, validate: boolean) {
    const kind = exactlyOne(options.logits, options.probs);
    this.param = readParam(backend, (options.logits ?? options.probs) as T, kind);
    checkRank(this.param, 1, 'classes on the last axis');
    this.k = this.param.shape[this.param.shape.length - 1] as number;
    this.rowShape = this.param.shape.slice(0, -1);
    if (validate) (kind === 'logits' ? checkLogitRows : checkProbabilityRows)(this.param);
  }

  /**
   * Normalised log-probabilities, float64, the parameter's shape. Computed on first use, so a
   * tensor-native method (a tape's `categoricalKl`) never reads the parameter to the host.
   */
  get logp(): Float64Array {
    return (this.normalised ??= logSoftmaxRows(this.logits(), this.k));
  }

  get kind(): 'logits' | 'probs' {
    return this.param.name as 'logits' | 'probs';
  }

  /** Unnormalised logits (log probs for a probs parameter): what the relaxed samplers and densities take. */
  logits(): Float64Array {
    return this.kind === 'logits' ? this.param.values : this.param.values.map(Math.log);
  }

  /**
   * A gradient wrt the logits (at some broadcast shape) as a gradient wrt the caller's parameter:
   * for probs, logits = log probs, so d/dprobs = d/dlogits / probs (0 at a masked class).
   */
  toParam(g: HostGradient): Readonly<Record<string, HostGradient>> {
    if (this.kind === 'logits') return { logits: g };
    const probs = expand(this.param.values, this.param.shape, g.shape);
    const values = g.values.map((v, i) => ((probs[i] as number) === 0 ? 0 : v / (probs[i] as number)));
    return { probs: { values, shape: g.shape } };
  }
}
