/**
 * Drawing the 2-simplex on a canvas: barycentric ↔ canvas coordinates, the density heatmap, the
 * sample cloud, the corners with hard-sample frequencies and the π marker. A chart library has no
 * ternary plot, so this one is drawn directly; the other plots use Chart.js.
 */
import { viridis } from './colormap.js';

export const SIZE = { width: 520, height: 430 };
const MARGIN = { side: 70, top: 46, bottom: 54 };
const CLASS_COLOURS = ['#e4572e', '#29335c', '#17bebb'];

/** Corners of class 1 (bottom left), 2 (bottom right), 3 (top). */
export const VERTICES: readonly (readonly [number, number])[] = (() => {
  const w = SIZE.width - 2 * MARGIN.side;
  const h = Math.min(SIZE.height - MARGIN.top - MARGIN.bottom, (w * Math.sqrt(3)) / 2);
  const bottom = MARGIN.top + h;
  return [
    [MARGIN.side, bottom],
    [MARGIN.side + w, bottom],
    [MARGIN.side + w / 2, MARGIN.top],
  ];
})();

export function toCanvas(y0: number, y1: number, y2: number): [number, number] {
  const [a, b, c] = VERTICES as [readonly [number, number], readonly [number, number], readonly [number, number]];
  return [y0 * a[0] + y1 * b[0] + y2 * c[0], y0 * a[1] + y1 * b[1] + y2 * c[1]];
}

/** Barycentric coordinates of a canvas point (may be negative outside the triangle). */
export function toBarycentric(x: number, y: number): [number, number, number] {
  const [a, b, c] = VERTICES as [readonly [number, number], readonly [number, number], readonly [number, number]];
  const det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
  const l0 = ((b[1] - c[1]) * (x - c[0]) + (c[0] - b[0]) * (y - c[1])) / det;
  const l1 = ((c[1] - a[1]) * (x - c[0]) + (a[0] - c[0]) * (y - c[1])) / det;
  return [l0, l1, 1 - l0 - l1];
}

/** Grid cells (of `step` canvas px) whose centre lies inside the triangle, as barycentric points. */
export function densityGrid(step: number): { readonly cells: { cx: number; cy: number }[]; readonly points: Float64Array } {
  const cells: { cx: number; cy: number }[] = [];
  const coords: number[] = [];
  // Points a little inside the boundary: the density is singular on the faces for τ < 1.
  const inset = 1e-3;
  for (let cy = 0; cy < SIZE.height / step; cy++) {
    for (let cx = 0; cx < SIZE.width / step; cx++) {
      const bary = toBarycentric((cx + 0.5) * step, (cy + 0.5) * step);
      if (bary.some((v) => v < inset)) continue;
      cells.push({ cx, cy });
      coords.push(...bary);
    }
  }
  return { cells, points: Float64Array.from(coords) };
}

function trianglePath(ctx: CanvasRenderingContext2D): void {
  ctx.beginPath();
  VERTICES.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
}

export interface SimplexScene {
  readonly heat?: { readonly step: number; readonly cells: readonly { cx: number; cy: number }[]; readonly logDensity: ArrayLike<number> };
  readonly soft: ArrayLike<number>;
  readonly maxDots: number;
  readonly counts: readonly number[];
  readonly pi: readonly number[];
}

/** The log-density range shown: the top 10 nats (e^-10 of the peak is invisible anyway). */
const HEAT_RANGE = 10;

export function drawSimplex(canvas: HTMLCanvasElement, scene: SimplexScene): { heatMax: number } {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = SIZE.width * ratio;
  canvas.height = SIZE.height * ratio;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2-D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, SIZE.width, SIZE.height);

  let heatMax = Number.NaN;
  if (scene.heat !== undefined) {
    const { step, cells, logDensity } = scene.heat;
    heatMax = -Infinity;
    for (let i = 0; i < cells.length; i++) if (Number.isFinite(logDensity[i])) heatMax = Math.max(heatMax, logDensity[i] as number);
    const small = document.createElement('canvas');
    small.width = Math.ceil(SIZE.width / step);
    small.height = Math.ceil(SIZE.height / step);
    const sctx = small.getContext('2d');
    if (sctx === null) throw new Error('no 2-D canvas context');
    const image = sctx.createImageData(small.width, small.height);
    cells.forEach(({ cx, cy }, i) => {
      const v = logDensity[i] as number;
      const t = Number.isFinite(v) ? Math.min(1, Math.max(0, 1 - (heatMax - v) / HEAT_RANGE)) : 0;
      const [r, g, b] = viridis(t);
      const o = 4 * (cy * small.width + cx);
      image.data.set([r, g, b, 255], o);
    });
    sctx.putImageData(image, 0, 0);
    ctx.save();
    trianglePath(ctx);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, small.width * step, small.height * step);
    ctx.restore();
  }

  ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.lineWidth = 0.5;
  const n = Math.min(scene.maxDots, scene.soft.length / 3);
  for (let r = 0; r < n; r++) {
    const [x, y] = toCanvas(scene.soft[3 * r] as number, scene.soft[3 * r + 1] as number, scene.soft[3 * r + 2] as number);
    ctx.beginPath();
    ctx.arc(x, y, 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  trianglePath(ctx);
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1.5;
  ctx.stroke();

  const total = scene.counts.reduce((a, b) => a + b, 0);
  ctx.font = '13px system-ui, sans-serif';
  VERTICES.forEach(([x, y], i) => {
    const freq = total > 0 ? (scene.counts[i] ?? 0) / total : 0;
    const below = i < 2;
    const ty = below ? y + 22 : y - 26;
    ctx.textAlign = i === 0 ? 'left' : i === 1 ? 'right' : 'center';
    const tx = i === 0 ? x - 55 : i === 1 ? x + 55 : x;
    ctx.fillStyle = CLASS_COLOURS[i] ?? '#000';
    ctx.fillText(`class ${i + 1}: hard ${freq.toFixed(3)}`, tx, ty);
    ctx.fillStyle = '#444';
    ctx.fillText(`π = ${(scene.pi[i] ?? 0).toFixed(3)}`, tx, ty + 16);
    // Hard samples sit exactly on the corners: a disc whose area grows with the frequency.
    ctx.beginPath();
    ctx.arc(x, y, 3 + 14 * Math.sqrt(freq), 0, 2 * Math.PI);
    ctx.fillStyle = CLASS_COLOURS[i] ?? '#000';
    ctx.globalAlpha = 0.8;
    ctx.fill();
    ctx.globalAlpha = 1;
  });

  const [px, py] = toCanvas(scene.pi[0] ?? 0, scene.pi[1] ?? 0, scene.pi[2] ?? 0);
  ctx.save();
  ctx.translate(px, py);
  ctx.rotate(Math.PI / 4);
  ctx.fillStyle = '#ffcc00';
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 1.5;
  ctx.fillRect(-6, -6, 12, 12);
  ctx.strokeRect(-6, -6, 12, 12);
  ctx.restore();
  return { heatMax };
}

/** A horizontal colour bar for the heatmap legend. */
export function drawColourBar(canvas: HTMLCanvasElement, heatMax: number): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = viridis(x / (width - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x, 0, 1, height);
  }
  canvas.title = `log density from ${(heatMax - HEAT_RANGE).toFixed(1)} to ${heatMax.toFixed(1)}`;
}

export { HEAT_RANGE };
