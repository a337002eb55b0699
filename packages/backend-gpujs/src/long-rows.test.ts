/**
 * Rows of k ≥ 256 take the two-stage row reductions (chunkMaxSource, chunkSumSource); the conformance suite's rows
 * are shorter, so this checks that path against the CPU backend (float64 rows rounded to float32)
 * on GPU.js's cpu mode, including masked classes, a sure outcome, and per-row τ. The WebGL2 run of
 * the same path is the bench smoke test's [8, 300] size, cross-checked against tfjs-webgl.
 */
import { CounterRng } from '@gumbel/core';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpujsBackend } from './index.js';

const backend = createGpujsBackend({ mode: 'cpu' });
const cpu = createCpuBackend({ precision: 32 });
afterAll(() => backend.destroy());

describe('long rows (two-stage logsumexp)', () => {
  for (const k of [256, 300, 1024, 1500]) {
    it(`k = ${k}: log y and y match the CPU backend; masked → −∞ / 0; a sure outcome is exactly 1`, async () => {
      const batch = 4;
      const rng = CounterRng.fromSeed(k);
      const logits = Array.from({ length: batch * k }, (_, i) => {
        const row = Math.floor(i / k);
        const j = i % k;
        if (row === 1 && j % 3 === 0) return -Infinity; // a third masked
        if (row === 2 && j !== k - 7) return -Infinity; // a sure outcome in the last chunk
        return 6 * rng.next() - 3;
      });
      const noise = Array.from({ length: batch * k }, () => -Math.log(-Math.log(rng.next())));
      for (const tau of [0.1, 1, [0.2, 0.5, 1, 3]] as const) {
        const ourTau = typeof tau === 'number' ? tau : backend.fromArray(tau, [batch]);
        const cpuTau = typeof tau === 'number' ? tau : cpu.fromArray(tau, [batch]);
        const args = { logits: backend.fromArray(logits, [batch, k]), noise: backend.fromArray(noise, [batch, k]), tau: ourTau };
        const cpuArgs = { logits: cpu.fromArray(logits, [batch, k]), noise: cpu.fromArray(noise, [batch, k]), tau: cpuTau };
        const logY = await backend.toArray(backend.relaxedLogSample(args));
        const y = await backend.toArray(backend.relaxedSample(args));
        const logYRef = await cpu.toArray(cpu.relaxedLogSample(cpuArgs));
        const yRef = await cpu.toArray(cpu.relaxedSample(cpuArgs));
        for (let i = 0; i < batch * k; i++) {
          const ref = logYRef[i] as number;
          if (ref === -Infinity) expect(logY[i], `log y[${i}]`).toBe(-Infinity);
          // float32 s up to |30|/τ = 300: rounding of s and of the logsumexp, a few ulps of 300.
          else expect(Math.abs((logY[i] as number) - ref), `log y[${i}], τ = ${String(tau)}`).toBeLessThan(1e-4 * (1 + Math.abs(ref)));
          expect(Math.abs((y[i] as number) - (yRef[i] as number)), `y[${i}]`).toBeLessThan(1e-5);
          expect(y[i] as number).toBeLessThanOrEqual(1);
        }
        expect(y[2 * k + k - 7]).toBe(1);
        expect(logY[2 * k + k - 7]).toBe(0);
      }
    });
  }
});
