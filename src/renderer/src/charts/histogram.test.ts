import { describe, expect, it } from 'vitest';
import { bucketQuantile, decadeTicks, logBins, positiveRange, rebin, toCdf } from './histogram';
import type { Histogram } from '../../../shared/domain';

const hist = (bins: Histogram['bins']): Histogram => ({ unit: 's', count: bins.reduce((s, b) => s + b[2], 0), bins });

/** The CDF as the chart draws it: straight segments between the points (type="linear"). */
function drawnQuantile(points: { x: number; y: number }[], q: number): number {
  const i = points.findIndex((p) => p.y >= q);
  if (i <= 0) return points[Math.max(0, i)].x;
  const [a, b] = [points[i - 1], points[i]];
  return a.x + ((q - a.y) / (b.y - a.y)) * (b.x - a.x);
}

describe('toCdf', () => {
  it('gives the fraction below every bucket bound and ends at 1', () => {
    const points = toCdf(hist([[1e-6, 2e-6, 2], [2e-6, 4e-6, 6], [4e-6, 8e-6, 2]]));
    expect(points).toEqual([
      { x: 1e-6, y: 0 },
      { x: 2e-6, y: 0.2 },
      { x: 4e-6, y: 0.8 },
      { x: 8e-6, y: 1 },
    ]);
  });
  it('crosses the median inside the bucket that holds it (a trace whose clock ticks in 64 ns steps)', () => {
    // 4454 waits of 64 ns, 6517 of 128 ns, 721 of 192 ns: the exact median is 128 ns.
    const ns = 1e-9;
    const points = toCdf(hist([[0, 64 * ns, 0], [64 * ns, 128 * ns, 4454], [128 * ns, 192 * ns, 6517], [192 * ns, 256 * ns, 721]]));
    expect(points.find((p) => p.x === 128 * ns)?.y).toBeCloseTo(4454 / 11692, 12);
    const median = drawnQuantile(points, 0.5);
    expect(median).toBeGreaterThanOrEqual(128 * ns);
    expect(median).toBeLessThan(192 * ns);
  });
  it('rises only across the buckets that hold samples', () => {
    const points = toCdf(hist([[1e-6, 2e-6, 2], [4e-6, 8e-6, 2]]));
    expect(points).toEqual([
      { x: 1e-6, y: 0 },
      { x: 2e-6, y: 0.5 },
      { x: 4e-6, y: 0.5 },
      { x: 8e-6, y: 1 },
    ]);
    expect(drawnQuantile(points, 0.75)).toBeCloseTo(6e-6, 12);
  });
  it('counts zero and negative buckets below the first positive bound, and an unbounded bucket beyond the end', () => {
    const points = toCdf(hist([[null, 0, 1], [0, 1e-6, 1], [1e-3, null, 2]]));
    expect(points).toEqual([
      { x: 1e-6, y: 0.5 },
      { x: 1e-3, y: 0.5 },
    ]);
  });
  it('is empty for an empty histogram', () => {
    expect(toCdf(hist([]))).toEqual([]);
  });
});

describe('bucketQuantile', () => {
  const h = hist([[1e-6, 2e-6, 50], [2e-6, 4e-6, 40], [4e-6, 8e-6, 9], [8e-6, null, 1]]);
  it('reports the upper bound of the bucket where the rank falls', () => {
    expect(bucketQuantile(h, 0.5)).toBe(2e-6);
    expect(bucketQuantile(h, 0.9)).toBe(4e-6);
    expect(bucketQuantile(h, 0.99)).toBe(8e-6);
  });
  it('reports the lower bound of an unbounded bucket', () => {
    expect(bucketQuantile(h, 1)).toBe(8e-6);
  });
  it('is null without samples', () => {
    expect(bucketQuantile(hist([]), 0.5)).toBeNull();
  });
});

describe('log re-binning', () => {
  it('builds bins on powers of ten', () => {
    const bins = logBins(1.5e-6, 9e-5, 1);
    expect(bins.map((b) => [b.lo, b.hi])).toEqual([[1e-6, 1e-5], [1e-5, 1e-4]].map(([lo, hi]) => [expect.closeTo(lo, 12), expect.closeTo(hi, 12)]));
  });
  it('keeps every sample and puts each bucket where its centre falls', () => {
    const h = hist([[1e-6, 2e-6, 3], [2e-5, 3e-5, 1]]);
    const range = positiveRange([h])!;
    // From the first bucket's lower bound: its upper one would cut it off the axis.
    expect(range).toEqual([1e-6, 3e-5]);
    const fractions = rebin(h, logBins(1e-6, 1e-4, 1));
    expect(fractions).toEqual([0.75, 0.25]);
  });
  it('gives decade ticks across the range', () => {
    expect(decadeTicks(3e-6, 2e-4)).toEqual([1e-6, 1e-5, 1e-4, 1e-3].map((v) => expect.closeTo(v, 12)));
  });
});
