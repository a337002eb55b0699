import { describe, expect, it } from 'vitest';
import { loadFullMnist } from '@gumbel/mnist-shared/node';
import { chooseLabelled } from './labelled-split.js';

describe('the labelled set', () => {
  it('chooses 10 digits of each class by seed, disjoint from the unlabelled rest', () => {
    const { labels } = loadFullMnist({ train: 2000, valid: 0, test: 0 }).train;
    // The shared split's training set starts with MNIST's first training digits (LeCun's file: 5 0 4 1 9 …).
    expect(Array.from(labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
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
