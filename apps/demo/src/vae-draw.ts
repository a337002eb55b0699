/**
 * Canvas drawing for the VAE panel: 28×28 digits (dark ink on white, value = Bernoulli mean or
 * binary pixel), the input/reconstruction strip, and the clickable 20 × 10 latent grid (a column per
 * latent, a row per class, colour = q(z_n = k | x), a white frame on the class in the code).
 */
import { viridis } from './colormap.js';

const SIDE = 28;

/** Draws one 28×28 image of values in [0, 1] at (x, y), `scale` canvas pixels per image pixel. */
export function drawDigit(ctx: CanvasRenderingContext2D, values: ArrayLike<number>, offset: number, x: number, y: number, scale: number): void {
  const image = ctx.createImageData(SIDE * scale, SIDE * scale);
  for (let row = 0; row < SIDE * scale; row++) {
    for (let col = 0; col < SIDE * scale; col++) {
      const v = values[offset + Math.floor(row / scale) * SIDE + Math.floor(col / scale)] ?? 0;
      const grey = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
      const at = 4 * (row * SIDE * scale + col);
      image.data[at] = grey;
      image.data[at + 1] = grey;
      image.data[at + 2] = grey;
      image.data[at + 3] = 255;
    }
  }
  ctx.putImageData(image, x, y);
}

export const STRIP = { scale: 2, gap: 4 } as const;

/** Size of the strip canvas for `count` digits: inputs on the top row, reconstructions below. */
export function stripSize(count: number): { width: number; height: number } {
  const cell = SIDE * STRIP.scale;
  return { width: count * cell + (count - 1) * STRIP.gap, height: 2 * cell + STRIP.gap };
}

export function drawStrip(canvas: HTMLCanvasElement, inputs: Float32Array, outputs: Float32Array, count: number, selected: number): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const cell = SIDE * STRIP.scale;
  ctx.fillStyle = '#d8dbe0';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < count; i++) {
    const x = i * (cell + STRIP.gap);
    drawDigit(ctx, inputs, i * SIDE * SIDE, x, 0, STRIP.scale);
    drawDigit(ctx, outputs, i * SIDE * SIDE, x, cell + STRIP.gap, STRIP.scale);
  }
  // The digit whose code the latent grid shows.
  ctx.strokeStyle = '#e4572e';
  ctx.lineWidth = 2;
  ctx.strokeRect(selected * (cell + STRIP.gap) + 1, 1, cell - 2, 2 * cell + STRIP.gap - 2);
}

/** Which preview digit a click at canvas x falls on (or undefined in a gap). */
export function stripHit(x: number, count: number): number | undefined {
  const cell = SIDE * STRIP.scale;
  const i = Math.floor(x / (cell + STRIP.gap));
  return i >= 0 && i < count && x - i * (cell + STRIP.gap) < cell ? i : undefined;
}

export const GRID = { cell: 18, left: 18, top: 16 } as const;

export function gridSize(latents: number, classes: number): { width: number; height: number } {
  return { width: GRID.left + latents * GRID.cell, height: GRID.top + classes * GRID.cell };
}

export function drawGrid(canvas: HTMLCanvasElement, probs: Float32Array, code: readonly number[], latents: number, classes: number): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#555';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let n = 0; n < latents; n++) if (n % 5 === 4 || n === 0) ctx.fillText(String(n + 1), GRID.left + (n + 0.5) * GRID.cell, GRID.top / 2);
  for (let k = 0; k < classes; k++) ctx.fillText(String(k), GRID.left / 2, GRID.top + (k + 0.5) * GRID.cell);
  for (let n = 0; n < latents; n++) {
    for (let k = 0; k < classes; k++) {
      const [r, g, b] = viridis(probs[n * classes + k] ?? 0);
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(GRID.left + n * GRID.cell, GRID.top + k * GRID.cell, GRID.cell - 1, GRID.cell - 1);
    }
    const k = code[n] ?? 0;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.strokeRect(GRID.left + n * GRID.cell + 2, GRID.top + k * GRID.cell + 2, GRID.cell - 5, GRID.cell - 5);
  }
}

/** The (latent, class) cell under canvas coordinates, if any. */
export function gridHit(x: number, y: number, latents: number, classes: number): { latent: number; cls: number } | undefined {
  const latent = Math.floor((x - GRID.left) / GRID.cell);
  const cls = Math.floor((y - GRID.top) / GRID.cell);
  return latent >= 0 && latent < latents && cls >= 0 && cls < classes ? { latent, cls } : undefined;
}

export const DECODED_SCALE = 5;

export function drawDecoded(canvas: HTMLCanvasElement, decoded: Float32Array): void {
  const ctx = canvas.getContext('2d');
  if (ctx !== null) drawDigit(ctx, decoded, 0, 0, 0, DECODED_SCALE);
}
