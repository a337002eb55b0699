/**
 * The speed-up plot, like the paper's: Gumbel-Softmax steps/s over marginalisation steps/s against k,
 * ours as a line with points, the paper's two quoted end points (≈2× at k = 10, ≈9.9× at k = 100) as
 * hollow markers.
 */
import type { SpeedCell } from './speedup.js';

export const PAPER_SPEEDUP: ReadonlyArray<{ k: number; ratio: number }> = [{ k: 10, ratio: 2 }, { k: 100, ratio: 9.9 }];

export function speedupSvg(cells: readonly SpeedCell[], title: string): string {
  const W = 520, H = 340, L = 60, R = 20, T = 40, B = 50;
  const kMax = Math.max(100, ...cells.map((c) => c.k));
  const top = Math.max(10, ...cells.map((c) => c.ratio), ...PAPER_SPEEDUP.map((p) => p.ratio));
  const step = top <= 12 ? 2 : top <= 30 ? 5 : 10; // about 5–10 gridlines whatever the range
  const yMax = Math.ceil(top / step) * step;
  const x = (k: number) => L + (k / kMax) * (W - L - R);
  const y = (r: number) => H - B - (r / yMax) * (H - T - B);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`];
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>`);
  out.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`);
  for (let k = 0; k <= kMax; k += 20) out.push(`<text x="${x(k)}" y="${H - B + 16}" text-anchor="middle">${k}</text>`);
  for (let r = 0; r <= yMax; r += step) {
    out.push(`<line x1="${L}" y1="${y(r)}" x2="${W - R}" y2="${y(r)}" stroke="#eee"/><text x="${L - 6}" y="${y(r) + 4}" text-anchor="end">${r}×</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">k (classes)</text>`);
  out.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">speed-up (Gumbel steps/s ÷ marginal steps/s)</text>`);
  out.push(`<line x1="${L}" y1="${y(1)}" x2="${W - R}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 3"/>`);
  out.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${cells.map((c) => `${x(c.k)},${y(c.ratio)}`).join(' ')}"/>`);
  for (const c of cells) out.push(`<circle cx="${x(c.k)}" cy="${y(c.ratio)}" r="4" fill="#1f77b4"><title>k = ${c.k}: ${c.ratio.toFixed(2)}×</title></circle>`);
  for (const p of PAPER_SPEEDUP) out.push(`<circle cx="${x(p.k)}" cy="${y(p.ratio)}" r="5" fill="none" stroke="#d62728" stroke-width="2"/>`);
  out.push(`<circle cx="${L + 16}" cy="${T + 6}" r="4" fill="#1f77b4"/><text x="${L + 26}" y="${T + 10}">ours (tfjs-wasm)</text>`);
  out.push(`<circle cx="${L + 16}" cy="${T + 24}" r="5" fill="none" stroke="#d62728" stroke-width="2"/><text x="${L + 26}" y="${T + 28}">Jang et al. 2017 (quoted)</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
