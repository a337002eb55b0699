// WebAssembly SIMD (f32x4 / i32x4) kernels, in AssemblyScript: the Threefry noise that the CPU
// backend's `wasm-simd` path and the tfjs backend's host noise draw, and the CPU backend's row
// kernels. Compiled by scripts/build-wasm.mjs into src/kernels-wasm.ts (base64).
//
// Memory protocol: the host owns every address above heapBase(). It copies inputs in, calls a
// kernel, and copies outputs out. Every buffer has 64 bytes of slack after its end, because loops
// run in whole vectors (noise: up to 15 floats past n): a row of k classes is processed as ceil(k/4) vectors whose lanes past k are
// masked with a lane-index comparison and whose stores past the row land in the next row (rewritten
// when that row is processed) or in the slack.
//
// Numerics (float32): fast log and exp (see below) with documented error bounds; every other step
// is the reference algorithm of @gumbel/backend-cpu's src/relaxed-categorical.ts in float32 arithmetic.

// ---- constants live in memory: V8 rebuilds inline v128 constants on every loop iteration ----------
const C: usize = memory.data<f32>([
  // 0: exp. 1/ln2, ln2 hi, ln2 lo, lower clamp, upper clamp
  1.44269504088896341, 0.693145751953125, 1.42860682030941723e-6, -87.0,
  // 4: 88 (upper clamp), 1, 0.5, 1/6
  88.0, 1.0, 0.5, 0.166666666666666667,
  // 8: 1/24, 1/120, 1/720, 1/5040
  0.0416666666666666667, 0.00833333333333333333, 0.00138888888888888889, 0.000198412698412698413,
  // 12: log. sqrt(2), 1/3, 1/5, 1/7
  1.41421356237309505, 0.333333333333333333, 0.2, 0.142857142857142857,
  // 16: 1/9, 2, 2^-23, -inf
  0.111111111111111111, 2.0, 1.1920928955078125e-7, -Infinity,
  // 20: 1.5·2^23 + 127 (adding it rounds to an integer n and leaves n + 127 in the low mantissa bits), +inf, 0, 1 − 2^-24
  12583039.0, Infinity, 0.0, 0.99999994039535522,
  // 24: Gumbel, inner log2: 2/ln2 · (c0, c1, c2), where c0 + c1·s + c2·s² is the minimax fit of
  // atanh(t)/t for s = t² ≤ (3 − 2√2)² (relative error ≤ 1.19e-7; fitted with numpy); 0
  2.885390424825418, 0.9615882508614261, 0.5957826309649047, 0.0,
  // 28: Gumbel, outer natural log: 2 · (c0, c1, c2); ln2
  2.0000002377824013, 0.6665221849441669, 0.4129650508799101, 0.693147180559945309,
  // 32: −ln(ln2), 0, 0, 0
  0.366512920581664327, 0.0, 0.0, 0.0,
], 16);
const I: usize = memory.data<i32>([
  // 0: lane indices; 4: 127 (exponent bias); 8: mantissa mask; 12: 4 (lane step)
  0, 1, 2, 3, 127, 127, 127, 127, 0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff, 4, 4, 4, 4,
  // 16: 8 (two-vector step); 20: 0x3f800000 (1.0f bits); 24: 0 zero vector
  8, 8, 8, 8, 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, 0, 0, 0, 0,
  // 28: bits(1) − bits(√½), so that adding it carries into the exponent exactly when m ≥ √2; 32: bits(√½)
  0x004afb0d, 0x004afb0d, 0x004afb0d, 0x004afb0d, 0x3f3504f3, 0x3f3504f3, 0x3f3504f3, 0x3f3504f3,
  // 36: 16 (four-vector step)
  16, 16, 16, 16,
], 16);
// Per-call vectors (Threefry key schedule, τ splats) are written here once and loaded in loops.
const SCRATCH: usize = memory.data(16 * 16, 16);

@inline function ci4(i: i32): v128 { return v128.load(I + (<usize>i << 4)); }
@inline function sc(i: i32): v128 { return v128.load(SCRATCH + (<usize>i << 4)); }
@inline function splatC(i: i32): v128 { return v128.load32_splat(C + (<usize>i << 2)); }

export function heapBase(): usize { return __heap_base; }

