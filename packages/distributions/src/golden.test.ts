/**
 * Golden values from numpy/scipy (fixtures/generate.py): every closed form, density and KL against
 * an independent reference, on the float64 CPU backend (the other backends run the conformance
 * suite). Tolerances: 1e-12 relative for closed forms; 1e-10 for the Concrete product formulas
 * (their Γ(k)·Π·Σ^(−k) form loses a few digits in numpy itself) and the Gumbel KL quadrature.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { describe, it } from 'vitest';
import {
  Bernoulli,
  Categorical,
  ExpRelaxedOneHotCategorical,
  Gumbel,
  LogitRelaxedBernoulli,
  Logistic,
  OneHotCategoricalStraightThrough,
  PlackettLuce,
  RelaxedBernoulli,
  RelaxedOneHotCategorical,
  kl,
} from './index.js';
import type { VjpResult } from './index.js';
import { expectClose, flat, loadGolden, read, shapeOf, tensor } from './test-support/support.js';
import type { GoldenCase, Nested } from './test-support/support.js';

const backend = createCpuBackend({ precision: 64 });
type CpuT = ReturnType<typeof backend.fromArray>;
const t = (v: Nested) => (typeof v === 'number' ? v : tensor(backend, v));
const r = (x: Float64Array | number[] | unknown) => read(backend, x as never);
const num = (v: Nested) => flat(v);

function check(c: GoldenCase): void {
  const tol = c.kind === 'concrete' || c.kind === 'expConcrete' || c.kind === 'klGumbel' ? 1e-10 : 1e-12;
  const param = () => (c.logits !== undefined ? { logits: t(c.logits) } : { probs: t(c.probs as Nested) }) as { logits: never } | { probs: never };
  switch (c.kind) {
    case 'gumbel':
    case 'logistic': {
      const D = c.kind === 'gumbel' ? Gumbel : Logistic;
      const d = new D({ backend, loc: t(c.loc as Nested), scale: t(c.scale as Nested) });
      if (c.x !== undefined) {
        expectClose(r(d.logProb(t(c.x))), num(c.logProb as Nested), tol, 1e-300, 'logProb');
        expectClose(r(d.cdf(t(c.x))), num(c.cdf as Nested), tol, 1e-300, 'cdf');
      }
      for (const m of ['mean', 'variance', 'stddev', 'entropy'] as const) if (c[m] !== undefined) expectClose(r(d[m]()), num(c[m] as Nested), tol, 0, m);
      if (c.icdf !== undefined) expectClose(r(d.icdf(t(c.p as Nested))), num(c.icdf), tol, 0, 'icdf');
      return;
    }
    case 'concrete':
    case 'expConcrete': {
      const D = c.kind === 'concrete' ? RelaxedOneHotCategorical : ExpRelaxedOneHotCategorical;
      const d = new D({ backend, temperature: t(c.temperature as Nested), ...param() });
      expectClose(r(d.logProb(t((c.y ?? c.x) as Nested) as never)), num(c.logProb as Nested), tol, 1e-12, 'logProb');
      return;
    }
    case 'binConcrete':
    case 'logitBinConcrete': {
      const D = c.kind === 'binConcrete' ? RelaxedBernoulli : LogitRelaxedBernoulli;
      const d = new D({ backend, temperature: t(c.temperature as Nested), ...(c.logits !== undefined ? { logits: t(c.logits) } : { probs: t(c.probs as Nested) }) });
      expectClose(r(d.logProb(t((c.y ?? c.x) as Nested))), num(c.logProb as Nested), tol, 1e-12, 'logProb');
      return;
    }
    case 'bernoulli': {
      const d = new Bernoulli({ backend, probs: t(c.probs as Nested) });
      expectClose(r(d.logProb(t(c.value as Nested))), num(c.logProb as Nested), tol, 0, 'logProb');
      for (const m of ['entropy', 'mean', 'variance'] as const) expectClose(r(d[m]()), num(c[m] as Nested), tol, 1e-300, m);
      return;
    }
    case 'categorical': {
      const d = new Categorical({ backend, probs: t(c.probs as Nested) as never });
      expectClose(r(d.logProb(t(c.value as Nested))), num(c.logProb as Nested), tol, 0, 'logProb');
      expectClose(r(d.entropy()), num(c.entropy as Nested), tol, 1e-300, 'entropy');
      return;
    }
    case 'klCategorical': {
      const p = new Categorical({ backend, probs: t(c.p as Nested) as never });
      const q = new Categorical({ backend, probs: t(c.q as Nested) as never });
      expectClose(r(kl(p, q)), num(c.kl as Nested), tol, 1e-15, 'kl');
      return;
    }
    case 'klBernoulli': {
      const p = new Bernoulli({ backend, probs: t(c.p as Nested) });
      const q = new Bernoulli({ backend, probs: t(c.q as Nested) });
      expectClose(r(kl(p, q)), num(c.kl as Nested), tol, 1e-15, 'kl');
      return;
    }
    case 'klGumbel': {
      const p = new Gumbel({ backend, loc: t(c.loc_p as Nested), scale: t(c.scale_p as Nested) });
      const q = new Gumbel({ backend, loc: t(c.loc_q as Nested), scale: t(c.scale_q as Nested) });
      expectClose(r(kl(p, q)), num(c.kl as Nested), tol, 1e-12, 'kl');
      return;
    }
    case 'plackettLuce': {
      const d = new PlackettLuce({ backend, scores: t(c.scores as Nested) as never });
      expectClose(r(d.logProb(t(c.perms as Nested) as never)), num(c.logProb as Nested), tol, 0, 'logProb');
      return;
    }
    case 'straightThroughOneHot': {
      const raw = c.value as Nested;
      const d = new OneHotCategoricalStraightThrough({ backend, [c.param as string]: t(raw) } as never);
      const sampleShape = flat(c.sampleShape as Nested);
      const { value, backwardSync } = d.rsampleVjp(sampleShape, { seed: 11 }) as VjpResult<CpuT>;
      // distrax's loss Σ sample² has upstream 2·sample.
      const y = r(value);
      const grads = backwardSync(backend.fromArray(y.map((v) => 2 * v), backend.shapeOf(value)));
      const k = shapeOf(raw).at(-1) as number;
      const rows = flat(raw).length / k;
      const per = c.gradientPerClass as number[][][];
      const expected = new Array<number>(rows * k).fill(0);
      for (let i = 0; i < y.length / k; i++) {
        const row = i % rows;
        const cls = y.slice(i * k, i * k + k).indexOf(1);
        for (let j = 0; j < k; j++) expected[row * k + j] = (expected[row * k + j] as number) + ((per[row] as number[][])[cls] as number[])[j]!;
      }
      expectClose(r(grads[c.param as string]), expected, 1e-12, 1e-12, 'gradient');
      return;
    }
    default:
      throw new Error(`unknown golden kind ${c.kind}`);
  }
}

describe('golden values from numpy/scipy (fixtures/golden.json)', () => {
  for (const c of loadGolden()) it(`${c.source}: ${c.kind} — ${c.name}`, () => check(c));
});
