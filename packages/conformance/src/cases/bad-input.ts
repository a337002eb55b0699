/**
 * Case family 7: bad input throws, on the host, before any work: core's `GumbelRangeError` (a
 * RangeError) or `GumbelTypeError` (a TypeError), whose message names the argument and shows the
 * offending value (`tau must be finite and > 0, got NaN`). Errors are recognised by class *and*
 * name, so a backend built against a separate copy of @gumbel/core still passes.
 */
import { describe, expect, it } from 'vitest';
import { describeValue } from '@gumbel/core';
import type { Temperature } from '@gumbel/core';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';
import type { TensorScope } from '../scope.js';

interface Expectation {
  readonly label: string;
  readonly thunk: () => unknown;
  /** Must appear in the message: the argument's name, e.g. `tau`, `tau[1]`, `logits[4]`. */
  readonly argument: string;
  /** Must appear in the message after `got`: the offending value (or shape/length) as shown. */
  readonly shows: string;
}

/** Run every expectation; return a description of each that did not throw as required. */
function violations(list: readonly Expectation[]): string[] {
  const out: string[] = [];
  for (const { label, thunk, argument, shows } of list) {
    let error: unknown;
    try {
      thunk();
    } catch (e) {
      error = e;
    }
    if (error === undefined) {
      out.push(`${label}: did not throw`);
      continue;
    }
    const ok =
      (error instanceof RangeError || error instanceof TypeError) &&
      (error.name === 'GumbelRangeError' || error.name === 'GumbelTypeError');
    const message = error instanceof Error ? error.message : String(error);
    if (!ok) out.push(`${label}: threw ${String(error)}, not a GumbelRangeError/GumbelTypeError`);
    else if (!message.includes(argument)) out.push(`${label}: message "${message}" does not name ${argument}`);
    else if (!message.slice(message.indexOf('got')).includes(shows)) out.push(`${label}: message "${message}" does not show ${shows}`);
  }
  return out;
}

const BAD_TAUS = [0, -1, NaN, Infinity, -Infinity];

