import { describe, expect, it } from 'vitest';
import { estimatorEntry } from '@gumbel/estimators';
import { ESTIMATORS } from './estimators.js';

describe('the VAE estimators', () => {
  it('are registry estimators (@gumbel/estimators), categorical, of the kinds the VAE steps expect', () => {
    const kinds = ESTIMATORS.map((id) => {
      expect(estimatorEntry(id).variable, id).toBe('categorical');
      return estimatorEntry(id).kind;
    });
    expect(kinds).toEqual(['pathwise', 'pathwise', 'pathwise', 'pathwise', 'score-function', 'score-function']);
  });
});
