import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIXELS } from './images.js';
import { parseIdx, parseIdxHeader } from './idx.js';
import { FULL_TEST_SIZE, FULL_TRAIN_SIZE, FULL_VALID_SIZE, binarizeImages, resolveSizes } from './mnist-full.js';
import { loadFullMnist, mnistDataDir, readIdxItems } from './mnist-full-node.js';

// Written by fixtures/mnist_idx_golden.py, which reads the same files with numpy (not our parser).
const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/mnist-idx-golden.json'), 'utf8')) as {
  dims: Record<string, number[]>;
  train: Summary; valid: Summary; test: Summary;
  meanIntensity500: Record<'train' | 'valid' | 'test', number>;
  labelCounts: Record<'train' | 'valid' | 'test', number[]>;
};
interface Summary { start: number; labels: number[]; byteSums: number[]; nonzero: number[]; centre: number[] }

const idx = (type: number, dims: number[], body: number[]): Uint8Array => {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
};

describe('IDX parser', () => {
  it('reads a hand-made file: big-endian dims, row-major items', () => {
    const file = idx(0x08, [2, 1, 3], [1, 2, 3, 4, 5, 6]);
    const parsed = parseIdx(file);
    expect(parsed.dims).toEqual([2, 1, 3]);
    expect([parsed.items, parsed.itemBytes, parsed.headerBytes]).toEqual([2, 3, 16]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...parseIdx(file.subarray(0, 19), 1).data]).toEqual([1, 2, 3]);
  });

  it('refuses a wrong magic, a truncated or over-long file, a bad maxItems, naming the value', () => {
    expect(() => parseIdx(idx(0x0d, [1], [0]))).toThrow(/idx magic must be .*got "0x00000d01"/);
    expect(() => parseIdx(idx(0x08, [3], [1, 2]))).toThrow(/idx.length must be 11 bytes .*got 10/);
    expect(() => parseIdx(idx(0x08, [1], [1, 2]))).toThrow(/idx.length must be 9 bytes .*got 10/);
    expect(() => parseIdx(idx(0x08, [3], [1]), 2)).toThrow(/at least 10 bytes .*got 9/);
    expect(() => parseIdx(idx(0x08, [1], [1]), -1)).toThrow(/maxItems must be an integer ≥ 0, got -1/);
    expect(() => parseIdxHeader(new Uint8Array([0, 0, 8]))).toThrow(/idx.length must be at least 4 bytes/);
  });

  it('the package files have the dims numpy read', () => {
    const head = (name: string) => parseIdxHeader(readFileSync(join(mnistDataDir(), name)).subarray(0, 16)).dims;
    expect(head('train-images-idx3-ubyte')).toEqual(golden.dims.trainImages);
    expect(head('t10k-images-idx3-ubyte')).toEqual(golden.dims.testImages);
    expect(head('train-labels-idx1-ubyte')).toEqual(golden.dims.trainLabels);
    expect(head('t10k-labels-idx1-ubyte')).toEqual(golden.dims.testLabels);
  });
});

describe('full MNIST split (slices of the IDX files)', () => {
  const check = (name: 'train' | 'valid' | 'test', file: string, start: number) => {
    const g = golden[name];
    expect(g.start).toBe(start);
    const bytes = readIdxItems(join(mnistDataDir(), file), start, g.labels.length, PIXELS);
    for (let i = 0; i < g.labels.length; i++) {
      const img = bytes.subarray(i * PIXELS, (i + 1) * PIXELS);
      expect(img.reduce((a, b) => a + b, 0)).toBe(g.byteSums[i]);
      expect(img.filter((b) => b > 0).length).toBe(g.nonzero[i]);
      expect(img[14 * 28 + 14]).toBe(g.centre[i]);
    }
  };
  it('train, validation and test slices: bytes as numpy read them', () => {
    check('train', 'train-images-idx3-ubyte', 0);
    check('valid', 'train-images-idx3-ubyte', FULL_TRAIN_SIZE);
    check('test', 't10k-images-idx3-ubyte', 0);
    const split = loadFullMnist({ train: 8, valid: 8, test: 8 });
    expect([...split.train.labels]).toEqual(golden.train.labels);
    expect([...split.valid.labels]).toEqual(golden.valid.labels);
    expect([...split.test.labels]).toEqual(golden.test.labels);
  });

  it('50,000 / 10,000 / 10,000 digits: label counts of the whole label files', () => {
    const counts = (file: string, start: number, n: number) => {
      const c = new Array<number>(10).fill(0);
      for (const l of readIdxItems(join(mnistDataDir(), file), start, n, 1)) c[l] = (c[l] as number) + 1;
      return c;
    };
    expect(counts('train-labels-idx1-ubyte', 0, FULL_TRAIN_SIZE)).toEqual(golden.labelCounts.train);
    expect(counts('train-labels-idx1-ubyte', FULL_TRAIN_SIZE, FULL_VALID_SIZE)).toEqual(golden.labelCounts.valid);
    expect(counts('t10k-labels-idx1-ubyte', 0, FULL_TEST_SIZE)).toEqual(golden.labelCounts.test);
    expect(() => readIdxItems(join(mnistDataDir(), 't10k-labels-idx1-ubyte'), 9999, 2, 1)).toThrow(/\[9999, 10001\) requested, the file holds 10000/);
    expect(() => readIdxItems(join(mnistDataDir(), 't10k-labels-idx1-ubyte'), 0, 2, PIXELS)).toThrow(/items must be 784 bytes, the header says 1/);
  });

  it('fixed binarization: 0/1 bits, mean bit = mean intensity, the same bits in any slice', () => {
    const small = loadFullMnist({ train: 500, valid: 500, test: 500 });
    for (const set of ['train', 'valid', 'test'] as const) {
      const px = small[set].pixels;
      expect(px.every((v) => v === 0 || v === 1)).toBe(true);
      const mean = px.reduce((a, b) => a + b, 0) / px.length;
      // 392,000 independent bits, variance ≤ 1/4: sd ≤ 8e-4; 6 sd ≈ 4.8e-3.
      expect(Math.abs(mean - golden.meanIntensity500[set])).toBeLessThan(4.8e-3);
    }
    const other = loadFullMnist({ train: 7, valid: 3, test: 2 });
    expect(other.train.pixels).toEqual(small.train.pixels.subarray(0, 7 * PIXELS));
    expect(other.valid.pixels).toEqual(small.valid.pixels.subarray(0, 3 * PIXELS));
    expect(other.test.pixels).toEqual(small.test.pixels.subarray(0, 2 * PIXELS));
    // The bits depend on the image's global index: the test file's first image is not binarized
    // with the training file's first image's uniforms.
    const bytes = readIdxItems(join(mnistDataDir(), 't10k-images-idx3-ubyte'), 0, 1, PIXELS);
    expect(binarizeImages(bytes, 0, new Uint8Array(1)).pixels).not.toEqual(other.test.pixels.subarray(0, PIXELS));
  });

  it('refuses slice sizes outside a set, naming them', () => {
    expect(() => resolveSizes({ valid: 10_001 })).toThrow(/sizes.valid must be an integer in \[0, 10000\], got 10001/);
    expect(() => resolveSizes({ train: -1 })).toThrow(/sizes.train/);
    expect(resolveSizes({ test: 5 })).toEqual({ train: FULL_TRAIN_SIZE, valid: FULL_VALID_SIZE, test: 5 });
  });
});
