import { describe, expect, it } from 'vitest';
import { openWaitLine, openWaitsText, starvedText, type OpenWaits } from './open-waits';

const waits = (count: number, starved: number): OpenWaits => ({
  count,
  starved,
  max_lower_bound_s: 2.95,
  by_cause: { before_trace: { count: starved, max_lower_bound_s: 2.95 } },
  goroutines: [{ g: 42, start_func: 'runtime.traceAdvancer', cause: 'before_trace', runnable_since_s: 0, lower_bound_s: 2.95, starved: true }],
  listed: 1,
});

describe('open waits in words', () => {
  it('states the count and the longest as lower bounds', () => {
    expect(openWaitsText(waits(17, 12))).toBe('17 goroutines still runnable when the trace ended, the longest for ≥ 2.95 s (lower bounds, not in the distribution)');
    expect(openWaitsText(waits(0, 0))).toBe('no goroutine was left runnable when the trace ended');
  });
  it('names starvation, and only when there is some', () => {
    expect(starvedText(waits(17, 12))).toBe('starved: 12 goroutines runnable for the whole trace');
    expect(starvedText(waits(1, 1))).toBe('starved: 1 goroutine runnable for the whole trace');
    expect(starvedText(waits(3, 0))).toBeNull();
  });
  it('lists a goroutine by its start function and cause', () => {
    expect(openWaitLine(waits(1, 1).goroutines[0])).toBe('g42 runtime.traceAdvancer (before_trace) runnable since 0.00 s, ≥ 2.95 s, starved');
  });
});
