import { describe, expect, it } from 'vitest';
import { niceTicks, timeTickFormatter, zeroBasedTicks } from './ticks';

describe('niceTicks', () => {
  it('covers the range with round values 1, 2 or 5 × 10^k apart', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.05, 0.72)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 3.7e-4)).toEqual([0, 1e-4, 2e-4, 3e-4, 4e-4]);
    expect(niceTicks(0, 1_234_567, 4)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
  });
  it('gives one tick for a single point and none for a missing range', () => {
    expect(niceTicks(0.5, 0.5)).toEqual([0.5]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('zeroBasedTicks', () => {
  it('runs from 0 to the largest value, and 0..1 when nothing rose above 0', () => {
    expect(zeroBasedTicks(37, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(zeroBasedTicks(0, 4)).toEqual([0, 0.5, 1]);
  });
  it('keeps ticks of counted things whole', () => {
    expect(zeroBasedTicks(2, 4, true)).toEqual([0, 1, 2]);
    expect(zeroBasedTicks(1.5, 4, true)).toEqual([0, 1, 2]);
    expect(zeroBasedTicks(0, 4, true)).toEqual([0, 1]);
    expect(zeroBasedTicks(37, 4, true)).toEqual([0, 10, 20, 30, 40]);
  });
});

describe('timeTickFormatter', () => {
  const labels = (min: number, max: number) => {
    const ticks = niceTicks(min, max, 6);
    return ticks.map(timeTickFormatter(ticks));
  };
  it('never repeats a label: a 0.55 s run used to read "0.6s 0.6s"', () => {
    const short = labels(0.1, 0.55);
    expect(short).toEqual(['0.1s', '0.2s', '0.3s', '0.4s', '0.5s', '0.6s']);
    for (const [min, max] of [[0, 0.3], [0.1, 0.14], [0, 2e-5], [0, 7.3], [0, 3600]]) {
      const l = labels(min, max);
      expect(new Set(l).size, l.join(' ')).toBe(l.length);
    }
  });
  it('labels short timelines in ms and µs, long ones in s', () => {
    expect(labels(0, 0.02)).toEqual(['0ms', '5ms', '10ms', '15ms', '20ms']);
    expect(labels(0, 0.08)).toEqual(['0ms', '20ms', '40ms', '60ms', '80ms']);
    expect(labels(0, 3e-5)).toEqual(['0µs', '5µs', '10µs', '15µs', '20µs', '25µs', '30µs']);
    expect(labels(0, 5)).toEqual(['0s', '1s', '2s', '3s', '4s', '5s']);
    expect(labels(0, 2)).toEqual(['0.0s', '0.5s', '1.0s', '1.5s', '2.0s']);
    expect(labels(0, 0.25)).toEqual(['0.00s', '0.05s', '0.10s', '0.15s', '0.20s', '0.25s']);
  });
  it('reads the charts of one run in one unit, whether they end just short of a second or past it', () => {
    const [trace, sampler] = [labels(0, 0.95), labels(0, 1.2)];
    expect(trace).toEqual(['0.0s', '0.2s', '0.4s', '0.6s', '0.8s', '1.0s']);
    expect(sampler).toEqual(['0.0s', '0.2s', '0.4s', '0.6s', '0.8s', '1.0s', '1.2s']);
  });
});
