/** Runs every suite and renders the report; `quick` shrinks sizes and samples for the smoke test. */
import { cpus, loadavg, totalmem } from 'node:os';
import { wasmSimdAvailable } from '@gumbel/backend-cpu';
import { logLogSlope, perElementTable, ratioTable, scalingSvg, scalingTable } from './report.js';
import { categoricalSuite, noiseSuite, scalingSuite, stgsSuite } from './suites.js';
import type { Row, Settings } from './suites.js';
import { tfWasmSimd, useTfBackend } from './tfjs-peers.js';

const FULL: Settings = {
  measure: { warmup: 3, samples: 9, minMs: 25 },
  slow: { warmup: 1, samples: 5, minMs: 0 },
  noiseSize: 2 ** 20,
  stgsShapes: [[4096, 64], [256, 1024], [65536, 10]],
  scalingSizes: [2 ** 12, 2 ** 14, 2 ** 16, 2 ** 18, 2 ** 20, 2 ** 22, 2 ** 24],
  scalingK: 64,
};

const QUICK: Settings = {
  measure: { warmup: 1, samples: 3, minMs: 0 },
  slow: { warmup: 0, samples: 1, minMs: 0 },
  noiseSize: 2 ** 10,
  stgsShapes: [[16, 8], [4, 33]],
  scalingSizes: [2 ** 6, 2 ** 8],
  scalingK: 8,
};

/** One suite at full size: its table, its target ratios and the load average, printed and returned. */
async function runOnly(only: 'noise' | 'stgs', s: Settings, ours: string, loadAtStart: number, log: (line: string) => void): Promise<{ markdown: string; svg: string }> {
  const lines: string[] = [];
  if (only === 'noise') {
    const noise = await noiseSuite(s);
    const g = median(noise, `gumbel ${ours}`);
    const u = median(noise, 'uniforms only (Threefry-2x32-20), cpu wasm-simd');
    lines.push(ratioTable(noise, `gumbel ${ours}`), `Gumbel noise vs @stdlib/random-base-gumbel: ${(median(noise, '@stdlib/random-base-gumbel') / g).toFixed(1)}×; logs ${(((g - u) / u) * 100).toFixed(0)}% of the uniforms' time`);
  } else {
    const shape = s.stgsShapes[0] as readonly [number, number];
    const rows = await stgsSuite(s, shape[0], shape[1]);
    const base = median(rows, ours);
    lines.push(ratioTable(rows, ours), `ST-GS [${shape.join(', ')}] vs tfjs-wasm: ${(median(rows, 'tfjs-wasm composed ops') / base).toFixed(1)}×, vs tfjs-cpu: ${(median(rows, 'tfjs-cpu composed ops') / base).toFixed(1)}×, vs fused loop: ${(median(rows, 'fused plain-JS loop') / base).toFixed(1)}×`);
  }
  lines.push(`load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end`);
  for (const l of lines) log(l);
  return { markdown: lines.join('\n\n'), svg: '' };
}

const median = (rows: readonly Row[], label: string): number => rows.find((r) => r.label === label)?.timing.median ?? Number.NaN;

/** A target line: the measured ratio, the goal, and whether it was met. */
function target(what: string, ratio: number, goal: number): string {
  return `| ${what} | ${ratio.toFixed(1)}× | ≥ ${goal}× | ${ratio >= goal ? 'met' : '**not met**'} |`;
}

