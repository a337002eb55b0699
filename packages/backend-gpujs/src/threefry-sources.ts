/**
 * Threefry-2x32-20 as source text for GPU.js kernels, one version per execution target:
 *
 * - GLSL ES 3.00 (`webgl2`, and `headlessgl` when its context is WebGL2-capable): GPU.js's own
 *   translation of `^`, `<<`, `>>>` works on floats (exact to 24 bits only), so the hash is a native
 *   function on `uint`, which GLSL ES 3.00 has with wrapping `+`, `^`, `<<`, `>>`.
 * - JavaScript (GPU.js's `cpu` mode): GPU.js copies a function's binary operators verbatim into the
 *   JS it generates, so the same rounds with `>>> 0` give exact uint32 arithmetic.
 *
 * GLSL ES 1.00 (`webgl`) has no unsigned integers; there the backend does not claim `seededNoise`.
 *
 * Both are kept as strings, not functions, so a minifier cannot rename anything inside them (GPU.js
 * would otherwise parse the minified text of `Function.prototype.toString`).
 *
 * Arguments: the key words and the block offset's two counter words, each as two 16-bit halves
 * (GPU.js passes scalars as float32, exact only below 2^24), and the element index (a float, exact
 * below 2^24 elements — the backend rejects larger noise tensors). Element i uses counter
 * (offset + i mod 2^32, ⌊(offset + i)/2^32⌋), exactly as core's `fillUniforms`; the result is
 * core's float32 uniform ((w0 >>> 9) + ½)·2⁻²³.
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const KEY_PARITY = '0x1bd11bda';

function roundsGlsl(): string {
  const lines: string[] = [];
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round % 8] as number;
    lines.push(`  x0 = x0 + x1; x1 = (x1 << ${r}u) | (x1 >> ${32 - r}u); x1 = x1 ^ x0;`);
    if (round % 4 === 3) {
      const s = (round - 3) / 4 + 1;
      lines.push(`  x0 = x0 + ks${s % 3}; x1 = x1 + ks${(s + 1) % 3} + ${s}u;`);
    }
  }
  return lines.join('\n');
}

function roundsJs(): string {
  const lines: string[] = [];
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round % 8] as number;
    lines.push(`  x0 = (x0 + x1) >>> 0; x1 = ((x1 << ${r}) | (x1 >>> ${32 - r})) >>> 0; x1 = (x1 ^ x0) >>> 0;`);
    if (round % 4 === 3) {
      const s = (round - 3) / 4 + 1;
      lines.push(`  x0 = (x0 + ks${s % 3}) >>> 0; x1 = (x1 + ks${(s + 1) % 3} + ${s}) >>> 0;`);
    }
  }
  return lines.join('\n');
}

export const THREEFRY_FUNCTION = 'gThreefryUniform';

export const THREEFRY_GLSL = `float ${THREEFRY_FUNCTION}(float k0a, float k0b, float k1a, float k1b, float c0a, float c0b, float c1a, float c1b, float index) {
  uint k0 = uint(k0a) | (uint(k0b) << 16u);
  uint k1 = uint(k1a) | (uint(k1b) << 16u);
  uint c0 = uint(c0a) | (uint(c0b) << 16u);
  uint c1 = uint(c1a) | (uint(c1b) << 16u);
  uint p0 = c0 + uint(index);
  uint p1 = c1 + (p0 < c0 ? 1u : 0u);
  uint ks0 = k0;
  uint ks1 = k1;
  uint ks2 = ${KEY_PARITY}u ^ k0 ^ k1;
  uint x0 = p0 + k0;
  uint x1 = p1 + k1;
${roundsGlsl()}
  return (float(x0 >> 9u) + 0.5) * 1.1920928955078125e-7;
}`;

export const THREEFRY_JS = `function ${THREEFRY_FUNCTION}(k0a, k0b, k1a, k1b, c0a, c0b, c1a, c1b, index) {
  const k0 = (k0a + k0b * 65536) >>> 0;
  const k1 = (k1a + k1b * 65536) >>> 0;
  const c0 = (c0a + c0b * 65536) >>> 0;
  const c1 = (c1a + c1b * 65536) >>> 0;
  const p0 = (c0 + index) >>> 0;
  const p1 = (c1 + (p0 < c0 ? 1 : 0)) >>> 0;
  const ks0 = k0;
  const ks1 = k1;
  const ks2 = (${KEY_PARITY} ^ k0 ^ k1) >>> 0;
  let x0 = (p0 + k0) >>> 0;
  let x1 = (p1 + k1) >>> 0;
${roundsJs()}
  return ((x0 >>> 9) + 0.5) * 1.1920928955078125e-7;
}`;

/** −∞, which GPU.js cannot write in a kernel (its GLSL `Infinity` is the largest finite float). */
export const NEG_INF_FUNCTION = 'gNegInf';
export const NEG_INF_GLSL3 = `float ${NEG_INF_FUNCTION}(float unused) { return -uintBitsToFloat(0x7f800000u); }`;
export const NEG_INF_GLSL1 = `float ${NEG_INF_FUNCTION}(float unused) { float zero = unused * 0.0; return -1.0 / zero; }`;
export const NEG_INF_JS = `function ${NEG_INF_FUNCTION}(unused) { return -Infinity; }`;

/**
 * ⌊i / n⌋ for the flat index i of an entry and a row length n: the entry's row. Exact integer
 * division on GLSL ES 3.00 and JS; on GLSL ES 1.00 (floats only) ⌊(i + ½)/n⌋: the half keeps the
 * quotient q at least 1/(2n) from an integer, and float32 division errs by ≤ 2⁻²⁴·q, so it stays
 * exact while i < 2²² (with margin).
 */
export const ROW_OF_FUNCTION = 'gRowOf';
export const ROW_OF_GLSL3 = `float ${ROW_OF_FUNCTION}(float i, float n) { return float(int(i) / int(n)); }`;
export const ROW_OF_GLSL1 = `float ${ROW_OF_FUNCTION}(float i, float n) { return floor((i + 0.5) / n); }`;
export const ROW_OF_JS = `function ${ROW_OF_FUNCTION}(i, n) { return Math.floor(i / n); }`;

/**
 * Rounding to float32: GPU.js's cpu mode computes in float64 and rounds only when it stores; the
 * row kernels round where the GL modes would, so every mode stores and recomputes the same numbers.
 */
export const F32_FUNCTION = 'gF32';
export const F32_GLSL = `float ${F32_FUNCTION}(float x) { return x; }`;
export const F32_JS = `function ${F32_FUNCTION}(x) { return Math.fround(x); }`;

/** Splits a uint32 into the [low, high] 16-bit halves the kernels take. */
export function halves(word: number): [number, number] {
  return [word & 0xffff, word >>> 16];
}