// ---- fast float32 exp -------------------------------------------------------------------------
// exp(x) = 2^n · e^r, n = x/ln2 rounded to nearest (by adding 1.5·2^23), r = x − n·ln2 (Cody–Waite, ln2 split so n·ln2hi is exact),
// |r| ≤ ln2/2, e^r by its degree-7 Taylor polynomial in Estrin form (truncation r^8/8! ≤ 5.2e-9
// relative). Inputs are clamped to [−87, 88] so 2^n stays a normal float; results for x < −87
// (true value < 1.7e-38) are flushed to 0, x > 88 saturates at e^88. NaN propagates
// (f32x4.min/max and every arithmetic op keep NaN).
@inline function expv(x: v128): v128 {
  // pmin/pmax are single instructions and still propagate a NaN in their first operand.
  const xc = f32x4.pmin(f32x4.pmax(x, splatC(3)), splatC(4));
  const t = f32x4.add(f32x4.mul(xc, splatC(0)), splatC(20));
  const n = f32x4.sub(t, splatC(20));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splatC(1))), f32x4.mul(n, splatC(2)));
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const one = splatC(5);
  // (1 + r) + r²(1/2 + r/6) + r⁴((1/24 + r/120) + r²(1/720 + r/5040))
  const p01 = f32x4.add(one, r);
  const p23 = f32x4.add(splatC(6), f32x4.mul(r, splatC(7)));
  const p45 = f32x4.add(splatC(8), f32x4.mul(r, splatC(9)));
  const p67 = f32x4.add(splatC(10), f32x4.mul(r, splatC(11)));
  const p = f32x4.add(f32x4.add(p01, f32x4.mul(r2, p23)), f32x4.mul(r4, f32x4.add(p45, f32x4.mul(r2, p67))));
  const scale = i32x4.shl(t, 23); // 2^n: the low mantissa bits of t are n + 127
  const y = f32x4.mul(p, scale);
  // Flush below the clamp to exactly 0 (masked classes: exp(−∞) = 0).
  return v128.andnot(y, f32x4.lt(x, splatC(3)));
}

// ---- fast float32 log, for normal positive x ---------------------------------------------------
// x = m·2^e with m ∈ [√½, √2); log m = 2·atanh(t) = 2t(1 + t²/3 + t⁴/5 + t⁶/7 + t⁸/9), t = (m−1)/(m+1),
// |t| ≤ 0.1716, truncation t^10/11 ≤ 2e-9 relative; log x = e·ln2hi + (2t·P(t²) + e·ln2lo).
// Callers only pass normal positive floats (uniforms in [2^-24, 1 − 2^-24] and −log of them).
@inline function logv(x: v128): v128 {
  // Shift the mantissa range to [√½, √2) with integer ops: after adding bits(1) − bits(√½), the
  // exponent field is e (+1 when m ≥ √2) and the low bits plus bits(√½) are m.
  const bits = i32x4.add(x, ci4(7));
  const e = i32x4.sub(i32x4.shr_u(bits, 23), ci4(1));
  const m = i32x4.add(v128.and(bits, ci4(2)), ci4(8));
  const t = f32x4.div(f32x4.sub(m, splatC(5)), f32x4.add(m, splatC(5)));
  const t2 = f32x4.mul(t, t);
  const t4 = f32x4.mul(t2, t2);
  // 1 + t²/3 + t⁴(1/5 + t²/7) + t⁸/9, Estrin
  const q = f32x4.add(
    f32x4.add(splatC(5), f32x4.mul(t2, splatC(13))),
    f32x4.mul(t4, f32x4.add(f32x4.add(splatC(14), f32x4.mul(t2, splatC(15))), f32x4.mul(t4, splatC(16)))),
  );
  const ef = f32x4.convert_i32x4_s(e);
  const lm = f32x4.mul(f32x4.mul(t, splatC(17)), q);
  return f32x4.add(f32x4.mul(ef, splatC(1)), f32x4.add(lm, f32x4.mul(ef, splatC(2))));
}

@inline function vrotl(v: v128, r: i32): v128 {
  return v128.or(i32x4.shl(v, r), i32x4.shr_u(v, 32 - r));
}

// Rotation by 16 as one shuffle of 16-bit halves (V8: pshuflw + pshufhw). Rotation by 24 stays
// shift/shift/or: as a byte shuffle V8 rebuilds its 16-byte mask from immediates on every use.
@inline function vrot16(v: v128): v128 {
  return i8x16.shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}

// ---- Threefry-2x32-20 uniforms --------------------------------------------------------------
// Position p = offset + i uses counter (p mod 2^32, ⌊p/2^32⌋). `noise` splits a chunk where the low
// word wraps, so each part has one high word hi and its first round folds into per-call constants:
// round 1 turns (c + k0, hi + k1) into x0 = c + k0 + hi + k1 and x1 = rotl(hi + k1, 13) ^ x0, which
// leaves one add (the counter) and one xor per vector before round 2. Float32 uniform =
// ((w0 >>> 9) + 0.5)·2^-23, exact. Only word 0 is used, so the last round's x1 is never computed.
// The loop is bound by vector-instruction throughput (~104 per four positions, ~3.8 per cycle on
// this machine's 4 vector pipes), not latency: four independent i32x4 chains are enough to fill
// them, and the scalar ALUs, otherwise idle, compute two more positions per iteration (~7%).
const K0: i32 = 0, K1: i32 = 1, K2: i32 = 2, K2S1: i32 = 3, K0S2: i32 = 4, K1S3: i32 = 5, K2S4: i32 = 6, K0S5: i32 = 7, X0: i32 = 8, R1: i32 = 9;

