/**
 * Property tests over every public function of the reference math: bad input of any kind throws
 * GumbelRangeError or GumbelTypeError naming the argument; valid input never yields NaN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterRng } from './counter-rng.js';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import {
  gumbelCdf,
  gumbelFromUniform,
  gumbelLogCdf,
  gumbelLogPdf,
  gumbelPdf,
  gumbelQuantile,
  logisticFromUniform,
  sampleGumbel,
} from './gumbel.js';
import { conditionalGumbelNoise, sampleTruncatedGumbel, truncatedGumbelFromUniform } from './truncated-gumbel.js';
import { argmax, logSoftmax, logSumExp, softmax } from './softmax.js';
import {
  binConcreteLogitLogProb,
  binConcreteLogProb,
  concreteLogProb,
  expConcreteLogProb,
  logitsFromProbabilities,
} from './densities.js';
import { exponentialDecaySchedule } from './schedule.js';

const RUNS = { numRuns: 300, seed: 20260 };

/** Run `f`, require a typed error whose `argument` starts with `argument`. */
function expectTypedError(f: () => unknown, argument: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught instanceof GumbelRangeError || caught instanceof GumbelTypeError, `no typed error for ${argument}: ${String(caught)}`).toBe(true);
  expect((caught as GumbelRangeError).argument.startsWith(argument), `${(caught as Error).message} should name ${argument}`).toBe(true);
  expect((caught as Error).message.startsWith(argument)).toBe(true);
}

// undefined is left out: for loc, scale and tau it means "omitted" and takes the default.
const notNumber = fc.oneof(fc.string(), fc.constant(null), fc.boolean(), fc.bigInt(), fc.object(), fc.array(fc.double()));
const missing = fc.constant(undefined);
const badFinite = fc.oneof(notNumber, fc.constantFrom(NaN, Infinity, -Infinity));
const badPositive = fc.oneof(badFinite, fc.double({ max: 0, noNaN: true }));
const badX = fc.oneof(notNumber, missing, fc.constant(NaN));
const badUnitOpen = fc.oneof(notNumber, missing, fc.constantFrom(NaN, 0, 1, -0, Infinity, -Infinity), fc.double({ max: 0, noNaN: true }), fc.double({ min: 1, noNaN: true }));
const badUnitClosed = fc.oneof(notNumber, missing, fc.constantFrom(NaN, -1e-300, 1 + 2 ** -52, Infinity, -Infinity));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const positive = fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true });
const anyX = fc.double({ noNaN: true });
const openUnit = fc.double({ min: Number.MIN_VALUE, max: 1 - 2 ** -53, noNaN: true });
const closedUnit = fc.double({ min: 0, max: 1, noNaN: true });
const notNaN = (v: number): boolean => !Number.isNaN(v);

/** Rows of logits: finite or -Infinity (masked), at least one finite. */
const logitsArb = (range = 1e300) =>
  fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.double({ min: -range, max: range, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(-Infinity) }), { minLength: 1, maxLength: 12 })
    .filter((row) => row.some(Number.isFinite));
/** A logits row with one entry replaced by something invalid. */
const badLogits = fc.oneof(
  notNumber.filter((v) => !Array.isArray(v)),
  fc.constant([]),
  fc.tuple(logitsArb(), fc.nat(), fc.oneof(notNumber, fc.constantFrom(NaN, Infinity))).map(([row, i, bad]) => {
    const copy: unknown[] = [...row];
    copy[i % copy.length] = bad;
    return copy;
  }),
  fc.integer({ min: 1, max: 6 }).map((k) => Array<number>(k).fill(-Infinity)),
);