/** `only`: run just that suite and return its table (the `--only` flag of main.ts). */
export async function runBenchmarks(opts: { quick: boolean; only?: 'noise' | 'stgs' | undefined; log: (line: string) => void }): Promise<{ markdown: string; svg: string }> {
  const s = opts.quick ? QUICK : FULL;
  const { log } = opts;
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  await useTfBackend('wasm');
  const tfSimd = await tfWasmSimd();
  const ours = wasmSimdAvailable() ? 'cpu wasm-simd' : 'cpu js';
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, V8 ${process.versions.v8}, ${process.platform}/${process.arch}; tfjs 4.22 (wasm SIMD: ${tfSimd}, single-threaded)`;
  log(machine);
  if (opts.only !== undefined) return runOnly(opts.only, s, ours, loadAtStart, log);

  const noise = await noiseSuite(s);
  log(ratioTable(noise, `gumbel ${ours}`));
  const stgs: { shape: readonly [number, number]; rows: Row[] }[] = [];
  for (const shape of s.stgsShapes) {
    const rows = await stgsSuite(s, shape[0], shape[1]);
    stgs.push({ shape, rows });
    log(`ST-GS [${shape.join(', ')}]\n${ratioTable(rows, ours)}`);
  }
  const catShape = s.stgsShapes[0] as readonly [number, number];
  const categorical = categoricalSuite(s, catShape[0], catShape[1]);
  log(perElementTable(categorical, catShape[0] * catShape[1]));
  const scaling = scalingSuite(s);
  const slope = logLogSlope(scaling.points);
  log(scalingTable(scaling.points));

  const first = stgs[0]?.rows ?? [];
  const base = median(first, ours);
  const targets = [
    '| target | measured | goal | |',
    '| --- | ---: | ---: | --- |',
    target(`ST-GS fwd+bwd [${catShape.join(', ')}] vs tfjs-wasm`, median(first, 'tfjs-wasm composed ops') / base, 4),
    target(`ST-GS fwd+bwd [${catShape.join(', ')}] vs tfjs-cpu`, median(first, 'tfjs-cpu composed ops') / base, 40),
    target(`ST-GS fwd+bwd [${catShape.join(', ')}] vs fused plain-JS loop`, median(first, 'fused plain-JS loop') / base, 6),
    target(`Gumbel noise 2^${Math.log2(s.noiseSize)} vs @stdlib/random-base-gumbel`, median(noise, '@stdlib/random-base-gumbel') / median(noise, `gumbel ${ours}`), 20),
    `| cost linear in batch × k (log–log slope of time) | ${slope.toFixed(2)} | 1 ± 0.1 | ${Math.abs(slope - 1) <= 0.1 ? 'met' : '**not met**'} |`,
  ];

  const uniformsOnly = median(noise, 'uniforms only (Threefry-2x32-20), cpu wasm-simd');
  const gumbelOurs = median(noise, `gumbel ${ours}`);
  const noiseShare = median(first, '↳ of which gumbelNoise') / base;
  const notes = [
    '## Reading the targets',
    '',
    `- Noise must stay the project's stream, Threefry-2x32-20 of (key, position). On this path its uniforms alone take ${uniformsOnly.toFixed(2)} ms for 2^${Math.log2(s.noiseSize)} elements (${((uniformsOnly / gumbelOurs) * 100).toFixed(0)}% of the Gumbel noise time): 20 rounds of add/rotate/xor on i32x4 are ~104 vector instructions per 4 elements (WebAssembly SIMD has no rotate and no 256-bit vectors), and the loop runs at about the machine's 4 vector instructions per cycle, with two more positions per iteration on the scalar ALUs. The 20× target over stdlib needs the whole Gumbel draw in ${(median(noise, '@stdlib/random-base-gumbel') / 20).toFixed(2)} ms, ${(median(noise, '@stdlib/random-base-gumbel') / 20 / uniformsOnly).toFixed(2)}× the time of the uniforms alone: the two logs per element may cost at most ${((median(noise, '@stdlib/random-base-gumbel') / 20 - uniformsOnly) / uniformsOnly * 100).toFixed(0)}% of the uniforms' time; in this run they cost ${((gumbelOurs - uniformsOnly) / uniformsOnly * 100).toFixed(0)}%.`,
    `- In the ST-GS step at [${catShape.join(', ')}], drawing the noise is ${(noiseShare * 100).toFixed(0)}% of our time (rows "of which"), so the ratio to tfjs-wasm is bounded by the noise kernel whatever the softmax kernels do. (tfjs-core's randomUniform fills its buffer in JS on both tfjs backends; the logs then run in wasm.)`,
    `- The machine is shared and was loaded during this run (2 vCPUs; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end), so absolute times move between runs, wall times most, and even CPU times are inflated when another job shares the core; the ratios of CPU medians from one run are the figures to compare.`,
    '',
  ].join('\n');

  const markdown = [
    '# Benchmark results',
    '',
    `Generated by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}${opts.quick ? ' (quick smoke run: sizes too small to mean anything)' : ''}.`,
    '',
    `Machine: ${machine}.`,
    '',
    `Every figure is per call: warm-up, then ${s.measure.samples} samples (tfjs-cpu: ${s.slow.samples}), each repeating the call for ≥ ${s.measure.minMs} ms; median and min–max of the process's CPU time (user + system), with the median wall time beside it. CPU time because this machine is shared: other jobs' time slices inflate wall time by up to several times, and unevenly between suites. Every implementation is single-threaded (tfjs-wasm without threads); CPU time also counts V8's GC helper threads, which the allocating peers use. Ratios divide CPU medians by our fastest path (\`${ours}\`) in the same run. In the Gumbel noise and ST-GS tables the implementations are sampled in alternation, sample s of each before sample s + 1 of any, so the target ratios compare samples from the same stretch of machine load; tfjs-cpu (seconds per sample) and tfjs in the noise table are measured on their own afterwards, and the categorical and scaling tables one implementation after another.`,
    'Our backend runs with `out` buffers (noise, hard, soft, dLogits, dτ reused across calls); the fused plain-JS loop uses the same Threefry stream and arithmetic with Math.log/Math.exp, one pass per row, no allocation.',
    '',
    '## Targets',
    '',
    targets.join('\n'),
    '',
    notes,
    `## Gumbel noise, 2^${Math.log2(s.noiseSize)} elements`,
    '',
    ratioTable(noise, `gumbel ${ours}`),
    '',
    '## Straight-through Gumbel-Softmax, forward + backward, float32',
    '',
    'Noise, hard one-hot and soft sample, then dL/dlogits and dL/dτ for a given dL/dy (τ = 0.5).',
    '',
    ...stgs.flatMap(({ shape, rows }) => [`### [${shape.join(', ')}]`, '', ratioTable(rows, ours), '']),
    `## Exact categorical sampling, [${catShape.join(', ')}]`,
    '',
    'One sample per row. Gumbel-max draws one uniform and two logs per element; inverse CDF one exp per element and one uniform per row.',
    '',
    perElementTable(categorical, catShape[0] * catShape[1]),
    '',
    `## Scaling (ST-GS forward + backward, \`${scaling.mode}\`, k = ${s.scalingK})`,
    '',
    `Log–log slope of time against batch × k: **${slope.toFixed(2)}** (1 = linear). Plot: [scaling.svg](scaling.svg). Memory held is what the step needs at its peak: its tensors (logits, dL/dy, noise, hard, soft, dL/dlogits, dτ) plus the backend's WebAssembly arena, which is fixed (the kernels work through chunks of ≤ 2^16 elements); the last column is the growth of \`process.memoryUsage().arrayBuffers\` over one call with \`out\` buffers (0 = no allocation per call).`,
    '',
    scalingTable(scaling.points),
    '',
  ].join('\n');
  const svg = scalingSvg(scaling.points, `ST-GS forward + backward (${scaling.mode}, k = ${s.scalingK}): median time`);
  return { markdown, svg };
}