function setKeys(k0: u32, k1: u32, lo: u32, hi: u32): void {
  const k2: u32 = 0x1bd11bda ^ k0 ^ k1;
  const h: u32 = hi + k1;
  v128.store(SCRATCH + 0, i32x4.splat(k0));
  v128.store(SCRATCH + 16, i32x4.splat(k1));
  v128.store(SCRATCH + 32, i32x4.splat(k2));
  v128.store(SCRATCH + 48, i32x4.splat(k2 + 1));
  v128.store(SCRATCH + 64, i32x4.splat(k0 + 2));
  v128.store(SCRATCH + 80, i32x4.splat(k1 + 3));
  v128.store(SCRATCH + 96, i32x4.splat(k2 + 4));
  v128.store(SCRATCH + 112, i32x4.splat(k0 + 5));
  // x0 after round 1 for positions lo + (0, 1, 2, 3), and the constant rotl(hi + k1, 13)
  v128.store(SCRATCH + 128, i32x4.add(i32x4.splat(lo + k0 + h), ci4(0)));
  v128.store(SCRATCH + 144, i32x4.splat(rotl<u32>(h, 13)));
}

/** Lane 0 of a per-call vector, for the scalar chains. */
@inline function sk(i: i32): u32 { return load<u32>(SCRATCH + (<usize>i << 4)); }

/** Word 0 of Threefry-2x32-20 for the position whose round-1 x0 is `x0` (scalar). */
function threefryScalar(x0: u32): u32 {
  let x1 = x0 ^ sk(R1);
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 6) ^ x0;
  x0 += sk(K1); x1 += sk(K2S1);
  x0 += x1; x1 = rotl<u32>(x1, 17) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 29) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 16) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 24) ^ x0;
  x0 += sk(K2); x1 += sk(K0S2);
  x0 += x1; x1 = rotl<u32>(x1, 13) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 6) ^ x0;
  x0 += sk(K0); x1 += sk(K1S3);
  x0 += x1; x1 = rotl<u32>(x1, 17) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 29) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 16) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 24) ^ x0;
  x0 += sk(K1); x1 += sk(K2S4);
  x0 += x1; x1 = rotl<u32>(x1, 13) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1;
  x0 += sk(K2);
  return x0;
}

// Float32 uniform ((w0 >>> 9) + 0.5)·2^-23 = (1 + (w0 >>> 9)·2^-23) − (1 − 2^-24): the first term is
// built from its bits, and the subtraction is exact (Sterbenz; the result needs ≤ 24 bits).
@inline function toUniform(w0: v128): v128 {
  return f32x4.sub(v128.or(i32x4.shr_u(w0, 9), ci4(5)), splatC(23));
}

@inline function toUniformScalar(w0: u32): f32 {
  return reinterpret<f32>((w0 >>> 9) | 0x3f800000) - reinterpret<f32>(0x3f7fffff);
}

/**
 * Uniforms for positions of one high word, out[i] for i < n rounded up to 16: each iteration runs
 * sixteen positions as four i32x4 chains from the front and two as scalar chains from the back
 * (blocks·8/9 iterations), then the few left over (< 18) as scalars.
 */
