import { describe, expect, it } from 'vitest';
import { quantileIsMaximum } from './thin-quantile';

describe('quantileIsMaximum', () => {
  it('is true when the nearest rank is the last sample, whatever floating point makes of q·n', () => {
    expect([quantileIsMaximum(0.99, 99), quantileIsMaximum(0.99, 100), quantileIsMaximum(0.999, 999), quantileIsMaximum(0.999, 1000)]).toEqual([true, false, true, false]);
    // 0.9 × 10 is 9.000000000000002: the p90 of 10 samples is their 9th, not their largest.
    expect([quantileIsMaximum(0.9, 10), quantileIsMaximum(0.9, 9), quantileIsMaximum(0.5, 2), quantileIsMaximum(0.5, 1)]).toEqual([false, true, false, true]);
  });
});
