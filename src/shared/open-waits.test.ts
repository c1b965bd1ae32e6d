import { describe, expect, it } from 'vitest';
import { openBesideP99Text, openWaitLine, openWaitsText, starvedText, type OpenWaits } from './open-waits';

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
  it("says beside a p99 the program's goroutines left runnable, the tracer's own left out", () => {
    // The one listed goroutine is the tracer's: the other 16 are the program's, the longest past the list.
    expect(openBesideP99Text(waits(17, 12), 0.001, false)).toBe('16 goroutines still runnable when the trace ended, the longest for ≥ 2.95 s: not in the p99');
    expect(openBesideP99Text(waits(1, 1), 0.001, false)).toBeNull();
    const program: OpenWaits = { ...waits(2, 0), goroutines: [{ g: 7, start_func: 'main.worker', cause: 'unblocked', runnable_since_s: 0.5, lower_bound_s: 1.2, starved: false }], listed: 1 };
    expect(openBesideP99Text(program, 0.001, true)).toBe('2 goroutines still runnable when the trace ended, the longest for ≥ 1.20 s: not in the p99');
    // Shorter than the p99: the p99 says more than the open waits would.
    expect(openBesideP99Text(program, 1.2, true)).toBeNull();
    // Beside the program's p99, the runtime's own goroutines (the sweeper) are left out as that p99 leaves them.
    const sweeper: OpenWaits = { ...waits(1, 0), goroutines: [{ g: 3, start_func: 'runtime.bgsweep', cause: 'unblocked', runnable_since_s: 0.1, lower_bound_s: 2, starved: false }], listed: 1 };
    expect(openBesideP99Text(sweeper, 0.001, true)).toBeNull();
    expect(openBesideP99Text(sweeper, 0.001, false)).toBe('1 goroutine still runnable when the trace ended, the longest for ≥ 2.00 s: not in the p99');
  });
});