function fillUniforms(out: usize, n: i32): void {
  const end = (n + 15) & ~15;
  const iters = (end >> 1) / 9;
  let x = sc(X0);
  let y = <u32>i32x4.extract_lane(x, 0) + <u32>(iters << 4);
  let q = out + (<usize>(iters << 4) << 2);
  for (let i = 0; i < iters; i++) {
    let a0 = x;
    let b0 = i32x4.add(x, ci4(3));
    let c0 = i32x4.add(x, ci4(4));
    let d0 = i32x4.add(b0, ci4(4));
    x = i32x4.add(x, ci4(9));
    let a1 = v128.xor(a0, sc(R1)); let b1 = v128.xor(b0, sc(R1)); let c1 = v128.xor(c0, sc(R1)); let d1 = v128.xor(d0, sc(R1));
    let s0 = y, t0 = y + 1;
    y += 2;
    let s1 = s0 ^ sk(R1), t1 = t0 ^ sk(R1);
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 15), a0); b1 = v128.xor(vrotl(b1, 15), b0); c1 = v128.xor(vrotl(c1, 15), c0); d1 = v128.xor(vrotl(d1, 15), d0); s1 = rotl<u32>(s1, 15) ^ s0; t1 = rotl<u32>(t1, 15) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 26), a0); b1 = v128.xor(vrotl(b1, 26), b0); c1 = v128.xor(vrotl(c1, 26), c0); d1 = v128.xor(vrotl(d1, 26), d0); s1 = rotl<u32>(s1, 26) ^ s0; t1 = rotl<u32>(t1, 26) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 6), a0); b1 = v128.xor(vrotl(b1, 6), b0); c1 = v128.xor(vrotl(c1, 6), c0); d1 = v128.xor(vrotl(d1, 6), d0); s1 = rotl<u32>(s1, 6) ^ s0; t1 = rotl<u32>(t1, 6) ^ t0;
    a0 = i32x4.add(a0, sc(K1)); b0 = i32x4.add(b0, sc(K1)); c0 = i32x4.add(c0, sc(K1)); d0 = i32x4.add(d0, sc(K1)); s0 += sk(K1); t0 += sk(K1);
    a1 = i32x4.add(a1, sc(K2S1)); b1 = i32x4.add(b1, sc(K2S1)); c1 = i32x4.add(c1, sc(K2S1)); d1 = i32x4.add(d1, sc(K2S1)); s1 += sk(K2S1); t1 += sk(K2S1);
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 17), a0); b1 = v128.xor(vrotl(b1, 17), b0); c1 = v128.xor(vrotl(c1, 17), c0); d1 = v128.xor(vrotl(d1, 17), d0); s1 = rotl<u32>(s1, 17) ^ s0; t1 = rotl<u32>(t1, 17) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 29), a0); b1 = v128.xor(vrotl(b1, 29), b0); c1 = v128.xor(vrotl(c1, 29), c0); d1 = v128.xor(vrotl(d1, 29), d0); s1 = rotl<u32>(s1, 29) ^ s0; t1 = rotl<u32>(t1, 29) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrot16(a1), a0); b1 = v128.xor(vrot16(b1), b0); c1 = v128.xor(vrot16(c1), c0); d1 = v128.xor(vrot16(d1), d0); s1 = rotl<u32>(s1, 16) ^ s0; t1 = rotl<u32>(t1, 16) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 24), a0); b1 = v128.xor(vrotl(b1, 24), b0); c1 = v128.xor(vrotl(c1, 24), c0); d1 = v128.xor(vrotl(d1, 24), d0); s1 = rotl<u32>(s1, 24) ^ s0; t1 = rotl<u32>(t1, 24) ^ t0;
    a0 = i32x4.add(a0, sc(K2)); b0 = i32x4.add(b0, sc(K2)); c0 = i32x4.add(c0, sc(K2)); d0 = i32x4.add(d0, sc(K2)); s0 += sk(K2); t0 += sk(K2);
    a1 = i32x4.add(a1, sc(K0S2)); b1 = i32x4.add(b1, sc(K0S2)); c1 = i32x4.add(c1, sc(K0S2)); d1 = i32x4.add(d1, sc(K0S2)); s1 += sk(K0S2); t1 += sk(K0S2);
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 13), a0); b1 = v128.xor(vrotl(b1, 13), b0); c1 = v128.xor(vrotl(c1, 13), c0); d1 = v128.xor(vrotl(d1, 13), d0); s1 = rotl<u32>(s1, 13) ^ s0; t1 = rotl<u32>(t1, 13) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 15), a0); b1 = v128.xor(vrotl(b1, 15), b0); c1 = v128.xor(vrotl(c1, 15), c0); d1 = v128.xor(vrotl(d1, 15), d0); s1 = rotl<u32>(s1, 15) ^ s0; t1 = rotl<u32>(t1, 15) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 26), a0); b1 = v128.xor(vrotl(b1, 26), b0); c1 = v128.xor(vrotl(c1, 26), c0); d1 = v128.xor(vrotl(d1, 26), d0); s1 = rotl<u32>(s1, 26) ^ s0; t1 = rotl<u32>(t1, 26) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 6), a0); b1 = v128.xor(vrotl(b1, 6), b0); c1 = v128.xor(vrotl(c1, 6), c0); d1 = v128.xor(vrotl(d1, 6), d0); s1 = rotl<u32>(s1, 6) ^ s0; t1 = rotl<u32>(t1, 6) ^ t0;
    a0 = i32x4.add(a0, sc(K0)); b0 = i32x4.add(b0, sc(K0)); c0 = i32x4.add(c0, sc(K0)); d0 = i32x4.add(d0, sc(K0)); s0 += sk(K0); t0 += sk(K0);
    a1 = i32x4.add(a1, sc(K1S3)); b1 = i32x4.add(b1, sc(K1S3)); c1 = i32x4.add(c1, sc(K1S3)); d1 = i32x4.add(d1, sc(K1S3)); s1 += sk(K1S3); t1 += sk(K1S3);
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 17), a0); b1 = v128.xor(vrotl(b1, 17), b0); c1 = v128.xor(vrotl(c1, 17), c0); d1 = v128.xor(vrotl(d1, 17), d0); s1 = rotl<u32>(s1, 17) ^ s0; t1 = rotl<u32>(t1, 17) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 29), a0); b1 = v128.xor(vrotl(b1, 29), b0); c1 = v128.xor(vrotl(c1, 29), c0); d1 = v128.xor(vrotl(d1, 29), d0); s1 = rotl<u32>(s1, 29) ^ s0; t1 = rotl<u32>(t1, 29) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrot16(a1), a0); b1 = v128.xor(vrot16(b1), b0); c1 = v128.xor(vrot16(c1), c0); d1 = v128.xor(vrot16(d1), d0); s1 = rotl<u32>(s1, 16) ^ s0; t1 = rotl<u32>(t1, 16) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 24), a0); b1 = v128.xor(vrotl(b1, 24), b0); c1 = v128.xor(vrotl(c1, 24), c0); d1 = v128.xor(vrotl(d1, 24), d0); s1 = rotl<u32>(s1, 24) ^ s0; t1 = rotl<u32>(t1, 24) ^ t0;
    a0 = i32x4.add(a0, sc(K1)); b0 = i32x4.add(b0, sc(K1)); c0 = i32x4.add(c0, sc(K1)); d0 = i32x4.add(d0, sc(K1)); s0 += sk(K1); t0 += sk(K1);
    a1 = i32x4.add(a1, sc(K2S4)); b1 = i32x4.add(b1, sc(K2S4)); c1 = i32x4.add(c1, sc(K2S4)); d1 = i32x4.add(d1, sc(K2S4)); s1 += sk(K2S4); t1 += sk(K2S4);
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 13), a0); b1 = v128.xor(vrotl(b1, 13), b0); c1 = v128.xor(vrotl(c1, 13), c0); d1 = v128.xor(vrotl(d1, 13), d0); s1 = rotl<u32>(s1, 13) ^ s0; t1 = rotl<u32>(t1, 13) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 15), a0); b1 = v128.xor(vrotl(b1, 15), b0); c1 = v128.xor(vrotl(c1, 15), c0); d1 = v128.xor(vrotl(d1, 15), d0); s1 = rotl<u32>(s1, 15) ^ s0; t1 = rotl<u32>(t1, 15) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a1 = v128.xor(vrotl(a1, 26), a0); b1 = v128.xor(vrotl(b1, 26), b0); c1 = v128.xor(vrotl(c1, 26), c0); d1 = v128.xor(vrotl(d1, 26), d0); s1 = rotl<u32>(s1, 26) ^ s0; t1 = rotl<u32>(t1, 26) ^ t0;
    a0 = i32x4.add(a0, a1); b0 = i32x4.add(b0, b1); c0 = i32x4.add(c0, c1); d0 = i32x4.add(d0, d1); s0 += s1; t0 += t1;
    a0 = i32x4.add(a0, sc(K2)); b0 = i32x4.add(b0, sc(K2)); c0 = i32x4.add(c0, sc(K2)); d0 = i32x4.add(d0, sc(K2)); s0 += sk(K2); t0 += sk(K2);
    const p = out + (<usize>i << 6);
    v128.store(p, toUniform(a0));
    v128.store(p, toUniform(b0), 16);
    v128.store(p, toUniform(c0), 32);
    v128.store(p, toUniform(d0), 48);
    store<f32>(q, toUniformScalar(s0));
    store<f32>(q, toUniformScalar(t0), 4);
    q += 8;
  }
  for (let j = iters * 18; j < end; j++, y++) store<f32>(out + (<usize>j << 2), toUniformScalar(threefryScalar(y)));
}

