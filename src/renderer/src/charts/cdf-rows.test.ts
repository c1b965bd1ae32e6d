import { describe, expect, it } from 'vitest';
import { cdfRows } from './cdf-rows';

describe('cdfRows', () => {
  it('gives every curve its drawn value at every x where any curve has a point', () => {
    // Two curves with no bound in common: before, each row held only its own curve's value.
    const exact = [{ x: 1e-6, y: 0 }, { x: 1e-4, y: 1 }];
    const sampled = [{ x: 1e-5, y: 0.2 }, { x: 1e-3, y: 1 }];
    expect(cdfRows([exact, sampled])).toEqual([
      // Before its first point a curve holds that point's share: only samples at or below zero lie below it.
      { x: 1e-6, s0: 0, s1: 0.2 },
      // Straight segments on a log axis: halfway in log x between 1 µs and 100 µs is halfway up.
      { x: 1e-5, s0: expect.closeTo(0.5, 12), s1: 0.2 },
      { x: 1e-4, s0: 1, s1: expect.closeTo(0.6, 12) },
      // A curve that has reached 1 stays there.
      { x: 1e-3, s0: 1, s1: 1 },
    ]);
  });
  it('draws nothing past a curve that ends below 1 (an unbounded last bucket)', () => {
    const rows = cdfRows([[{ x: 1e-6, y: 0 }, { x: 1e-5, y: 0.9 }], [{ x: 1e-6, y: 0 }, { x: 1e-4, y: 1 }]]);
    expect(rows.map((r) => r.s0)).toEqual([0, 0.9, null]);
  });
});
