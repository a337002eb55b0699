/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11):
 * a counter-based generator. Output word pair = a keyed bijection of the counter pair, so element i
 * of a stream is computed from (key, i) alone — in parallel, in any order, and identically in JS,
 * WebAssembly and GLSL, which only need 32-bit add, xor and rotate. JAX uses the same function.
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
/** Threefish key-schedule parity constant for 32-bit words. */
const KEY_PARITY = 0x1bd11bda;

/**
 * Encrypt counter (c0, c1) under key (k0, k1). Writes the two output words into `out[at]` and
 * `out[at + 1]`; the out-parameter lets hot loops avoid allocating a pair per element.
 */
export function threefry2x32Into(out: Uint32Array, at: number, k0: number, k1: number, c0: number, c1: number): void {
  const k2 = (KEY_PARITY ^ k0 ^ k1) >>> 0;
  const ks = [k0 >>> 0, k1 >>> 0, k2];
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round & 7] as number;
    x0 = (x0 + x1) >>> 0;
    x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
    x1 = (x1 ^ x0) >>> 0;
    if ((round & 3) === 3) {
      // Key injection after every fourth round; s counts injections so far.
      const s = (round >>> 2) + 1;
      x0 = (x0 + (ks[s % 3] as number)) >>> 0;
      x1 = (x1 + (ks[(s + 1) % 3] as number) + s) >>> 0;
    }
  }
  out[at] = x0;
  out[at + 1] = x1;
}

/** Convenience form returning a fresh pair; see `threefry2x32Into` for loops. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const out = new Uint32Array(2);
  threefry2x32Into(out, 0, k0, k1, c0, c1);
  return [out[0] as number, out[1] as number];
}

const TWO_POW_MINUS_23 = 2 ** -23;
const TWO_POW_MINUS_52 = 2 ** -52;
const TWO_POW_26 = 2 ** 26;

/**
 * A float32 uniform in the open interval (0, 1) from one word: the top 23 bits plus one half ulp.
 * (x + 0.5)·2⁻²³ has 24 significant bits, so it is exact in float32, never 0 and at most 1 − 2⁻²⁴.
 * Open at both ends, so −log(−log u) is always finite.
 */
export function uniformFloat32FromWord(w0: number): number {
  return ((w0 >>> 9) + 0.5) * TWO_POW_MINUS_23;
}

/**
 * A float64 uniform in (0, 1) from two words: 26 + 26 = 52 random bits plus one half ulp, exact in a
 * double, in [2⁻⁵³, 1 − 2⁻⁵³]. Its top 23 bits are those of the float32 uniform from the same
 * words, so float32 and float64 backends given the same seed draw nearly the same numbers.
 */
export function uniformFloat64FromWords(w0: number, w1: number): number {
  return ((w0 >>> 6) * TWO_POW_26 + (w1 >>> 6) + 0.5) * TWO_POW_MINUS_52;
}