// ---- Gumbel noise −ln(−ln u) -------------------------------------------------------------------
// −ln(−ln u) = −ln(ln2) − ln L with L = −log2 u, both logs on the reduction of logv (x = m·2^e,
// m ∈ [√½, √2), by integer adds on the bits) and t = (1 − m)/(1 + m), so that −log2 m and −ln m are
// +t·R(t²): L = −e + t·(2/ln2)·R(t²) stays relatively accurate as u → 1, and the outer log needs no
// split of e·ln2 for accuracy (|e| ≤ 5 there). R is a 3-term minimax fit (relative error ≤ 1.19e-7,
// about two float32 roundings) instead of a 5-term series: the float32 roundings dominate the error
// either way (bound in @gumbel/backend-cpu's README, checked over all 2^23 stream uniforms).
// The constants are passed in from the loop (loaded once per call) rather than reloaded per vector.

/** L = −log2 u for normal positive u. */
@inline function negLog2(u: v128, bias: v128, mask: v128, sqrtHalf: v128, e127: v128, one: v128, p0: v128, p1: v128, p2: v128): v128 {
  const bits = i32x4.add(u, bias);
  const e = i32x4.sub(e127, i32x4.shr_u(bits, 23)); // −e, as 127 − (e + 127)
  const m = i32x4.add(v128.and(bits, mask), sqrtHalf);
  const t = f32x4.div(f32x4.sub(one, m), f32x4.add(one, m));
  const s = f32x4.mul(t, t);
  return f32x4.add(f32x4.convert_i32x4_s(e), f32x4.mul(t, f32x4.add(p0, f32x4.mul(s, f32x4.add(p1, f32x4.mul(s, p2))))));
}

