import { describe, expect, it } from 'vitest';
import type { Histogram } from '../../../shared/domain';
import { histogramRows } from './histogram-rows';

const hist = (bins: Histogram['bins']): Histogram => ({ unit: 's', count: bins.reduce((s, b) => s + b[2], 0), bins });
const runs = [hist([[1e-6, 1.1e-6, 3], [1e-5, 1.1e-5, 1]]), hist([[2e-6, 2.1e-6, 1]])];

describe('histogramRows', () => {
  it('puts each bin at its centre with its bounds, five bins a decade', () => {
    const rows = histogramRows(runs, false);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ lo: expect.closeTo(1e-6, 15), x: expect.closeTo(Math.sqrt(rows[0].lo * rows[0].hi), 15), s0: 0.75, s1: 0 });
    expect(rows.at(-1)).toMatchObject({ hi: expect.closeTo(10 ** -4.8, 15), s0: 0.25 });
  });
  it('repeats the first and last bins at their outer edges for a step outline, so both are drawn full width', () => {
    const bars = histogramRows(runs, false);
    const outline = histogramRows(runs, true);
    expect(outline.slice(1, -1)).toEqual(bars);
    expect(outline[0]).toEqual({ ...bars[0], x: bars[0].lo });
    expect(outline.at(-1)).toEqual({ ...bars.at(-1), x: bars.at(-1)!.hi });
  });
  it('has two bins at least: a bar is as wide as the gap between two', () => {
    expect(histogramRows([hist([[1e-6, 1.1e-6, 1]])], false)).toHaveLength(2);
  });
  it("marks a bucket from 0, whose samples a log axis cannot place, in the bin of its upper bound, with its share", () => {
    // The runtime's lowest bucket: [0, 64 ns], 594 of 1,080 samples; the rest from 64 ns up.
    const sampled = hist([[0, 64e-9, 594], [64e-9, 80e-9, 10], [1e-6, 1.1e-6, 476]]);
    const rows = histogramRows([runs[0]!, sampled], false);
    const marked = rows.filter((r) => r.upTo1 !== undefined);
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ upTo1: 64e-9, from0Share1: 594 / 1080 });
    expect(marked[0]!.lo).toBeLessThanOrEqual(64e-9);
    expect(marked[0]!.hi).toBeGreaterThan(64e-9);
    // Its bin holds the bucket from 0 and the one from 64 ns beside it.
    expect(marked[0]!.s1).toBeCloseTo(604 / 1080, 10);
    expect(rows.some((r) => r.upTo0 !== undefined)).toBe(false);
  });
});