describe('Gumbel distribution functions', () => {
  const fns = { gumbelPdf, gumbelLogPdf, gumbelCdf, gumbelLogCdf } as const;
  for (const [name, f] of Object.entries(fns)) {
    it(`${name}: never NaN on valid input; typed errors naming x, loc, scale`, () => {
      fc.assert(fc.property(anyX, finite, positive, (x, loc, scale) => notNaN(f(x, loc, scale))), RUNS);
      fc.assert(fc.property(badX, (x) => expectTypedError(() => f(x as number), 'x')), RUNS);
      fc.assert(fc.property(anyX, badFinite, (x, loc) => expectTypedError(() => f(x, loc as number), 'loc')), RUNS);
      fc.assert(fc.property(anyX, finite, badPositive, (x, loc, scale) => expectTypedError(() => f(x, loc, scale as number), 'scale')), RUNS);
    });
  }
  it('gumbelQuantile: never NaN on p in [0, 1]; typed errors naming p, loc, scale', () => {
    fc.assert(fc.property(closedUnit, finite, positive, (p, loc, scale) => notNaN(gumbelQuantile(p, loc, scale))), RUNS);
    fc.assert(fc.property(badUnitClosed, (p) => expectTypedError(() => gumbelQuantile(p as number), 'p')), RUNS);
    fc.assert(fc.property(closedUnit, badFinite, (p, loc) => expectTypedError(() => gumbelQuantile(p, loc as number), 'loc')), RUNS);
    fc.assert(fc.property(closedUnit, badPositive, (p, scale) => expectTypedError(() => gumbelQuantile(p, 0, scale as number), 'scale')), RUNS);
  });
  it('gumbelFromUniform and logisticFromUniform: finite on (0, 1); typed errors naming u', () => {
    fc.assert(fc.property(openUnit, (u) => Number.isFinite(gumbelFromUniform(u)) && Number.isFinite(logisticFromUniform(u))), RUNS);
    fc.assert(fc.property(badUnitOpen, (u) => {
      expectTypedError(() => gumbelFromUniform(u as number), 'u');
      expectTypedError(() => logisticFromUniform(u as number), 'u');
    }), RUNS);
  });
  it('sampleGumbel: never NaN; typed errors naming rng, loc, scale', () => {
    fc.assert(fc.property(fc.nat(), finite, positive, (seed, loc, scale) => notNaN(sampleGumbel(CounterRng.fromSeed(seed), loc, scale))), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber, fc.double()), (rng) => expectTypedError(() => sampleGumbel(rng as unknown as CounterRng), 'rng')), RUNS);
    fc.assert(fc.property(badFinite, (loc) => expectTypedError(() => sampleGumbel(CounterRng.fromSeed(1), loc as number), 'loc')), RUNS);
    fc.assert(fc.property(badPositive, (scale) => expectTypedError(() => sampleGumbel(CounterRng.fromSeed(1), 0, scale as number), 'scale')), RUNS);
  });
});

describe('truncated and conditional Gumbel', () => {
  const bound = fc.double({ noNaN: true }).filter((b) => b !== -Infinity);
  it('truncatedGumbelFromUniform / sampleTruncatedGumbel: ≤ bound, never NaN; typed errors', () => {
    fc.assert(fc.property(finite, bound, openUnit, (loc, b, u) => {
      const x = truncatedGumbelFromUniform(loc, b, u);
      return notNaN(x) && x <= b;
    }), RUNS);
    fc.assert(fc.property(fc.nat(), finite, bound, (seed, loc, b) => notNaN(sampleTruncatedGumbel(CounterRng.fromSeed(seed), loc, b))), RUNS);
    fc.assert(fc.property(badFinite, (loc) => expectTypedError(() => truncatedGumbelFromUniform(loc as number, 0, 0.5), 'loc')), RUNS);
    fc.assert(fc.property(fc.oneof(badX, fc.constant(-Infinity)), (b) => {
      expectTypedError(() => truncatedGumbelFromUniform(0, b as number, 0.5), 'bound');
      expectTypedError(() => sampleTruncatedGumbel(CounterRng.fromSeed(0), 0, b as number), 'bound');
    }), RUNS);
    fc.assert(fc.property(badUnitOpen, (u) => expectTypedError(() => truncatedGumbelFromUniform(0, 0, u as number), 'u')), RUNS);
    fc.assert(fc.property(notNumber, (rng) => expectTypedError(() => sampleTruncatedGumbel(rng as unknown as CounterRng, 0, 0), 'rng')), RUNS);
  });
  it('conditionalGumbelNoise: finite noise making index the argmax; typed errors', () => {
    const valid = logitsArb(1e6).chain((row) => {
      const allowed = row.flatMap((l, i) => (Number.isFinite(l) ? [i] : []));
      return fc.tuple(fc.constant(row), fc.constantFrom(...allowed), fc.nat());
    });
    fc.assert(fc.property(valid, ([row, index, seed]) => {
      const g = conditionalGumbelNoise(row, index, CounterRng.fromSeed(seed));
      return g.every(Number.isFinite) && argmax(row.map((l, i) => l + (g[i] as number))) === index;
    }), RUNS);
    const rng = CounterRng.fromSeed(0);
    fc.assert(fc.property(badLogits, (row) => expectTypedError(() => conditionalGumbelNoise(row as number[], 0, rng), 'logits')), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber, fc.constantFrom(NaN, -1, 3, 0.5, Infinity)), (index) =>
      expectTypedError(() => conditionalGumbelNoise([0, -Infinity, 1], index as number, rng), 'index')), RUNS);
    expectTypedError(() => conditionalGumbelNoise([0, -Infinity, 1], 1, rng), 'index');
    fc.assert(fc.property(notNumber, (bad) => expectTypedError(() => conditionalGumbelNoise([0, 1], 0, bad as unknown as CounterRng), 'rng')), RUNS);
    expect(rng.position).toBe(0);
  });
});