/** −ln(ln2) − ln L for L = −log2 u ∈ [2^-24, 24]. */
@inline function gumbelOuter(l: v128, bias: v128, mask: v128, sqrtHalf: v128, e127: v128, one: v128, q0: v128, q1: v128, q2: v128, ln2: v128, c: v128): v128 {
  const bits = i32x4.add(l, bias);
  const e = i32x4.sub(e127, i32x4.shr_u(bits, 23));
  const m = i32x4.add(v128.and(bits, mask), sqrtHalf);
  const t = f32x4.div(f32x4.sub(one, m), f32x4.add(one, m));
  const s = f32x4.mul(t, t);
  const r = f32x4.mul(t, f32x4.add(q0, f32x4.mul(s, f32x4.add(q1, f32x4.mul(s, q2)))));
  return f32x4.add(f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(e), ln2), c), r);
}

// 32 elements per iteration, then one block of 16 if n (rounded up to 16) is an odd number of
// blocks, so nothing is read or written past the caller's 16-element slack. All eight inner logs
// come before the eight outer ones: each element is one long dependency chain (two divisions, two
// Horner polynomials), and in this order the out-of-order window holds eight independent chains;
// element by element, it stalled (logs at ~55% of the uniforms' time instead of ~37%).
function gumbelTransform(inp: usize, out: usize, n: i32): void {
  const bias = ci4(7), mask = ci4(2), sqrtHalf = ci4(8), e127 = ci4(1), one = splatC(5);
  const p0 = splatC(24), p1 = splatC(25), p2 = splatC(26);
  const q0 = splatC(28), q1 = splatC(29), q2 = splatC(30), ln2 = splatC(31), c = splatC(32);
  const blocks = (n + 15) & ~15;
  let i = 0;
  for (; i + 32 <= blocks; i += 32) {
    const off = <usize>i << 2;
    const l0 = negLog2(v128.load(inp + off), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l1 = negLog2(v128.load(inp + off, 16), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l2 = negLog2(v128.load(inp + off, 32), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l3 = negLog2(v128.load(inp + off, 48), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l4 = negLog2(v128.load(inp + off, 64), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l5 = negLog2(v128.load(inp + off, 80), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l6 = negLog2(v128.load(inp + off, 96), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l7 = negLog2(v128.load(inp + off, 112), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    v128.store(out + off, gumbelOuter(l0, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c));
    v128.store(out + off, gumbelOuter(l1, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 16);
    v128.store(out + off, gumbelOuter(l2, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 32);
    v128.store(out + off, gumbelOuter(l3, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 48);
    v128.store(out + off, gumbelOuter(l4, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 64);
    v128.store(out + off, gumbelOuter(l5, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 80);
    v128.store(out + off, gumbelOuter(l6, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 96);
    v128.store(out + off, gumbelOuter(l7, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 112);
  }
  if (i < blocks) {
    const off = <usize>i << 2;
    const l0 = negLog2(v128.load(inp + off), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l1 = negLog2(v128.load(inp + off, 16), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l2 = negLog2(v128.load(inp + off, 32), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    const l3 = negLog2(v128.load(inp + off, 48), bias, mask, sqrtHalf, e127, one, p0, p1, p2);
    v128.store(out + off, gumbelOuter(l0, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c));
    v128.store(out + off, gumbelOuter(l1, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 16);
    v128.store(out + off, gumbelOuter(l2, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 32);
    v128.store(out + off, gumbelOuter(l3, bias, mask, sqrtHalf, e127, one, q0, q1, q2, ln2, c), 48);
  }
}

// Logistic log u − log(1 − u).
@inline function logisticFromUniform(u: v128): v128 {
  return f32x4.sub(logv(u), logv(f32x4.sub(splatC(5), u)));
}

// kind 1: Gumbel; kind 2: logistic. Sixteen elements per iteration (n rounded up to 16), four
// independent chains.
function transform(inp: usize, out: usize, n: i32, kind: i32): void {
  if (kind == 1) {
    gumbelTransform(inp, out, n);
    return;
  }
  for (let i = 0; i < n; i += 16) {
    const off = <usize>i << 2;
    const u0 = v128.load(inp + off);
    const u1 = v128.load(inp + off, 16);
    const u2 = v128.load(inp + off, 32);
    const u3 = v128.load(inp + off, 48);
    v128.store(out + off, logisticFromUniform(u0));
    v128.store(out + off, logisticFromUniform(u1), 16);
    v128.store(out + off, logisticFromUniform(u2), 32);
    v128.store(out + off, logisticFromUniform(u3), 48);
  }
}

/** out[i] = noise at stream position (hi·2^32 + lo) + i under key (k0, k1); n rounded up to 16. */
export function noise(out: usize, n: i32, k0: u32, k1: u32, lo: u32, hi: u32, kind: i32): void {
  // Positions lo … lo + first − 1 keep high word hi; the rest start at (0, hi + 1). The first part's
  // rounding up to 16 writes into the second's range, which the second call then overwrites.
  const room: u64 = (<u64>1 << 32) - <u64>lo;
  const first = <u64>n <= room ? n : <i32>room;
  setKeys(k0, k1, lo, hi);
  fillUniforms(out, first);
  if (first < n) {
    setKeys(k0, k1, 0, hi + 1);
    fillUniforms(out + (<usize>first << 2), n - first);
  }
  // The logs run as a second pass over the (cache-resident) chunk: interleaved with Threefry their
  // constants and long dependency chains slow the loop (~10% slower, measured again in this layout).
  if (kind != 0) transform(out, out, n, kind);
}

/** Gumbel (kind 1) or logistic (kind 2) noise from host uniforms (normal floats in (0, 1)); n rounded up to 16. */
export function fromUniforms(inp: usize, out: usize, n: i32, kind: i32): void {
  transform(inp, out, n, kind);
}

// ---- rows: s = (logits + noise)/τ, softmax / log-softmax / argmax, and the softmax VJP -------------
// A lane is masked when its logit is −∞ or it lies past the row's k classes; masked lanes carry
// s = −∞, hence e^(s − max) = 0 exactly, and are zeroed in gradients.

@inline function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * mode 0: soft = softmax(s); 1: soft and hard = one-hot argmax(logits + noise) (ties → lowest index);
 * 2: soft holds log y = s − logsumexp(s). τ of row b is at tauPtr + b·tauStride (stride 0: shared).
 * Returns how many rows have a NaN or +∞ logit or no logit above −∞ (the host then raises the
 * typed error), so logits are validated inside the first pass instead of in a pass of their own.
 */
export function softmaxRows(
  logits: usize, noisePtr: usize, hasNoise: bool, tauPtr: usize, tauStride: i32,
  batch: i32, k: i32, soft: usize, hard: usize, mode: i32,
): i32 {
  let badRows = 0;
  const nv = (k + 3) >> 2;
  const kv = i32x4.splat(k);
  for (let b = 0; b < batch; b++) {
    const row = <usize>(b * k) << 2;
    const invTau = f32x4.splat(<f32>1 / load<f32>(tauPtr + <usize>(b * tauStride)));
    let vmax = splatC(19);
    let bestV = splatC(19);
    let bestI = ci4(0);
    let idx = ci4(0);
    let bad = ci4(6);
    let live = ci4(6);
    for (let v = 0; v < nv; v++) {
      const off = row + (<usize>v << 4);
      const l = v128.load(logits + off);
      const valid = i32x4.lt_s(idx, kv);
      bad = v128.or(bad, v128.and(valid, v128.or(f32x4.ne(l, l), f32x4.eq(l, splatC(21)))));
      const liveLane = v128.andnot(valid, f32x4.eq(l, splatC(19)));
      live = v128.or(live, liveLane);
      // x = logits + noise, −∞ where masked; the argmax is taken on x itself (τ > 0 does not
      // change it, and s = x/τ would add a rounding that can merge distinct values)
      const x = v128.bitselect(hasNoise ? f32x4.add(l, v128.load(noisePtr + off)) : l, splatC(19), liveLane);
      const s = f32x4.mul(x, invTau);
      v128.store(soft + off, s);
      vmax = f32x4.pmax(vmax, s);
      if (mode == 1) {
        const gt = f32x4.gt(x, bestV);
        bestV = f32x4.pmax(bestV, x);
        bestI = v128.bitselect(idx, bestI, gt);
      }
      idx = i32x4.add(idx, ci4(3));
    }
    if (v128.any_true(bad) || !v128.any_true(live)) badRows++;
    const m = hmax(vmax);
    const mv = f32x4.splat(m);
    let vsum = ci4(6);
    for (let v = 0; v < nv; v++) {
      const p = soft + row + (<usize>v << 4);
      const e = expv(f32x4.sub(v128.load(p), mv));
      if (mode != 2) v128.store(p, e);
      vsum = f32x4.add(vsum, e);
    }
    const sum = hsum(vsum);
    if (mode == 2) {
      // (s − max) − log Σ: subtracting the max first keeps the large common offset out of the rounding
      const ls = f32x4.splat(Mathf.log(sum));
      for (let v = 0; v < nv; v++) {
        const p = soft + row + (<usize>v << 4);
        v128.store(p, f32x4.sub(f32x4.sub(v128.load(p), mv), ls));
      }
    } else {
      const inv = f32x4.splat(<f32>1 / sum);
      for (let v = 0; v < nv; v++) {
        const p = soft + row + (<usize>v << 4);
        v128.store(p, f32x4.mul(v128.load(p), inv));
      }
    }
    if (mode == 1) {
      // lanes hold the best of their own columns; the lowest index wins among equal values
      let bv = f32x4.extract_lane(bestV, 0);
      let bi = i32x4.extract_lane(bestI, 0);
      const v1 = f32x4.extract_lane(bestV, 1), i1 = i32x4.extract_lane(bestI, 1);
      if (v1 > bv || (v1 == bv && i1 < bi)) { bv = v1; bi = i1; }
      const v2 = f32x4.extract_lane(bestV, 2), i2 = i32x4.extract_lane(bestI, 2);
      if (v2 > bv || (v2 == bv && i2 < bi)) { bv = v2; bi = i2; }
      const v3 = f32x4.extract_lane(bestV, 3), i3 = i32x4.extract_lane(bestI, 3);
      if (v3 > bv || (v3 == bv && i3 < bi)) { bv = v3; bi = i3; }
      for (let v = 0; v < nv; v++) v128.store(hard + row + (<usize>v << 4), ci4(6));
      store<f32>(hard + row + (<usize>bi << 2), 1);
    }
  }
  return badRows;
}

/**
 * The VJP of y = softmax(s) back to logits and τ, from the forward output y (as a softmax's own
 * backward does) instead of recomputing it, so there is no exp in the backward pass:
 *   ds_j = y_j (dy_j − Σ_i y_i dy_i),  dlogits_j = ds_j/τ,  dτ = −(1/τ) Σ_j ds_j log y_j.
 * log y_j = (s_j − max) − log Σ, and Σ_j ds_j = 0, so Σ_j ds_j (s_j − max) replaces Σ_j ds_j log y_j:
 * the dropped term is log Σ (≤ log k) times the rounding residue of Σ_j ds_j, and the row max keeps
 * the large common offset of s out of the products. dTauRows[b] receives row b's dτ.
 */
export function softmaxVjpRows(
  logits: usize, noisePtr: usize, hasNoise: bool, tauPtr: usize, tauStride: i32,
  batch: i32, k: i32, y: usize, dy: usize, dLogits: usize, dTauRows: usize,
): i32 {
  let badRows = 0;
  const nv = (k + 3) >> 2;
  const kv = i32x4.splat(k);
  for (let b = 0; b < batch; b++) {
    const row = <usize>(b * k) << 2;
    const invTauS = <f32>1 / load<f32>(tauPtr + <usize>(b * tauStride));
    const invTau = f32x4.splat(invTauS);
    let vmax = splatC(19);
    let vdot = ci4(6);
    let idx = ci4(0);
    let bad = ci4(6);
    let live = ci4(6);
    for (let v = 0; v < nv; v++) {
      const off = row + (<usize>v << 4);
      const l = v128.load(logits + off);
      const valid = i32x4.lt_s(idx, kv);
      bad = v128.or(bad, v128.and(valid, v128.or(f32x4.ne(l, l), f32x4.eq(l, splatC(21)))));
      const liveLane = v128.andnot(valid, f32x4.eq(l, splatC(19)));
      live = v128.or(live, liveLane);
      const x = v128.bitselect(hasNoise ? f32x4.add(l, v128.load(noisePtr + off)) : l, splatC(19), liveLane);
      const s = f32x4.mul(x, invTau);
      v128.store(dLogits + off, s);
      vmax = f32x4.pmax(vmax, s);
      vdot = f32x4.add(vdot, v128.and(f32x4.mul(v128.load(y + off), v128.load(dy + off)), liveLane));
      idx = i32x4.add(idx, ci4(3));
    }
    if (v128.any_true(bad) || !v128.any_true(live)) badRows++;
    const mv = f32x4.splat(hmax(vmax));
    const dot = f32x4.splat(hsum(vdot));
    let vacc = ci4(6);
    for (let v = 0; v < nv; v++) {
      const off = row + (<usize>v << 4);
      const s = v128.load(dLogits + off);
      const masked = f32x4.eq(s, splatC(19));
      const ds = v128.andnot(f32x4.mul(v128.load(y + off), f32x4.sub(v128.load(dy + off), dot)), masked);
      vacc = f32x4.add(vacc, v128.andnot(f32x4.mul(ds, f32x4.sub(s, mv)), masked));
      v128.store(dLogits + off, f32x4.mul(ds, invTau));
    }
    store<f32>(dTauRows + (<usize>b << 2), -hsum(vacc) * invTauS);
  }
  return badRows;
}
