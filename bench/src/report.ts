/** Markdown tables and the SVG plot of the scaling run. */
import type { Row, ScalingPoint } from './suites.js';

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

/** A table of rows with ratios against `baseline` (the row whose time the others are divided by). */
export function ratioTable(rows: readonly Row[], baseline: string, ratioHeader = 'peer ÷ ours'): string {
  const base = rows.find((r) => r.label === baseline);
  const lines = [`| implementation | median ms (CPU) | min–max ms (CPU) | ${ratioHeader} | median ms (wall) |`, '| --- | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    const ratio = base === undefined ? '' : `${(r.timing.median / base.timing.median).toFixed(1)}×`;
    lines.push(`| ${r.label} | ${ms(r.timing.median)} | ${ms(r.timing.min)}–${ms(r.timing.max)} | ${ratio} | ${ms(r.timing.wallMedian)} |`);
  }
  return lines.join('\n');
}

export function perElementTable(rows: readonly Row[], elements: number): string {
  const lines = ['| sampler | median ms (CPU) | ns / element | min–max ms (CPU) |', '| --- | ---: | ---: | ---: |'];
  for (const r of rows) lines.push(`| ${r.label} | ${ms(r.timing.median)} | ${((r.timing.median * 1e6) / elements).toFixed(2)} | ${ms(r.timing.min)}–${ms(r.timing.max)} |`);
  return lines.join('\n');
}

const mib = (b: number): string => (b / 2 ** 20).toFixed(1);

export function scalingTable(points: readonly ScalingPoint[]): string {
  const lines = ['| batch × k | median ms (CPU) | min–max ms (CPU) | ns / element | memory held MiB (tensors + arena) | wasm arena KiB | ArrayBuffer growth per call (bytes) |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const p of points) {
    lines.push(`| 2^${Math.log2(p.n).toFixed(0)} | ${ms(p.timing.median)} | ${ms(p.timing.min)}–${ms(p.timing.max)} | ${((p.timing.median * 1e6) / p.n).toFixed(2)} | ${mib(p.peakBytes)} | ${(p.scratchBytes / 1024).toFixed(0)} | ${p.perCallBytes} |`);
  }
  return lines.join('\n');
}

/** Least-squares slope of log(time) against log(n): 1 means linear. */
export function logLogSlope(points: readonly ScalingPoint[]): number {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.timing.median));
  const mx = xs.reduce((a, v) => a + v, 0) / xs.length;
  const my = ys.reduce((a, v) => a + v, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/** Log–log plot of median time against batch × k, with a dashed linear reference through the middle point. */
export function scalingSvg(points: readonly ScalingPoint[], title: string): string {
  const W = 640;
  const H = 400;
  const L = 70;
  const R = 20;
  const T = 40;
  const B = 50;
  const xs = points.map((p) => Math.log2(p.n));
  const ys = points.map((p) => Math.log10(p.timing.median));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.floor(Math.min(...ys));
  const y1 = Math.ceil(Math.max(...ys));
  const px = (x: number): number => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (y: number): number => H - B - ((y - y0) / (y1 - y0 || 1)) * (H - T - B);
  const mid = Math.floor(points.length / 2);
  const ref = (x: number): number => (ys[mid] as number) + (x - (xs[mid] as number)) * Math.log10(2);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
  ];
  for (let y = y0; y <= y1; y++) {
    parts.push(`<line x1="${L}" y1="${py(y)}" x2="${W - R}" y2="${py(y)}" stroke="#ddd"/>`, `<text x="${L - 8}" y="${py(y) + 4}" text-anchor="end">${10 ** y >= 1 ? 10 ** y : (10 ** y).toPrecision(1)} ms</text>`);
  }
  for (const x of xs) parts.push(`<text x="${px(x)}" y="${H - B + 18}" text-anchor="middle">2^${x.toFixed(0)}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">batch × k (elements)</text>`);
  parts.push(`<line x1="${px(x0)}" y1="${py(ref(x0))}" x2="${px(x1)}" y2="${py(ref(x1))}" stroke="#999" stroke-dasharray="6 4"/>`);
  parts.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${xs.map((x, i) => `${px(x)},${py(ys[i] as number)}`).join(' ')}"/>`);
  xs.forEach((x, i) => parts.push(`<circle cx="${px(x)}" cy="${py(ys[i] as number)}" r="4" fill="#1f77b4"/>`));
  parts.push(`<text x="${L + 10}" y="${T + 12}" fill="#999">dashed: linear (time ∝ n)</text>`, '</svg>');
  return parts.join('\n');
}
