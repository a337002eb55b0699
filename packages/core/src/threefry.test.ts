import { describe, expect, it } from 'vitest';
import { threefry2x32, uniformFloat32FromWord, uniformFloat64FromWords } from './threefry.js';

// Known-answer vectors of Threefry-2x32-20 from Random123's kat_vectors (also used by JAX's tests).
const KAT: ReadonlyArray<{ counter: [number, number]; key: [number, number]; out: [number, number] }> = [
  { counter: [0, 0], key: [0, 0], out: [0x6b200159, 0x99ba4efe] },
  { counter: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { counter: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] },
];

describe('threefry2x32', () => {
  it.each(KAT)('matches the Random123 known answer for key $key, counter $counter', ({ counter, key, out }) => {
    expect(threefry2x32(key[0], key[1], counter[0], counter[1])).toEqual(out);
  });
});

describe('uniform conversion', () => {
  it('maps the extreme words strictly inside (0, 1), exactly representable in float32', () => {
    const lo = uniformFloat32FromWord(0);
    const hi = uniformFloat32FromWord(0xffffffff);
    expect(lo).toBe(2 ** -24);
    expect(hi).toBe(1 - 2 ** -24);
    expect(Math.fround(lo)).toBe(lo);
    expect(Math.fround(hi)).toBe(hi);
    expect(-Math.log(-Math.log(Math.fround(hi)))).toBeLessThan(Infinity);
  });
  it('maps extreme word pairs strictly inside (0, 1) in float64', () => {
    expect(uniformFloat64FromWords(0, 0)).toBe(2 ** -53);
    expect(uniformFloat64FromWords(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53);
    expect(uniformFloat64FromWords(0xffffffff, 0xffffffff)).toBeLessThan(1);
  });
  it('gives float32 and float64 uniforms that share their top 23 bits', () => {
    const w0 = 0x9e3779b9;
    const w1 = 0x7f4a7c15;
    expect(Math.abs(uniformFloat32FromWord(w0) - uniformFloat64FromWords(w0, w1))).toBeLessThan(2 ** -23);
  });
});
