/**
 * The unordered-set estimator (Kool, van Hoof & Welling 2020, "Estimating Gradients for Discrete
 * Random Variables by Sampling without Replacement", ICLR): the unordered set policy gradient
 * estimator in the form with the paper's built-in (leave-one-out) baseline. Per input, S is a set
 * of n distinct classes drawn without replacement from p = softmax θ — the classes of the n largest
 * θ_i + g_i (Gumbel-top-k, the backend's `topK`).
 * With p(S) the probability of the *unordered* set (the sum over its n! orders of the sequential,
 * Plackett-Luce probabilities) and p^{D∖B}(A) the same for A drawn from p renormalised off B:
 *   R(S, s)      = p^{D∖{s}}(S ∖ {s}) / p(S)                              (leave-one-out ratio)
 *   R^{D∖s}(S,s′) = p^{D∖{s,s′}}(S ∖ {s,s′}) / p^{D∖{s}}(S ∖ {s}),  s′ ≠ s;   1 for s′ = s
 *   b(S, s)      = Σ_{s′∈S} p(s′) R^{D∖s}(S, s′) f(s′)                    (built-in baseline)
 *   ĝ            = Σ_{s∈S} p(s) R(S, s) (f(s) − b(S, s)) (onehot(s) − p)     (∇θ p(s) = p(s)(e_s − p)).
 * Why unbiased: p(s) R(S, s) p(S) = p(s) p^{D∖s}(S ∖ s), the chance that s comes first and the rest
 * follow, so E[Σ_s p(s)R(S,s) h(s, S)] = E_{s~p} E_{S′~p^{D∖s}}[h(s, S′ ∪ s)]; given s, b(S, s) has
 * mean E_p[f] whatever s is (it is the unordered-set estimate of E[f] with s known to be in the
 * set), so the baseline adds Σ_s ∇p(s)·E[f] = 0. Σ_s p(s) R(S, s) f(s) is itself an unbiased
 * estimate of E[f] (the paper's unordered set estimator): `sample.weights` are those p(s)R(S, s),
 * the weights a caller's direct term (f depending on parameters itself) must use, not 1/n
 * (`sample.objective`).
 *
 * How the probabilities are computed. The authors' code (wouterkool/estimating-gradients-without-
 * replacement) enumerates permutations (n!) or, for large n, integrates numerically. Because Plackett-Luce is memoryless given the set drawn so far,
 * one subset recursion gives every ratio exactly: for B ⊆ S let F(B) be the chance that, B having
 * been drawn first, the next |S ∖ B| draws are S ∖ B in some order. F(S) = 1 and
 *   F(B) = Σ_{a∈S∖B} p_a / (1 − p(B)) · F(B ∪ {a}),
 * so p(S) = F(∅), p^{D∖s}(S∖s) = F({s}), p^{D∖{s,s′}}(S∖{s,s′}) = F({s,s′}). It runs in log space with
 * 1 − p(B) summed over the classes *outside* B (never as a difference, which cancels when S holds
 * almost all the mass — the case the reference patches with an "exact" branch). Cost n·2^n per
 * input, so n is capped at MAX_UNORDERED_SET_SIZE (12; a typed error beyond it).
 *
 * n ≥ 2: at n = 1 there is no baseline and the estimator is plain REINFORCE (`createReinforce`).
 * A row must have at least n classes that can occur: a set cannot hold a masked (−∞) class.
 * `value` has batch·n one-hot rows; row b·n + i is the i-th largest perturbed logit of input b
 * (the order carries no weight: ĝ depends on the set only).
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError, logAddExp } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { checkLosses, readAndDispose, readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, optionsObject, positiveInteger } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, LossValues, SampleObjective, SampleOptions, ScoreFunctionEstimator, WeightedObjectiveSample } from './types.js';

/** The largest set size n: the subset recursion costs n·2^n per input (12·4096 ≈ 49 000 terms). */
export const MAX_UNORDERED_SET_SIZE = 12;

export interface UnorderedSetOptions {
  readonly seed?: RandomSource;
  /** n, the set size: distinct classes per input, 2 ≤ n ≤ min(k, MAX_UNORDERED_SET_SIZE) (default 4). */
  readonly samples?: number;
}

