import { describe, expect, it } from 'vitest';
import { bucketQuantile, decadeTicks, logBins, positiveRange, rebin, sumHistograms, toCdf } from './histogram';
import type { Histogram } from '../../../shared/domain';

const hist = (bins: Histogram['bins']): Histogram => ({ unit: 's', count: bins.reduce((s, b) => s + b[2], 0), bins });

describe('toCdf', () => {
  it('steps through every bucket bound and ends at 1', () => {
    const points = toCdf(hist([[1e-6, 2e-6, 2], [2e-6, 4e-6, 6], [4e-6, 8e-6, 2]]));
    expect(points).toEqual([
      { x: 1e-6, y: 0 },
      { x: 2e-6, y: 0.2 },
      { x: 4e-6, y: 0.8 },
      { x: 8e-6, y: 1 },
    ]);
  });
  it('places a +Inf bucket at its lower bound and folds a zero bucket into the first point', () => {
    const points = toCdf(hist([[null, 0, 1], [0, 1e-6, 1], [1e-3, null, 2]]));
    expect(points).toEqual([
      { x: 1e-6, y: 0.5 },
      { x: 1e-3, y: 1 },
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

describe('sumHistograms', () => {
  it('adds matching buckets and keeps the order', () => {
    const sum = sumHistograms([hist([[2e-6, 4e-6, 1]]), hist([[1e-6, 2e-6, 2], [2e-6, 4e-6, 3]])]);
    expect(sum).toEqual({ unit: 's', count: 6, bins: [[1e-6, 2e-6, 2], [2e-6, 4e-6, 4]] });
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
    expect(range).toEqual([2e-6, 3e-5]);
    const fractions = rebin(h, logBins(1e-6, 1e-4, 1));
    expect(fractions).toEqual([0.75, 0.25]);
  });
  it('gives decade ticks across the range', () => {
    expect(decadeTicks(3e-6, 2e-4)).toEqual([1e-6, 1e-5, 1e-4, 1e-3].map((v) => expect.closeTo(v, 12)));
  });
});