export function registerBadInputCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const s = backend.supports;

  /** Valid inputs for a [2, 3] problem; each expectation breaks exactly one thing. */
  function fixtures(scope: TensorScope<T>) {
    const logits = scope.from([0.5, -1, 2, 0, 1, -0.5], [2, 3]);
    const noise = scope.from([0.1, -0.3, 1.2, 0.7, -1.1, 0.4], [2, 3]);
    const y = scope.from([0.2, 0.3, 0.5, 0.6, 0.3, 0.1], [2, 3]);
    const x = scope.from([0.2, 0.3, 0.5, 0.6, 0.3, 0.1].map(Math.log), [2, 3]);
    const bad23 = scope.from([0, 0, 0, 0, 0, 0, 0, 0], [2, 4]);
    const dOut = scope.from([1, -1], [2]);
    return { logits, noise, y, x, bad23, dOut };
  }

  /** Every kernel that takes τ, called with a given τ (and otherwise valid arguments). */
  function tauTakers(scope: TensorScope<T>): [string, (tau: Temperature<T>) => unknown][] {
    const { logits, noise, y, x, dOut } = fixtures(scope);
    const list: [string, (tau: Temperature<T>) => unknown][] = [
      ['relaxedLogSample', (tau) => backend.relaxedLogSample({ logits, tau, noise })],
      ['relaxedSample', (tau) => backend.relaxedSample({ logits, tau, noise })],
      ['straightThroughSample', (tau) => backend.straightThroughSample({ logits, tau, noise })],
    ];
    if (s.gradients) {
      list.push(['relaxedLogSampleVjp', (tau) => backend.relaxedLogSampleVjp({ logits, tau, noise, logY: y, dLogY: y })]);
      list.push(['relaxedSampleVjp', (tau) => backend.relaxedSampleVjp({ logits, tau, noise, y, dy: y })]);
    }
    if (s.bernoulli) {
      list.push(['relaxedBernoulli', (tau) => backend.relaxedBernoulli({ logits, tau, noise })]);
      if (s.gradients) list.push(['relaxedBernoulliVjp', (tau) => backend.relaxedBernoulliVjp({ logits, tau, noise, y, dy: y })]);
    }
    if (s.densities) {
      list.push(['concreteLogProb', (tau) => backend.concreteLogProb({ logits, tau, y })]);
      list.push(['expConcreteLogProb', (tau) => backend.expConcreteLogProb({ logits, tau, x })]);
      list.push(['binConcreteLogProb', (tau) => backend.binConcreteLogProb({ logits, tau, y })]);
      if (s.gradients) {
        list.push(['concreteLogProbVjp', (tau) => backend.concreteLogProbVjp({ logits, tau, y, dOut })]);
        list.push(['expConcreteLogProbVjp', (tau) => backend.expConcreteLogProbVjp({ logits, tau, x, dOut })]);
        list.push(['binConcreteLogProbVjp', (tau) => backend.binConcreteLogProbVjp({ logits, tau, y, dOut: y })]);
      }
    }
    return list;
  }

  describe('bad input throws a typed error naming the argument and showing the value', () => {
    it('τ = 0, −1, NaN, ±Infinity', async () => {
      await withTensors(backend, (scope) => {
        const list = tauTakers(scope).flatMap(([name, call]) =>
          BAD_TAUS.map((tau) => ({ label: `${name}(τ = ${tau})`, thunk: () => call(tau), argument: 'tau', shows: describeValue(tau) })),
        );
        expect(violations(list)).toEqual([]);
      });
    });

    it.skipIf(!s.perRowTemperature)('per-row τ of the wrong shape, or with a bad entry', async () => {
      await withTensors(backend, (scope) => {
        const list = tauTakers(scope).flatMap(([name, call]): Expectation[] => [
          { label: `${name}(τ of shape [3])`, thunk: () => call(scope.from([1, 1, 1], [3])), argument: 'tau', shows: '[3]' },
          { label: `${name}(τ = [1, 0])`, thunk: () => call(scope.from([1, 0], [2])), argument: 'tau[1]', shows: '0' },
          { label: `${name}(τ = [NaN, 1])`, thunk: () => call(scope.from([NaN, 1], [2])), argument: 'tau[0]', shows: 'NaN' },
          { label: `${name}(τ = [1, −Infinity])`, thunk: () => call(scope.from([1, -Infinity], [2])), argument: 'tau[1]', shows: '-Infinity' },
        ]);
        expect(violations(list)).toEqual([]);
      });
    });

    it('logits with NaN or +Infinity, or a row with every class masked', async () => {
      await withTensors(backend, (scope) => {
        const { noise, y } = fixtures(scope);
        const list: Expectation[] = [];
        for (const [bad, shows] of [[NaN, 'NaN'], [Infinity, 'Infinity']] as const) {
          const logits = scope.from([0.5, -1, 2, 0, bad, -0.5], [2, 3]);
          const calls: [string, () => unknown][] = [
            ['relaxedLogSample', () => backend.relaxedLogSample({ logits, tau: 1, noise })],
            ['relaxedSample', () => backend.relaxedSample({ logits, tau: 1, noise })],
            ['straightThroughSample', () => backend.straightThroughSample({ logits, tau: 1, noise })],
          ];
          if (s.topK) calls.push(['topK', () => backend.topK({ logits, noise, count: 2 })]);
          // A Bernoulli logit of +∞ is probability 1 (edges.ts), so only NaN is bad there.
          if (s.bernoulli && Number.isNaN(bad)) calls.push(['relaxedBernoulli', () => backend.relaxedBernoulli({ logits, tau: 1, noise })]);
          if (s.densities) calls.push(['concreteLogProb', () => backend.concreteLogProb({ logits, tau: 1, y })]);
          for (const [name, thunk] of calls) list.push({ label: `${name}(logits[4] = ${shows})`, thunk, argument: 'logits[4]', shows });
        }
        const allMasked = scope.from([0.5, -1, 2, -Infinity, -Infinity, -Infinity], [2, 3]);
        list.push({ label: 'relaxedSample(row 1 all −∞)', thunk: () => backend.relaxedSample({ logits: allMasked, tau: 1 }), argument: 'logits', shows: '-Infinity' });
        expect(violations(list)).toEqual([]);
      });
    });

    it('noise and upstream tensors whose shape does not match', async () => {
      await withTensors(backend, (scope) => {
        const { logits, noise, y, x, bad23, dOut } = fixtures(scope);
        const shows = '[2, 4]';
        const list: Expectation[] = [
          { label: 'relaxedSample(noise [2, 4])', thunk: () => backend.relaxedSample({ logits, tau: 1, noise: bad23 }), argument: 'noise', shows },
          { label: 'relaxedLogSample(noise [2, 4])', thunk: () => backend.relaxedLogSample({ logits, tau: 1, noise: bad23 }), argument: 'noise', shows },
          { label: 'straightThroughSample(noise [2, 4])', thunk: () => backend.straightThroughSample({ logits, tau: 1, noise: bad23 }), argument: 'noise', shows },
        ];
        if (s.topK) list.push({ label: 'topK(noise [2, 4])', thunk: () => backend.topK({ logits, noise: bad23, count: 1 }), argument: 'noise', shows });
        if (s.gradients) {
          list.push({ label: 'relaxedSampleVjp(dy [2, 4])', thunk: () => backend.relaxedSampleVjp({ logits, tau: 1, noise, y, dy: bad23 }), argument: 'dy', shows });
          list.push({ label: 'relaxedLogSampleVjp(dLogY [2, 4])', thunk: () => backend.relaxedLogSampleVjp({ logits, tau: 1, noise, logY: y, dLogY: bad23 }), argument: 'dLogY', shows });
        }
        if (s.bernoulli) {
          list.push({ label: 'relaxedBernoulli(noise [2, 4])', thunk: () => backend.relaxedBernoulli({ logits, tau: 1, noise: bad23 }), argument: 'noise', shows });
          if (s.gradients) list.push({ label: 'relaxedBernoulliVjp(dy [2, 4])', thunk: () => backend.relaxedBernoulliVjp({ logits, tau: 1, noise, y, dy: bad23 }), argument: 'dy', shows });
        }
        if (s.densities) {
          list.push({ label: 'concreteLogProb(y [2, 4])', thunk: () => backend.concreteLogProb({ logits, tau: 1, y: bad23 }), argument: 'y', shows });
          if (s.gradients) {
            const dOut3 = scope.from([1, 1, 1], [3]);
            list.push({ label: 'concreteLogProbVjp(dOut [3])', thunk: () => backend.concreteLogProbVjp({ logits, tau: 1, y, dOut: dOut3 }), argument: 'dOut', shows: '[3]' });
            list.push({ label: 'expConcreteLogProbVjp(dOut [3])', thunk: () => backend.expConcreteLogProbVjp({ logits, tau: 1, x, dOut: dOut3 }), argument: 'dOut', shows: '[3]' });
            list.push({ label: 'binConcreteLogProbVjp(dOut [2])', thunk: () => backend.binConcreteLogProbVjp({ logits, tau: 1, y, dOut }), argument: 'dOut', shows: '[2]' });
          }
        }
        expect(violations(list)).toEqual([]);
      });
    });

    it.skipIf(!s.seededNoise)('seeds that are not integers in [0, 2^53 − 1]', () => {
      const list: Expectation[] = [];
      for (const seed of [1.5, -1, NaN, Infinity, 2 ** 53]) {
        for (const kind of s.bernoulli ? (['uniformNoise', 'gumbelNoise', 'logisticNoise'] as const) : (['uniformNoise', 'gumbelNoise'] as const)) {
          list.push({ label: `${kind}(seed ${seed})`, thunk: () => backend[kind]([2, 3], seed), argument: 'seed', shows: describeValue(seed) });
        }
      }
      expect(violations(list)).toEqual([]);
    });

    it('fromArray with the wrong number of values', () => {
      const list: Expectation[] = [
        { label: 'fromArray(3 values, [2, 2])', thunk: () => backend.fromArray([1, 2, 3], [2, 2]), argument: 'values', shows: '3' },
        { label: 'fromArray(7 values, [2, 3])', thunk: () => backend.fromArray([1, 2, 3, 4, 5, 6, 7], [2, 3]), argument: 'values', shows: '7' },
      ];
      expect(violations(list)).toEqual([]);
    });

    it.skipIf(!s.topK)('topK count out of range or not an integer', async () => {
      await withTensors(backend, (scope) => {
        const { logits, noise } = fixtures(scope);
        const list = [0, 4, -1, 1.5, NaN].map((count) => ({
          label: `topK(count ${count}) with k = 3`,
          thunk: () => backend.topK({ logits, noise, count }),
          argument: 'count',
          shows: describeValue(count),
        }));
        expect(violations(list)).toEqual([]);
      });
    });

    it.skipIf(!s.hostUniforms)('host uniforms outside the open interval (0, 1)', async () => {
      await withTensors(backend, (scope) => {
        const list = [0, 1, 1.5, NaN].map((u) => ({
          label: `gumbelFromUniforms([0.5, ${u}])`,
          thunk: () => backend.gumbelFromUniforms(scope.from([0.5, u], [2])),
          argument: 'uniforms[1]',
          shows: describeValue(u),
        }));
        expect(violations(list)).toEqual([]);
      });
    });
  });
}
