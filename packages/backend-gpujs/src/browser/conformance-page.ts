/**
 * Browser entry of the WebGL2 conformance run: counts live WebGL textures, runs the whole
 * conformance suite on `createGpujsBackend({ mode: 'webgl2' })` through the vitest shim, checks the
 * device noise and the conditional Gumbel against core's stream and the texture count over repeated
 * calls, and publishes everything on `globalThis.__gumbelResults` for the driver (webgl2.test.ts).
 */
import { describeBackend } from '@gumbel/conformance';
import { CounterRng, fillUniforms } from '@gumbel/core';
import { createGpujsBackend } from '../index.js';
import type { GpujsBackend } from '../index.js';
import { runRegistered } from '@gumbel/browser-testing/vitest-shim';
import type { TestResult } from '@gumbel/browser-testing/vitest-shim';
import { manifestOf } from '@gumbel/browser-testing/manifest';
import { conditionalGumbelCheck } from './conditional-check.js';
import { selectionLeakCheck } from './selection-leak-check.js';
import { countTextures } from './texture-counter.js';

const textures = countTextures();
const params = new URLSearchParams((globalThis as unknown as { location: { search: string } }).location.search);
const leakSteps = Number(params.get('leakSteps') ?? '10000');
const mode = params.get('mode') === 'webgl' ? 'webgl' : 'webgl2';

let backend: GpujsBackend | undefined;
const suite = `gpujs ${mode}`;
describeBackend({ name: suite, create: () => (backend = createGpujsBackend({ mode })) });

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function noiseChecks(b: GpujsBackend): Promise<Check[]> {
  const n = 64 * 33;
  const ref = new Float32Array(n);
  fillUniforms(ref, CounterRng.fromSeed(42).reserve(n));
  const uniforms = await b.toArray(b.uniformNoise([64, 33], 42));
  const gumbel = await b.toArray(b.gumbelNoise([64, 33], 42));
  const again = await b.toArray(b.gumbelNoise([64, 33], 42));
  let uniformMismatch = 0;
  let gumbelWorst = 0;
  for (let i = 0; i < n; i++) {
    if (uniforms[i] !== ref[i]) uniformMismatch++;
    const g = -Math.log(-Math.log(ref[i] as number));
    gumbelWorst = Math.max(gumbelWorst, Math.abs((gumbel[i] as number) - g) / (1 + Math.abs(g)));
  }
  const repeatable = gumbel.every((v, i) => v === again[i]);
  return [
    { name: 'device uniforms equal core fillUniforms bit for bit', ok: uniformMismatch === 0, detail: `${uniformMismatch} of ${n} differ` },
    // SwiftShader's float32 log: a few ulps of |g| ≤ 17; 1e-5·(1 + |g|) is float32 tolerance, not exactness.
    { name: 'device Gumbel noise = −log(−log u) of core uniforms', ok: gumbelWorst < 1e-5, detail: `worst scaled error ${gumbelWorst.toExponential(2)}` },
    { name: 'same seed ⇒ same device noise', ok: repeatable, detail: '' },
  ];
}

/** Rows of k ≥ 256 take the two-stage logsumexp: check it against a float64 host log-softmax. */
async function longRowCheck(b: GpujsBackend): Promise<Check> {
  const k = 300;
  const rng = CounterRng.fromSeed(300);
  const logits = Array.from({ length: 3 * k }, (_, i) => {
    const row = Math.floor(i / k);
    const j = i % k;
    if (row === 1 && j % 3 === 0) return -Infinity;
    if (row === 2 && j !== k - 7) return -Infinity; // a sure outcome
    return 6 * rng.next() - 3;
  });
  const t = b.fromArray(logits, [3, k]);
  const outs = [b.relaxedLogSample({ logits: t, tau: 0.5 }), b.relaxedSample({ logits: t, tau: 0.5 })] as const;
  const logY = await b.toArray(outs[0]);
  const y = await b.toArray(outs[1]);
  b.dispose(t, ...outs);
  let worst = 0;
  let bad = 0;
  for (let row = 0; row < 3; row++) {
    const s = logits.slice(row * k, (row + 1) * k).map((l) => l / 0.5);
    const m = Math.max(...s);
    const lse = m + Math.log(s.reduce((acc, v) => acc + Math.exp(v - m), 0));
    s.forEach((v, j) => {
      const i = row * k + j;
      if (v === -Infinity) {
        if (logY[i] !== -Infinity || y[i] !== 0) bad++;
      } else worst = Math.max(worst, Math.abs((logY[i] as number) - (v - lse)) / (1 + Math.abs(v - lse)));
      if ((y[i] as number) > 1) bad++;
    });
  }
  const sure = logY[2 * k + k - 7] === 0 && y[2 * k + k - 7] === 1;
  return { name: 'long rows (k = 300): log y = float64 log-softmax, masked → −∞, sure outcome exact', ok: worst < 1e-5 && bad === 0 && sure, detail: `worst scaled error ${worst.toExponential(2)}, ${bad} bad, sure ${sure}` };
}

async function leakCheck(b: GpujsBackend, steps: number): Promise<Check> {
  const logits = b.fromArray(Array.from({ length: 4 * 8 }, (_, i) => Math.sin(i)), [4, 8]);
  const dy = b.fromArray(Array.from({ length: 4 * 8 }, (_, i) => Math.cos(i)), [4, 8]);
  const uniforms = b.fromArray(Array.from({ length: 32 }, (_, i) => (i + 0.5) / 32), [4, 8]);
  const step = (s: number) => {
    // WebGL1 has no device hash (no seededNoise): there the noise comes from host uniforms.
    const noise = b.supports.seededNoise ? b.gumbelNoise([4, 8], s) : b.gumbelFromUniforms(uniforms);
    const y = b.relaxedSample({ logits, tau: 0.5, noise });
    const { dLogits, dTau } = b.relaxedSampleVjp({ logits, tau: 0.5, noise, y, dy });
    b.dispose(noise, y, dLogits, dTau);
  };
  step(0); // compile every kernel once
  const before = { textures: textures.live(), tensors: b.liveTensors, kernels: b.compiledKernels };
  for (let s = 1; s <= steps; s++) step(s);
  await b.toArray(logits);
  const after = { textures: textures.live(), tensors: b.liveTensors, kernels: b.compiledKernels };
  const ok = after.textures === before.textures && after.tensors === before.tensors && after.kernels === before.kernels;
  b.dispose(logits, dy, uniforms);
  return { name: `no growth over ${steps} relaxed sample + VJP calls`, ok, detail: `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}` };
}

async function main(): Promise<unknown> {
  const results: TestResult[] = await runRegistered((r) => console.log(`[${r.state}] ${r.name}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`));
  const b = backend as GpujsBackend;
  const checks = [
    ...(b.supports.seededNoise ? await noiseChecks(b) : []),
    ...(b.supports.conditionalGumbel ? [await conditionalGumbelCheck(b)] : []),
    await longRowCheck(b),
    await leakCheck(b, leakSteps),
    await selectionLeakCheck(b, () => textures.live(), 200),
  ];
  return { suite, manifest: manifestOf(b), mode: b.mode, fellBackToCpu: b.fellBackToCpu, userAgent: (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent, results, checks };
}

(globalThis as unknown as { __gumbelResults: Promise<unknown> }).__gumbelResults = main().catch((error: unknown) => ({
  fatal: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
}));
