import { describe, expect, it } from 'vitest';
import { estimatorEntry } from '@gumbel/estimators';
import { APP_ESTIMATORS, ESTIMATORS, REGISTRY_ESTIMATORS } from './estimators.js';

describe('the VAE estimators', () => {
  it('are registry estimators (@gumbel/estimators), categorical, of the kinds the VAE steps expect', () => {
    const kinds = REGISTRY_ESTIMATORS.map((id) => {
      expect(estimatorEntry(id).variable, id).toBe('categorical');
      return estimatorEntry(id).kind;
    });
    expect(kinds).toEqual(['pathwise', 'pathwise', 'pathwise', 'pathwise', 'score-function', 'score-function', 'pathwise', 'control-variate']);
  });

  it('are the registry ones plus the app-local ones, each once; the app-local ids are not registry ids', () => {
    expect(new Set(ESTIMATORS).size).toBe(ESTIMATORS.length);
    expect(ESTIMATORS.length).toBe(REGISTRY_ESTIMATORS.length + APP_ESTIMATORS.length);
    for (const id of APP_ESTIMATORS) expect(() => estimatorEntry(id), id).toThrow();
  });
});
