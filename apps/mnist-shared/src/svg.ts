/**
 * A small hand-written SVG line chart (no dependency, no browser): apps/vae's per-run and comparison
 * plots of −ELBO, apps/semisupervised's accuracy curves. Axes with "nice" ticks, one polyline per
 * series, optional dashed horizontal reference lines (the paper's numbers), a legend on the right.
 */

export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly color: string;
  readonly dashed?: boolean;
}

export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
  readonly color: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly references?: readonly ReferenceLine[];
  /** Clip the y range (the first evaluations sit far above the rest). */
  readonly yMax?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Colours that stay distinct for up to eight series. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'] as const;

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Tick positions at 1, 2 or 5 × 10^k covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 420;
  const margin = { left: 64, right: 240, top: 36, bottom: 48 };
  const pw = width - margin.left - margin.right;
  const ph = height - margin.top - margin.bottom;
  const refs = options.references ?? [];
  const xs = options.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...options.series.flatMap((s) => s.points.map((p) => p[1])), ...refs.map((r) => r.y)].filter(Number.isFinite);
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(1, ...xs);
  let yMin = ys.length > 0 ? Math.min(...ys) : 0;
  let yMax = ys.length > 0 ? Math.max(...ys) : 1;
  if (options.yMax !== undefined) yMax = Math.min(yMax, options.yMax);
  const pad = (yMax - yMin) * 0.05 || 1;
  yMin -= pad;
  yMax += pad;
  const sx = (x: number) => margin.left + ((x - xMin) / (xMax - xMin)) * pw;
  const sy = (y: number) => margin.top + (1 - (Math.min(y, yMax) - yMin) / (yMax - yMin)) * ph;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${width / 2 - margin.right / 2}" y="20" text-anchor="middle" font-size="14">${escape(options.title)}</text>`);
  for (const t of niceTicks(yMin, yMax)) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + pw}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${margin.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  for (const t of niceTicks(xMin, xMax)) {
    out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${margin.top + ph}" y2="${margin.top + ph + 4}" stroke="black"/>`);
    out.push(`<text x="${f(sx(t))}" y="${margin.top + ph + 18}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${pw}" height="${ph}" fill="none" stroke="black"/>`);
  out.push(`<text x="${margin.left + pw / 2}" y="${height - 8}" text-anchor="middle">${escape(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${margin.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`);
  let legendY = margin.top + 8;
  const legend = (color: string, dash: boolean, label: string) => {
    const lx = margin.left + pw + 12;
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${dash ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${lx + 28}" y="${legendY + 4}">${escape(label)}</text>`);
    legendY += 18;
  };
  for (const r of refs) {
    if (r.y < yMin || r.y > yMax) continue;
    out.push(`<line x1="${margin.left}" x2="${margin.left + pw}" y1="${f(sy(r.y))}" y2="${f(sy(r.y))}" stroke="${r.color}" stroke-dasharray="5 3" stroke-width="1.5"/>`);
  }
  for (const s of options.series) {
    if (s.points.length === 0) continue;
    const pts = s.points.map(([x, y]) => `${f(sx(x))},${f(sy(y))}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 3"' : ''}/>`);
    legend(s.color, s.dashed === true, s.name);
  }
  for (const r of refs) legend(r.color, true, r.label);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