export interface UnorderedSetSample<T> extends EstimatorSample<T, LossValues<T>>, WeightedObjectiveSample {
  readonly samples: number;
  /** The class of every row of `value` (input-major, n per input, largest perturbed logit first). */
  readonly indices: Int32Array;
  /** p(s) R(S, s) per row: Σ over an input's rows of weight·f is an unbiased estimate of E[f]. */
  readonly weights: Float64Array;
  /**
   * Per input Σ_i w_i f_i (the unbiased estimate of E[f]); `weights` = the w_i, which a direct term
   * on a tape must use (`estimatorGrads` of @gumbel/backend-tfjs does).
   */
  objective(losses: ArrayLike<number>): SampleObjective;
}

export interface UnorderedSetEstimator<T> extends ScoreFunctionEstimator<T> {
  readonly samples: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<UnorderedSetSample<T>>;
  sampleSync(logits: T, options?: SampleOptions<T>): UnorderedSetSample<T>;
}

export interface UnorderedSetTerms {
  /** p(s_i) R(S, s_i), i = 0..n−1. */
  readonly weights: Float64Array;
  /** n×n, row-major: entry (i, j) = p(s_j) R^{D∖s_i}(S, s_j), so b_i = Σ_j baseline[i·n + j]·f_j. */
  readonly baseline: Float64Array;
}

/**
 * The estimator's coefficients for one input: `logProbs` = log softmax θ over all k classes
 * (−∞ for masked ones), `set` = the n distinct sampled classes (each with a finite log-probability).
 * Exported so tests can take the exact expectation of ĝ by enumerating sets.
 */
export function unorderedSetTerms(logProbs: ArrayLike<number>, set: ArrayLike<number>): UnorderedSetTerms {
  checkSet(logProbs, set);
  const n = set.length;
  const lp = Float64Array.from(set, (c) => logProbs[c] as number);
  // log of the mass outside S: every later normaliser 1 − p(B) is this plus the S-classes not in B.
  const inSet = new Set(Array.from(set));
  let logRest = -Infinity;
  for (let c = 0; c < logProbs.length; c++) if (!inSet.has(c)) logRest = logAddExp(logRest, logProbs[c] as number);
  const full = (1 << n) - 1;
  const logF = new Float64Array(full + 1);
  logF[full] = 0;
  for (let mask = full - 1; mask >= 0; mask--) {
    let logNorm = logRest; // log(1 − p(B)), B = mask
    let logNext = -Infinity;
    for (let a = 0; a < n; a++) {
      if (mask & (1 << a)) continue;
      logNorm = logAddExp(logNorm, lp[a] as number);
      logNext = logAddExp(logNext, (lp[a] as number) + (logF[mask | (1 << a)] as number));
    }
    logF[mask] = logNext - logNorm;
  }
  const weights = new Float64Array(n);
  const baseline = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const logFi = logF[1 << i] as number;
    weights[i] = Math.exp((lp[i] as number) + logFi - (logF[0] as number));
    for (let j = 0; j < n; j++) {
      baseline[i * n + j] = j === i ? Math.exp(lp[i] as number) : Math.exp((lp[j] as number) + (logF[(1 << i) | (1 << j)] as number) - logFi);
    }
  }
  return { weights, baseline };
}

/** `unorderedSetTerms`' arguments: 1 ≤ n ≤ MAX distinct classes of the row, each possible. */
function checkSet(logProbs: ArrayLike<number>, set: ArrayLike<number>): void {
  if (typeof logProbs !== 'object' || logProbs === null || typeof logProbs.length !== 'number') throw new GumbelTypeError('logProbs', logProbs, 'an array of log-probabilities');
  if (typeof set !== 'object' || set === null || typeof set.length !== 'number') throw new GumbelTypeError('set', set, 'an array of class indices');
  if (set.length < 1 || set.length > MAX_UNORDERED_SET_SIZE) throw new GumbelRangeError('set.length', set.length, `in [1, ${MAX_UNORDERED_SET_SIZE}]`);
  const seen = new Set<number>();
  for (let i = 0; i < set.length; i++) {
    const c = set[i];
    if (!(typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < logProbs.length)) throw new GumbelRangeError(`set[${i}]`, c, `a class index in [0, ${logProbs.length})`);
    if (seen.has(c)) throw new GumbelRangeError(`set[${i}]`, c, 'distinct from the other classes of the set');
    if (!Number.isFinite(logProbs[c])) throw new GumbelRangeError(`logProbs[${c}]`, logProbs[c], 'finite (a set holds only classes that can occur)');
    seen.add(c);
  }
}

