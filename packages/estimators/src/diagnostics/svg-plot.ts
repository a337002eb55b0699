/**
 * A small SVG writer for the bias/variance report: two panels over log τ — relative L2 bias of the
 * mean gradient and total variance, both on log axes — with one line per estimator; τ-free
 * estimators are dashed horizontal lines. Hand-written because the libraries that emit SVG in Node
 * either need a DOM (d3) or bring dozens of dependencies (vega) for one static chart.
 */
import type { BiasVarianceReport, ReportRow } from './bias-variance.js';

// 16 distinct colours: the report has 14 categorical rows, so no two lines share a colour.
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#17becf', '#9467bd', '#8c564b', '#e377c2', '#ff7f0e', '#bcbd22', '#7f7f7f', '#000000', '#6a3d9a', '#b15928', '#1b9e77', '#e7298a', '#66a61e'];
const WIDTH = 980;
const PANEL = { width: 400, height: 300, top: 50, left: 70, gap: 90 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(2).replace(/\.?0+$/, '');
}

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
}

function project(axis: Axis, value: number, length: number): number {
  const t = axis.log ? (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min)) : (value - axis.min) / (axis.max - axis.min);
  return Math.min(1, Math.max(0, t)) * length;
}

function ticks(axis: Axis): number[] {
  if (axis.log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(axis.min)); e <= Math.ceil(Math.log10(axis.max)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= axis.min * 0.999 && v <= axis.max * 1.001) out.push(v);
      }
    }
    return out;
  }
  const step = (axis.max - axis.min) / 5;
  return Array.from({ length: 6 }, (_, i) => axis.min + i * step);
}

function panel(x0: number, title: string, xAxis: Axis, yAxis: Axis, xTicks: number[], series: { label: string; color: string; dashed: boolean; points: [number, number][] }[]): string {
  const { width, height, top } = PANEL;
  const px = (v: number): number => x0 + project(xAxis, v, width);
  const py = (v: number): number => top + height - project(yAxis, v, height);
  const parts: string[] = [`<text x="${x0 + width / 2}" y="${top - 18}" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`];
  parts.push(`<rect x="${x0}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#333"/>`);
  for (const t of xTicks) {
    const x = px(t);
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + height}" stroke="#eee"/>`, `<text x="${x}" y="${top + height + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of ticks(yAxis)) {
    const y = py(t);
    parts.push(`<line x1="${x0}" y1="${y}" x2="${x0 + width}" y2="${y}" stroke="#eee"/>`, `<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  parts.push(`<text x="${x0 + width / 2}" y="${top + height + 36}" text-anchor="middle">τ (log scale)</text>`);
  for (const s of series) {
    const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (!s.dashed) for (const [x, y] of s.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  return parts.join('\n');
}

/** Renders the report as a standalone SVG document. */
export function renderReportSvg(report: BiasVarianceReport): string {
  const names = [...new Set(report.rows.map((r) => r.estimator))];
  const byName = (name: string): ReportRow[] => report.rows.filter((r) => r.estimator === name);
  const taus = report.taus;
  const xAxis: Axis = { min: Math.min(...taus), max: Math.max(...taus), log: true };
  const logAxis = (values: number[]): Axis => {
    const positive = values.filter((v) => v > 0);
    return { min: 10 ** Math.floor(Math.log10(Math.min(...positive))), max: 10 ** Math.ceil(Math.log10(Math.max(...positive))), log: true };
  };
  const biasAxis = logAxis(report.rows.map((r) => r.relativeL2));
  const varAxis = logAxis(report.rows.map((r) => r.totalVariance));
  const series = (metric: (r: ReportRow) => number) =>
    names.map((name, i) => {
      const rows = byName(name);
      return { label: name, color: PALETTE[i % PALETTE.length] as string, dashed: !(rows[0]?.usesTau ?? true), points: rows.map((r) => [r.tau, metric(r)] as [number, number]) };
    });
  const left = PANEL.left;
  const right = PANEL.left + PANEL.width + PANEL.gap;
  const legendTop = PANEL.top + PANEL.height + 60;
  const legend = names.map((name, i) => {
    const x = left + (i % 4) * 220;
    const y = legendTop + Math.floor(i / 4) * 20;
    const dashed = !(byName(name)[0]?.usesTau ?? true);
    return `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${x + 34}" y="${y + 4}">${escapeXml(name)}</text>`;
  });
  const height = legendTop + Math.ceil(names.length / 4) * 20 + 50;
  const captions = [
    `Toy problem: ${report.problem.description}.`,
    `n = ${report.draws} draws per point, backend ${report.backend.name}/${report.backend.mode} float${report.backend.floatPrecision}, seed ${report.seed}. Dashed: no τ (score function, DARN, MuProp, VIMCO).`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(left, 'Bias: ‖mean − exact‖ / ‖exact‖ (log scale)', xAxis, biasAxis, taus, series((r) => r.relativeL2)),
    panel(right, 'Variance: Σ_j Var(ĝ_j) (log scale)', xAxis, varAxis, taus, series((r) => r.totalVariance)),
    ...legend,
    ...captions.map((c, i) => `<text x="${left}" y="${height - 30 + i * 16}" font-size="11" fill="#444">${escapeXml(c)}</text>`),
    '</svg>',
    '',
  ].join('\n');
}
