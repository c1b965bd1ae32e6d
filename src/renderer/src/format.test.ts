import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDeltaPercent,
  formatDuration,
  formatDurationTick,
  formatPercent,
  formatRate,
  formatValue,
} from './format';

describe('formatDuration', () => {
  it('picks the unit by magnitude, three significant digits', () => {
    expect(formatDuration(850e-9)).toBe('850 ns');
    expect(formatDuration(1.5e-9)).toBe('1.50 ns');
    expect(formatDuration(12.34e-6)).toBe('12.3 µs');
    expect(formatDuration(4.567e-3)).toBe('4.57 ms');
    expect(formatDuration(1.2)).toBe('1.20 s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(179.6)).toBe('3m00s');
    expect(formatDuration(3599.7)).toBe('1h00m');
    expect(formatDuration(11_220)).toBe('3h07m');
    expect(formatDuration(-11_220)).toBe('−3h07m');
    // A figure no run can have had (a forged result.json's): not minutes by the billion.
    expect(formatDuration(1e300)).toBe('1.00e+300 s');
  });
  it('is exact at unit boundaries', () => {
    expect(formatDuration(1e-6)).toBe('1.00 µs');
    expect(formatDuration(1e-3)).toBe('1.00 ms');
    expect(formatDuration(1)).toBe('1.00 s');
  });
  it('prints missing values as a dash and zero with its unit', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
  });
  it('has a compact form for axis ticks', () => {
    expect(formatDurationTick(1e-6)).toBe('1µs');
    expect(formatDurationTick(1e-2)).toBe('10ms');
    expect(formatDurationTick(100e-9)).toBe('100ns');
    expect(formatDurationTick(0)).toBe('0');
  });
});

describe('counts, rates, bytes, percentages', () => {
  it('uses SI suffixes for counts and rates', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(4_500_000)).toBe('4.50M');
    expect(formatRate(61_700.1)).toBe('61.7k ops/s');
    expect(formatRate(null)).toBe('—');
  });
  it('uses binary units for bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.20 MiB');
  });
  it('formats fractions and signed deltas', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.0004)).toBe('0.04%');
    expect(formatPercent(0.00003)).toBe('<0.01%');
    expect(formatPercent(-0.00003)).toBe('>−0.01%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatDeltaPercent(12.34)).toBe('+12.3%');
    expect(formatDeltaPercent(-4)).toBe('−4.0%');
    expect(formatDeltaPercent(0)).toBe('±0.0%');
    // 938 µs → 192 ns is no fall to zero.
    expect(formatDeltaPercent(-99.97953)).toBe('−99.98%');
    expect(formatDeltaPercent(-100)).toBe('−100.0%');
  });
  it('keeps three significant digits across a rounding boundary', () => {
    expect([formatDuration(0.0099996), formatDuration(0.0200001), formatDuration(0.09996), formatDuration(0.00099996)]).toEqual(['10.0 ms', '20.0 ms', '100 ms', '1.00 ms']);
    expect([formatCount(9.996), formatCount(99.96), formatCount(9996)]).toEqual(['10.0', '100', '10.0k']);
  });
  it('formats pprof units', () => {
    expect(formatValue(1.5e9, 'nanoseconds')).toBe('1.50 s');
    expect(formatValue(2048, 'bytes')).toBe('2.00 KiB');
    expect(formatValue(1, 'goroutines')).toBe('1 goroutine');
    expect(formatValue(2, 'goroutines')).toBe('2 goroutines');
    expect(formatValue(1, 'allocs/op')).toBe('1 allocs/op'); // go test's unit, kept as printed
    expect(formatValue(0.25, 'share')).toBe('25.0%');
    expect(formatValue(42, 'count')).toBe('42');
    // Three significant digits, as gmpw's tables print them (measured): the same "6.50 threads".
    expect(formatValue(6.5, 'threads')).toBe('6.50 threads');
    expect(formatValue(0.0042, 'allocs/op')).toBe('0.00420 allocs/op');
    expect(formatValue(5.95e6, 'nanoseconds/s')).toBe('5.95 ms/s');
    expect(formatValue(2048, 'bytes/op')).toBe('2.00 KiB/op');
    expect(formatValue(1200, 'ops/s')).toBe('1.20k ops/s');
  });
});
