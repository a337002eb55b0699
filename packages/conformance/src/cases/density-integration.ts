/**
 * Case family 2: the densities integrate to 1, evaluated through the backend's own
 * `concreteLogProb` / `binConcreteLogProb` on one batch of quadrature points.
 *
 * Change of variables. Near the simplex's faces the Concrete density behaves like y^(τ−1): an
 * integrable singularity for τ < 1 that ruins any quadrature in y. In log-ratio coordinates
 * z ∈ R^(k−1), y = softmax(z_1, …, z_(k−1), 0), whose Jacobian is |∂y_(1..k−1)/∂z| = Π_i y_i, the
 * integrand q(z) = p(y(z))·Π y_i is smooth (analytic in a strip) and decays like e^(−τ|z|) in every
 * direction. For such functions the trapezoid rule on a uniform grid converges geometrically in
 * 1/h, so with h ≤ 0.2 the discretisation error is far below 1e-10 (checked against numpy while
 * writing this case: h = 0.5 → 0.1 changes the sum by < 1e-9) and what remains is the truncated
 * tail, ∝ e^(−τZ): the box half-widths Z below make it < 1e-8.
 *
 * Precision. The grid points are computed on the host in float64 and uploaded (float32 backends
 * round y to float32: a relative change of 6e-8 per coordinate). log p is a sum of terms of size
 * ≲ τ|log y| + |logits| ≲ 100, so a float32 backend evaluates it to ~100·6e-8 = 6e-6 absolute; the
 * integral inherits that as a relative error, ~1e-5 ≪ the 1e-3 allowed. A float64 backend is
 * limited by the 1e-8 tail: 1e-6 is allowed. Box corners keep every y_i ≥ e^(−2Z·…) above the
 * float32 normal range (≥ 1e-35).
 */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { withTensors } from '../scope.js';

const LEDGER = 'density integrals (∫p vs 1)';

/** Grid −Z, −Z + h, …, Z. */
function grid(halfWidth: number, step: number): number[] {
  const n = Math.round(halfWidth / step);
  return Array.from({ length: 2 * n + 1 }, (_, i) => (i - n) * step);
}

/** y = softmax([...z, 0]) in float64, and log Π y_i (the log-Jacobian). */
function simplexPoint(z: readonly number[]): { y: number[]; logJacobian: number } {
  const full = [...z, 0];
  const m = Math.max(...full);
  let sum = 0;
  for (const v of full) sum += Math.exp(v - m);
  const lse = m + Math.log(sum);
  const logY = full.map((v) => v - lse);
  return { y: logY.map(Math.exp), logJacobian: logY.reduce((a, b) => a + b, 0) };
}

/** h^d Σ exp(log p + log J) in float64, with one non-finite log p reported as an error. */
function trapezoid(logP: ArrayLike<number>, logJacobian: readonly number[], cell: number): number {
  let total = 0;
  for (let i = 0; i < logP.length; i++) {
    const v = logP[i] as number;
    if (!(v < Infinity) || Number.isNaN(v)) throw new Error(`log-density ${v} at quadrature point ${i}`);
    total += Math.exp(v + (logJacobian[i] as number));
  }
  return total * cell;
}

export function registerDensityIntegrationCases<T>(ctx: SuiteContext<T>): void {
  const { backend } = ctx;
  const tolerance = ctx.tol.integral;

  describe('densities integrate to 1', () => {
    // τ spans the singular (< 1), flat (1) and peaked (> 1) regimes; Z·τ ≥ 25 (k = 2), ≥ 20 (k = 3).
    const oneD = [
      { tau: 0.5, halfWidth: 50 },
      { tau: 1, halfWidth: 30 },
      { tau: 2.5, halfWidth: 15 },
    ];
    const twoD = [
      { tau: 0.5, halfWidth: 40 },
      { tau: 1, halfWidth: 24 },
      { tau: 2, halfWidth: 14 },
    ];

    it.skipIf(!backend.supports.densities)('Concrete, k = 2: ∫ p(y) over the 1-simplex = 1', async () => {
      const logits = [0.4, -0.3];
      for (const { tau, halfWidth } of oneD) {
        const h = 0.125;
        const points = grid(halfWidth, h).map((z) => simplexPoint([z]));
        const n = points.length;
        const integral = await withTensors(backend, async (scope) => {
          const logP = await scope.read(scope.keep(backend.concreteLogProb({
            logits: scope.from(points.flatMap(() => logits), [n, 2]),
            tau,
            y: scope.from(points.flatMap((p) => p.y), [n, 2]),
          })));
          return trapezoid(logP, points.map((p) => p.logJacobian), h);
        });
        ctx.ledger.record(LEDGER, [integral], [1], { rtol: 0, atol: tolerance });
        expect(Math.abs(integral - 1), `τ = ${tau}: ∫ = ${integral}`).toBeLessThanOrEqual(tolerance);
      }
    });

    it.skipIf(!backend.supports.densities)('Concrete, k = 3: ∫ p(y) over the 2-simplex = 1', async () => {
      const logits = [0.5, -0.25, 1];
      for (const { tau, halfWidth } of twoD) {
        const h = 0.2;
        const axis = grid(halfWidth, h);
        const points = axis.flatMap((z1) => axis.map((z2) => simplexPoint([z1, z2])));
        const n = points.length;
        const integral = await withTensors(backend, async (scope) => {
          const logP = await scope.read(scope.keep(backend.concreteLogProb({
            logits: scope.from(points.flatMap(() => logits), [n, 3]),
            tau,
            y: scope.from(points.flatMap((p) => p.y), [n, 3]),
          })));
          return trapezoid(logP, points.map((p) => p.logJacobian), h * h);
        });
        ctx.ledger.record(LEDGER, [integral], [1], { rtol: 0, atol: tolerance });
        expect(Math.abs(integral - 1), `τ = ${tau}: ∫ = ${integral}`).toBeLessThanOrEqual(tolerance);
      }
    });

    it.skipIf(!backend.supports.densities)('BinConcrete: ∫ p(y) dy over (0, 1) = 1', async () => {
      // BinConcrete takes y alone, so 1 − y is formed by the backend: keep y ≤ σ(15) (1 − 3e-7, still
      // below 1 in float32) so that no point rounds onto 1; Z·τ ≥ 22 keeps the lost tail < 1e-9.
      for (const { tau, logit } of [{ tau: 1.5, logit: 0.4 }, { tau: 2.5, logit: -1.2 }]) {
        const h = 0.125;
        const zs = grid(15, h);
        const ys = zs.map((z) => 1 / (1 + Math.exp(-z)));
        // dy = y(1 − y) dz, with 1 − y = σ(−z) computed without cancellation.
        const logJacobian = zs.map((z) => -Math.log1p(Math.exp(-z)) - Math.log1p(Math.exp(z)));
        const integral = await withTensors(backend, async (scope) => {
          const logP = await scope.read(scope.keep(backend.binConcreteLogProb({
            logits: scope.from(zs.map(() => logit), [zs.length]),
            tau,
            y: scope.from(ys, [zs.length]),
          })));
          return trapezoid(logP, logJacobian, h);
        });
        ctx.ledger.record(LEDGER, [integral], [1], { rtol: 0, atol: tolerance });
        expect(Math.abs(integral - 1), `τ = ${tau}: ∫ = ${integral}`).toBeLessThanOrEqual(tolerance);
      }
    });
  });
}
