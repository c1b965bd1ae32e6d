import { describe, expect, it } from 'vitest';
import { MMU_COLUMNS, mmuAt, mmuCell, mmuPercent, mmuQuotedText, worstWindowText, type MmuCurve } from './mmu';

// A 50 ms trace: grid points up to 46.4 ms, then the whole length.
const curve: MmuCurve = {
  flags: ['stw', 'background', 'assist'],
  points: [
    { window_s: 1e-6, mmu: 0, worst_at_s: 0.0014, err: 0 },
    { window_s: 0.001, mmu: 0.25, worst_at_s: 0.0133, err: 0.000122 },
    { window_s: 0.01, mmu: 0.33529805, worst_at_s: 0.0766, err: 0.000122 },
    { window_s: 0.046415888, mmu: 0.53, worst_at_s: 0.012, err: 0.000122 },
    { window_s: 0.05, mmu: 0.6, worst_at_s: 0, err: 0 },
  ],
};

describe('mmu', () => {
  it('finds the grid point of a quoted window, and none past the trace', () => {
    expect(mmuAt(curve, 0.01)?.mmu).toBe(0.33529805);
    expect(mmuAt(curve, 0.1)).toBeNull();
    // The whole-trace point is not a grid point, even when asked for its length.
    expect(mmuAt(curve, 0.05)).toBeNull();
  });
  it('quotes 1, 10 and 100 ms, a dash where the trace is too short', () => {
    expect(mmuQuotedText(curve)).toBe('1 ms 25.0%  10 ms 33.5%  100 ms —');
    expect(worstWindowText(curve.points[2]!)).toBe('worst 10 ms window begins at 0.077 s');
  });
  it('tables the quoted windows, then the whole trace', () => {
    expect(MMU_COLUMNS.map((c) => c.label)).toEqual(['1 ms', '10 ms', '100 ms', 'whole trace']);
    expect(MMU_COLUMNS.map((c) => mmuCell(c.at(curve)))).toEqual(['25.0%', '33.5%', '—', '60.0%']);
  });
});

describe('mmuPercent', () => {
  it('reads one decimal, and more where one would pass a GC for none or none for a GC', () => {
    expect([mmuPercent(0.33529805), mmuPercent(1), mmuPercent(0)]).toEqual(['33.5%', '100.0%', '0.0%']);
    // A run with a GC cycle and its stop-the-world pauses: not 100.0%.
    expect([mmuPercent(0.99957), mmuPercent(0.99997), mmuPercent(0.0004)]).toEqual(['99.96%', '99.997%', '0.04%']);
    expect([mmuPercent(0.9999999), mmuPercent(1e-7)]).toEqual(['>99.999%', '<0.001%']);
  });
});