describe('softmax family', () => {
  const tau = fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true });
  it('logSumExp / logSoftmax / softmax / argmax: never NaN; softmax sums to ~1; typed errors', () => {
    fc.assert(fc.property(logitsArb(), tau, (row, t) => {
      const p = softmax(row, t);
      const lp = logSoftmax(row, t);
      const sum = p.reduce((a, b) => a + b, 0);
      return notNaN(logSumExp(row)) && p.every(notNaN) && lp.every(notNaN) && Math.abs(sum - 1) < 1e-12 * row.length && argmax(row) >= 0;
    }), RUNS);
    fc.assert(fc.property(badLogits, (row) => {
      expectTypedError(() => logSumExp(row as number[]), 'values');
      expectTypedError(() => logSoftmax(row as number[]), 'logits');
      expectTypedError(() => softmax(row as number[]), 'logits');
    }), RUNS);
    fc.assert(fc.property(badPositive, (t) => {
      expectTypedError(() => logSoftmax([0, 1], t as number), 'tau');
      expectTypedError(() => softmax([0, 1], t as number), 'tau');
    }), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber.filter((v) => !Array.isArray(v)), fc.constant([]), fc.array(fc.double(), { minLength: 1 }).map((a) => [...a, NaN])), (values) =>
      expectTypedError(() => argmax(values as number[]), 'values')), RUNS);
  });
});

/** x − logsumexp(x): a point of the log-simplex (the ExpConcrete support). */
function onLogSimplex(x: number[]): number[] {
  const lse = logSumExp(x.filter((v) => v !== -Infinity));
  return x.map((v) => v - lse);
}

