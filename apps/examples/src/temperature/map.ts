/**
 * MAP by Adam on log p(z | y), then a Laplace approximation: the Hessian by central differences of
 * the exact gradient, its negative inverse the posterior covariance of z = (log τ, θ).
 */
import type { Evaluated } from './model.js';

export interface MapResult {
  readonly z: Float64Array;
  readonly logPosterior: number;
  /** −H⁻¹ at the mode (row-major, (k+1)²). */
  readonly covariance: Float64Array;
  readonly steps: number;
}

export function findMap(f: (z: Float64Array) => Evaluated, z0: Float64Array, { steps = 3000, rate = 0.05 } = {}): MapResult {
  const d = z0.length;
  const z = Float64Array.from(z0);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const [b1, b2] = [0.9, 0.999];
  for (let t = 1; t <= steps; t++) {
    const { gradient } = f(z);
    for (let i = 0; i < d; i++) {
      const g = gradient[i] as number;
      m[i] = b1 * (m[i] as number) + (1 - b1) * g;
      v[i] = b2 * (v[i] as number) + (1 - b2) * g * g;
      // Ascent: we maximise the log posterior.
      z[i] = (z[i] as number) + (rate * ((m[i] as number) / (1 - b1 ** t))) / (Math.sqrt((v[i] as number) / (1 - b2 ** t)) + 1e-12);
    }
  }
  return { z, logPosterior: f(z).value, covariance: laplaceCovariance(f, z), steps };
}

function laplaceCovariance(f: (z: Float64Array) => Evaluated, z: Float64Array): Float64Array {
  const d = z.length;
  const h = 1e-5;
  const hess = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const plus = Float64Array.from(z);
    const minus = Float64Array.from(z);
    plus[j] = (plus[j] as number) + h;
    minus[j] = (minus[j] as number) - h;
    const gp = f(plus).gradient;
    const gm = f(minus).gradient;
    for (let i = 0; i < d; i++) hess[i * d + j] = ((gp[i] as number) - (gm[i] as number)) / (2 * h);
  }
  // Symmetrise, negate, invert (Gauss–Jordan; d is k + 1, small).
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = -0.5 * ((hess[i * d + j] as number) + (hess[j * d + i] as number));
  return invert(a, d);
}

export function invert(a: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c] as number) > Math.abs(m[p * d + c] as number)) p = r;
    for (let j = 0; j < d; j++) {
      [m[c * d + j], m[p * d + j]] = [m[p * d + j] as number, m[c * d + j] as number];
      [inv[c * d + j], inv[p * d + j]] = [inv[p * d + j] as number, inv[c * d + j] as number];
    }
    const pivot = m[c * d + c] as number;
    for (let j = 0; j < d; j++) {
      m[c * d + j] = (m[c * d + j] as number) / pivot;
      inv[c * d + j] = (inv[c * d + j] as number) / pivot;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const factor = m[r * d + c] as number;
      for (let j = 0; j < d; j++) {
        m[r * d + j] = (m[r * d + j] as number) - factor * (m[c * d + j] as number);
        inv[r * d + j] = (inv[r * d + j] as number) - factor * (inv[c * d + j] as number);
      }
    }
  }
  return inv;
}
