/**
 * Threefry-2x32-20 written out for the plain-JS reference loops: the same stream as @gumbel/core
 * (word 0 of the encrypted counter (position, 0) under key (k0, k1)), with no array per call, so
 * the loops measure arithmetic rather than allocation. Positions stay below 2^32 here.
 */
const R = [13, 15, 26, 6, 17, 29, 16, 24];

export function threefryWord0(k0: number, k1: number, position: number): number {
  const k2 = (0x1bd11bda ^ k0 ^ k1) >>> 0;
  let x0 = (position + k0) | 0;
  let x1 = k1 | 0;
  for (let block = 0; block < 5; block++) {
    for (let j = 0; j < 4; j++) {
      const r = R[(block * 4 + j) & 7] as number;
      x0 = (x0 + x1) | 0;
      x1 = ((x1 << r) | (x1 >>> (32 - r))) ^ x0;
    }
    const s = block + 1;
    const ka = s % 3 === 0 ? k0 : s % 3 === 1 ? k1 : k2;
    const kb = (s + 1) % 3 === 0 ? k0 : (s + 1) % 3 === 1 ? k1 : k2;
    x0 = (x0 + ka) | 0;
    x1 = (x1 + kb + s) | 0;
  }
  return x0 >>> 0;
}

/** The float32 uniform of the stream: ((w0 >>> 9) + 0.5)·2^-23. */
export function uniformAt(k0: number, k1: number, position: number): number {
  return ((threefryWord0(k0, k1, position) >>> 9) + 0.5) * 1.1920928955078125e-7;
}