describe('densities', () => {
  // Bounded ranges keep logits − τx finite; outside them the functions throw a typed error rather
  // than overflow (tested in densities.test.ts).
  const tau = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
  const withPoint = (lo: number, hi: number) =>
    logitsArb(1e3).chain((row) =>
      fc.tuple(fc.constant(row), fc.tuple(...row.map((l) => (Number.isFinite(l) ? fc.double({ min: lo, max: hi, noNaN: true }) : fc.constant(-Infinity)))).map(onLogSimplex)),
    );
  it('concreteLogProb / expConcreteLogProb: never NaN; typed errors naming y/x, logits, tau', () => {
    fc.assert(fc.property(withPoint(-690, 0), tau, ([logits, x], t) => {
      const y = x.map((v) => (v === -Infinity ? 0 : Math.exp(v)));
      return notNaN(expConcreteLogProb(x, logits, t)) && notNaN(concreteLogProb(y, logits, t));
    }), RUNS);
    fc.assert(fc.property(withPoint(-5, 0), fc.oneof(badPositive, missing), ([logits, x], t) => {
      expectTypedError(() => expConcreteLogProb(x, logits, t as number), 'tau');
      expectTypedError(() => concreteLogProb(x.map(Math.exp), logits, t as number), 'tau');
    }), RUNS);
    fc.assert(fc.property(badLogits, (logits) => {
      expectTypedError(() => expConcreteLogProb([0], logits as number[], 1), 'logits');
      expectTypedError(() => concreteLogProb([1], logits as number[], 1), 'logits');
    }), RUNS);
    fc.assert(fc.property(withPoint(-5, 0), fc.nat(), fc.oneof(notNumber, fc.constantFrom(NaN, Infinity, 1.5, -0.1)), ([logits, x], i, bad) => {
      const y: unknown[] = x.map((v) => (v === -Infinity ? 0 : Math.exp(v)));
      y[i % y.length] = bad;
      expectTypedError(() => concreteLogProb(y as number[], logits, 1), 'y');
      const xs: unknown[] = [...x];
      xs[i % xs.length] = typeof bad === 'number' && Number.isFinite(bad) ? NaN : bad;
      expectTypedError(() => expConcreteLogProb(xs as number[], logits, 1), 'x');
    }), RUNS);
    fc.assert(fc.property(withPoint(-5, 0), (([logits, x]) => {
      expectTypedError(() => expConcreteLogProb([...x, -1], logits, 1), 'x');
      expectTypedError(() => concreteLogProb(x.slice(1).map(Math.exp), logits, 1), 'y');
    })), RUNS);
  });
  it('binConcreteLogProb / binConcreteLogitLogProb: never NaN; typed errors', () => {
    // y in the closed interval and logits of ±∞ (sure outcomes) are valid: the limits, never NaN.
    const anyLogit = fc.oneof(finite, fc.constantFrom(Infinity, -Infinity));
    fc.assert(fc.property(fc.oneof(closedUnit, fc.constantFrom(0, 1)), anyLogit, positive, (y, l, t) => notNaN(binConcreteLogProb(y, l, t))), RUNS);
    fc.assert(fc.property(anyX, finite, positive, (x, l, t) => notNaN(binConcreteLogitLogProb(x, l, t))), RUNS);
    fc.assert(fc.property(badUnitClosed, (y) => expectTypedError(() => binConcreteLogProb(y as number, 0, 1), 'y')), RUNS);
    fc.assert(fc.property(badX, (x) => expectTypedError(() => binConcreteLogitLogProb(x as number, 0, 1), 'x')), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber, missing, fc.constant(NaN)), (l) => expectTypedError(() => binConcreteLogProb(0.5, l as number, 1), 'logit')), RUNS);
    fc.assert(fc.property(fc.oneof(badFinite, missing), (l) => expectTypedError(() => binConcreteLogitLogProb(0, l as number, 1), 'logit')), RUNS);
    fc.assert(fc.property(fc.oneof(badPositive, missing), (t) => {
      expectTypedError(() => binConcreteLogProb(0.5, 0, t as number), 'tau');
      expectTypedError(() => binConcreteLogitLogProb(0, 0, t as number), 'tau');
    }), RUNS);
  });
  it('logitsFromProbabilities: never NaN, zeros become -Infinity; typed errors naming probs', () => {
    const probs = fc.array(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 10 }).filter((p) => p.some((v) => v > 0));
    fc.assert(fc.property(probs, (p) => logitsFromProbabilities(p).every((v, i) => notNaN(v) && (v === -Infinity) === (p[i] === 0))), RUNS);
    const bad = fc.oneof(
      notNumber.filter((v) => !Array.isArray(v)),
      fc.constant([]),
      fc.integer({ min: 1, max: 5 }).map((k) => Array<number>(k).fill(0)),
      fc.tuple(probs, fc.nat(), fc.oneof(notNumber, fc.constantFrom(NaN, Infinity, -1))).map(([p, i, b]) => {
        const copy: unknown[] = [...p];
        copy[i % copy.length] = b;
        return copy;
      }),
    );
    fc.assert(fc.property(bad, (p) => expectTypedError(() => logitsFromProbabilities(p as number[]), 'probs')), RUNS);
  });
});

describe('exponentialDecaySchedule', () => {
  it('valid options give τ in [min, initial] for every step; bad options and steps throw typed errors', () => {
    const options = fc
      .tuple(positive, positive, fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 1e6 }))
      .map(([a, b, rate, every]) => ({ initial: Math.max(a, b), min: Math.min(a, b), rate, every }));
    fc.assert(fc.property(options, fc.nat(), (o, step) => {
      const t = exponentialDecaySchedule(o)(step);
      return t >= o.min && t <= o.initial;
    }), RUNS);
    const ok = { initial: 1, min: 0.5, rate: 0.1 };
    fc.assert(fc.property(fc.oneof(badPositive, missing), (v) => {
      expectTypedError(() => exponentialDecaySchedule({ ...ok, initial: v as number }), 'initial');
      expectTypedError(() => exponentialDecaySchedule({ ...ok, min: v as number }), 'min');
    }), RUNS);
    fc.assert(fc.property(fc.oneof(badFinite, missing, fc.double({ max: -Number.MIN_VALUE, noNaN: true })), (v) =>
      expectTypedError(() => exponentialDecaySchedule({ ...ok, rate: v as number }), 'rate')), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber, fc.constantFrom(NaN, 0, -1, 1.5, Infinity)), (v) =>
      expectTypedError(() => exponentialDecaySchedule({ ...ok, every: v as number }), 'every')), RUNS);
    fc.assert(fc.property(fc.oneof(notNumber, missing, fc.constantFrom(NaN, -1, 0.5, Infinity)), (v) =>
      expectTypedError(() => exponentialDecaySchedule(ok)(v as number), 'step')), RUNS);
  });
});