/** n from the options: 2 ≤ n ≤ MAX_UNORDERED_SET_SIZE (n ≤ k is checked per call). */
function setSize(value: unknown): number {
  const n = positiveInteger(value, 4, 'samples');
  if (n < 2) throw new GumbelRangeError('samples', n, '≥ 2 (the built-in baseline needs a second element; n = 1 is plain REINFORCE: createReinforce)');
  if (n > MAX_UNORDERED_SET_SIZE) {
    throw new GumbelRangeError('samples', n, `≤ ${MAX_UNORDERED_SET_SIZE} (the exact set probabilities cost n·2^n per input; the paper's numerical integration for larger sets is not implemented)`);
  }
  return n;
}

export function createUnorderedSet<T>(backend: Backend<T>, options: UnorderedSetOptions = {}): UnorderedSetEstimator<T> {
  requireBackend(backend, 'the unordered-set estimator', ['seededNoise', 'topK']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const n = setSize(options.samples);
  const state = new EstimatorState(options.seed);
  return {
    name: 'unordered-set',
    kind: 'score-function',
    backend,
    samples: n,
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, UnorderedSetSample<T>> {
      const opts = optionsObject(sampleOptions);
      const [batch, k] = categoricalShape(backend, logits);
      if (n > k) throw new GumbelRangeError('samples', n, `≤ k = ${k}, the number of classes (a set of distinct classes)`);
      const { rng } = state.resolve(opts);
      // log softmax θ: the relaxed log-sample at τ = 1 without noise; read before the stream moves,
      // so a row with too few unmasked classes is refused with the estimator unchanged.
      const logProbs = Float64Array.from(yield* readAndDispose(backend, backend.relaxedLogSample({ logits, tau: 1 })));
      for (let b = 0; b < batch; b++) {
        let support = 0;
        for (let j = 0; j < k; j++) if ((logProbs[b * k + j] as number) > -Infinity) support++;
        if (support < n) throw new GumbelRangeError('samples', n, `≤ ${support}, the classes of logits row ${b} that are not masked (a set holds distinct possible classes)`);
      }
      state.commit();
      const noise = backend.gumbelNoise([batch, k], rng);
      const top = backend.topK({ logits, noise, count: n });
      backend.dispose(noise);
      const indices = Int32Array.from(yield* readAndDispose(backend, top));
      const weights = new Float64Array(batch * n);
      const baselines: Float64Array[] = [];
      for (let b = 0; b < batch; b++) {
        const terms = unorderedSetTerms(logProbs.subarray(b * k, (b + 1) * k), indices.subarray(b * n, (b + 1) * n));
        weights.set(terms.weights, b * n);
        baselines.push(terms.baseline);
      }
      const oneHot = new Float64Array(batch * n * k);
      indices.forEach((z, row) => (oneHot[row * k + z] = 1));
      return finishSample(backend, {
        value: backend.fromArray(oneHot, [batch * n, k]),
        samples: n,
        indices,
        weights,
        objective(losses: ArrayLike<number>): SampleObjective {
          const f = checkLosses(losses, batch * n);
          const values = new Float64Array(batch);
          for (let r = 0; r < batch * n; r++) {
            const b = Math.floor(r / n);
            values[b] = (values[b] as number) + (weights[r] as number) * (f[r] as number);
          }
          return { values, weights: weights.slice() };
        },
        *backward(upstream: LossValues<T>): Reading<T, EstimatorGradients<T>> {
          const f = yield* readLosses(upstream, batch * n);
          const grad = new Float64Array(batch * k);
          for (let b = 0; b < batch; b++) {
            const C = baselines[b] as Float64Array;
            // Σ_i c_i (e_{s_i} − p): the e-part lands on the sampled classes, the p-part on all.
            let total = 0;
            for (let i = 0; i < n; i++) {
              let base = 0;
              for (let j = 0; j < n; j++) base += (C[i * n + j] as number) * (f[b * n + j] as number);
              const c = (weights[b * n + i] as number) * ((f[b * n + i] as number) - base);
              total += c;
              const at = b * k + (indices[b * n + i] as number);
              grad[at] = (grad[at] as number) + c;
            }
            for (let j = 0; j < k; j++) {
              const p = Math.exp(logProbs[b * k + j] as number);
              if (p > 0) grad[b * k + j] = (grad[b * k + j] as number) - total * p;
            }
          }
          return { dLogits: backend.fromArray(grad, [batch, k]) };
        },
        dispose: () => {},
      });
    }),
  };
}
