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
});
