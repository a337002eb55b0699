/**
 * A seeded, splittable random stream over Threefry-2x32. Its whole state is (key, position), so it
 * serialises to JSON, clones for free, and hands a backend a block of positions to fill in parallel
 * (`reserve`): every backend that fills the same block gets the same uniforms.
 */
import { GumbelRangeError, GumbelTypeError, UnsupportedOperationError } from './errors.js';
import { threefry2x32, threefry2x32Into, uniformFloat32FromWord, uniformFloat64FromWords } from './threefry.js';
import { validateSeed, MAX_SEED } from './validate.js';

const TWO_POW_32 = 2 ** 32;
/**
 * Counter word 1 of ordinary draws stays below 2^21 (positions < 2^53), so counters with word 1 =
 * 0xffffffff are never drawn and can derive child keys without overlapping any stream.
 */
const SPLIT_MARKER = 0xffffffff;

/** The serialisable state of a `CounterRng`. */
export interface CounterRngState {
  /** The Threefry key as two unsigned 32-bit words. */
  readonly key: readonly [number, number];
  /** Index of the next element to draw (an integer below 2^53). */
  readonly position: number;
  /** How many child streams `split()` has made so far. */
  readonly splits: number;
}

/** A block of stream positions [offset, offset + length) under one key: what a kernel fills. */
export interface RandomBlock {
  readonly key: readonly [number, number];
  readonly offset: number;
  readonly length: number;
}

/** A fresh seed from the platform's cryptographic generator (Node ≥ 19 and browsers have it). */
export function freshSeed(): number {
  // Typed locally: core compiles without DOM or Node type libraries.
  const { crypto } = globalThis as { crypto?: { getRandomValues(words: Uint32Array): Uint32Array } };
  if (crypto === undefined) {
    throw new UnsupportedOperationError('core', 'freshSeed', 'globalThis.crypto is missing; pass an explicit seed');
  }
  const words = new Uint32Array(2);
  crypto.getRandomValues(words);
  return ((words[0] as number) & 0x1fffff) * TWO_POW_32 + (words[1] as number);
}

function isWord(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_POW_32;
}

export class CounterRng {
  #k0: number;
  #k1: number;
  #position: number;
  #splits: number;

  private constructor(k0: number, k1: number, position: number, splits: number) {
    this.#k0 = k0;
    this.#k1 = k1;
    this.#position = position;
    this.#splits = splits;
  }

  /** A stream from a seed (an integer in [0, 2^53 − 1]; 0 is a seed like any other). */
  static fromSeed(seed: number): CounterRng {
    validateSeed(seed);
    return new CounterRng(seed % TWO_POW_32, Math.floor(seed / TWO_POW_32), 0, 0);
  }

  /** `seed ?? freshSeed()`: an omitted seed means a fresh one, never a falsy-coerced default. */
  static create(seed?: number): CounterRng {
    return CounterRng.fromSeed(seed ?? freshSeed());
  }

  static fromState(state: CounterRngState): CounterRng {
    if (typeof state !== 'object' || state === null) throw new GumbelTypeError('state', state, 'a CounterRngState object');
    const key: unknown = state.key;
    if (!Array.isArray(key) || key.length !== 2 || !isWord(key[0]) || !isWord(key[1])) {
      throw new GumbelTypeError('state.key', key, 'two unsigned 32-bit integers');
    }
    if (!Number.isInteger(state.position) || state.position < 0 || state.position > MAX_SEED) {
      throw new GumbelRangeError('state.position', state.position, `an integer in [0, ${MAX_SEED}]`);
    }
    if (!Number.isInteger(state.splits) || state.splits < 0 || state.splits >= SPLIT_MARKER) {
      throw new GumbelRangeError('state.splits', state.splits, 'a non-negative integer below 2^32 − 1');
    }
    return new CounterRng(key[0], key[1], state.position, state.splits);
  }

  get key(): readonly [number, number] {
    return [this.#k0, this.#k1];
  }

  get position(): number {
    return this.#position;
  }

  getState(): CounterRngState {
    return { key: [this.#k0, this.#k1], position: this.#position, splits: this.#splits };
  }

  /** An independent copy at the same position: both produce the same future draws. */
  clone(): CounterRng {
    return new CounterRng(this.#k0, this.#k1, this.#position, this.#splits);
  }

  /**
   * A child stream with its own key, derived by encrypting a counter that ordinary draws never use.
   * Children of one parent are distinct from each other and from the parent.
   */
  split(): CounterRng {
    const [c0, c1] = threefry2x32(this.#k0, this.#k1, this.#splits, SPLIT_MARKER);
    this.#splits += 1;
    return new CounterRng(c0, c1, 0, 0);
  }

  /**
   * Claim the next `length` positions of the stream for a kernel to fill and advance past them.
   * Position p uses counter (p mod 2^32, ⌊p / 2^32⌋).
   */
  reserve(length: number): RandomBlock {
    if (!Number.isInteger(length) || length < 0) throw new GumbelRangeError('length', length, 'a non-negative integer');
    if (this.#position + length > MAX_SEED) {
      throw new GumbelRangeError('length', length, `at most ${MAX_SEED - this.#position} (the stream is exhausted)`);
    }
    const block: RandomBlock = { key: [this.#k0, this.#k1], offset: this.#position, length };
    this.#position += length;
    return block;
  }

  /** The next float64 uniform in (0, 1). */
  next(): number {
    const block = this.reserve(1);
    return uniformAt(block.key, block.offset, 64);
  }

  /** Fill `out` with uniforms in (0, 1) of its own precision, advancing the stream. */
  fill<A extends Float32Array | Float64Array>(out: A): A {
    fillUniforms(out, this.reserve(out.length));
    return out;
  }
}

/** The uniform at stream position `position` under `key`, in the given precision. */
export function uniformAt(key: readonly [number, number], position: number, precision: 32 | 64): number {
  const words = new Uint32Array(2);
  threefry2x32Into(words, 0, key[0], key[1], position % TWO_POW_32, Math.floor(position / TWO_POW_32));
  return precision === 32
    ? uniformFloat32FromWord(words[0] as number)
    : uniformFloat64FromWords(words[0] as number, words[1] as number);
}

/**
 * Fill `out[i]` with the uniform at position `block.offset + i`; float32 arrays take the float32
 * conversion. The plain-JS reference for every backend's noise kernel.
 */
export function fillUniforms(out: Float32Array | Float64Array, block: RandomBlock): void {
  if (out.length !== block.length) throw new GumbelRangeError('out.length', out.length, `equal to the block length ${block.length}`);
  const [k0, k1] = block.key;
  const words = new Uint32Array(2);
  const single = out instanceof Float32Array;
  for (let i = 0; i < out.length; i++) {
    const p = block.offset + i;
    threefry2x32Into(words, 0, k0, k1, p % TWO_POW_32, Math.floor(p / TWO_POW_32));
    out[i] = single
      ? uniformFloat32FromWord(words[0] as number)
      : uniformFloat64FromWords(words[0] as number, words[1] as number);
  }
}

/** Where noise comes from: a seed (a fresh stream at position 0) or a stream that advances. */
export type RandomSource = number | CounterRng;

/** Turn a `RandomSource` into a block of `length` positions. A seed always gives offset 0. */
export function reserveFrom(source: RandomSource, length: number, argument = 'seed'): RandomBlock {
  if (source instanceof CounterRng) return source.reserve(length);
  validateSeed(source, argument);
  return CounterRng.fromSeed(source).reserve(length);
}
