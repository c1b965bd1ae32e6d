import { describe, expect, it } from 'vitest';
import { throttlingRows, throttlingTickSpans } from './throttling-rows';

describe('throttlingRows', () => {
  it('gives every row the tick and the trace window in force at its t', () => {
    const ticks = [
      { from: 0, to: 0.25, throttled: 0.01, schedP99: 1e-4 },
      { from: 0.25, to: 0.5, throttled: 0.02, schedP99: 2e-4 },
    ];
    const windows = [
      { from: 0.1, to: 0.3, p99: 3e-4 },
      { from: 0.3, to: 0.5, p99: null },
    ];
    expect(throttlingRows(ticks, windows)).toEqual([
      // Before the trace's first window: no window value.
      { t: 0, throttled: 0.01, schedP99: 1e-4, traceP99: null },
      // A window's row carries the tick it falls in, and a tick's row the window it falls in.
      { t: 0.1, throttled: 0.01, schedP99: 1e-4, traceP99: 3e-4 },
      { t: 0.25, throttled: 0.02, schedP99: 2e-4, traceP99: 3e-4 },
      { t: 0.3, throttled: 0.02, schedP99: 2e-4, traceP99: null },
    ]);
  });
  it('leaves a kind out past its last span', () => {
    const rows = throttlingRows([{ from: 0, to: 0.25, throttled: 0.01, schedP99: null }], [{ from: 0.3, to: 0.4, p99: 5e-4 }]);
    expect(rows.at(-1)).toEqual({ t: 0.3, throttled: null, schedP99: null, traceP99: 5e-4 });
  });
});

describe('throttlingTickSpans', () => {
  it('gives a moment, a tick a millisecond after a late one, no throttled time: not 0 between 300 ms ones', () => {
    const perTick = [
      { t: 0, end: 0.2, periods: 2, throttledSeconds: 0.3 },
      { t: 0.2, end: 0.4, periods: 2, throttledSeconds: 0.29 },
      { t: 0.4, end: 0.4013, periods: 1, throttledSeconds: 0 },
      { t: 0.4013, end: 0.6, periods: 2, throttledSeconds: 0.31 },
    ];
    const perSecond = throttlingTickSpans(perTick, 0.02, new Map()).map((s) => s.throttled);
    expect(perSecond[2]).toBeNull();
    expect(perSecond.filter((v) => v !== null)).toEqual([1.5, 1.45, 0.31 / (0.6 - 0.4013)].map((v) => expect.closeTo(v, 12)));
  });
  it('gives a first tick that is a moment none either: per second, its few throttled periods would read as a burst', () => {
    const perTick = [
      { t: 0, end: 0.001, periods: 1, throttledSeconds: 0.004 },
      { t: 0.001, end: 0.101, periods: 1, throttledSeconds: 0.05 },
      { t: 0.101, end: 0.201, periods: 1, throttledSeconds: 0.05 },
    ];
    expect(throttlingTickSpans(perTick, 0.01, new Map()).map((s) => s.throttled)).toEqual([null, expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
  });

  it('gives a tick in which no CFS period ended none: its 0 would say the run ran free', () => {
    // A late 180 ms tick, then the 20 ms one its ticker had buffered: no period ended in it.
    const perTick = [
      { t: 0.1, end: 0.28, periods: 2, throttledSeconds: 0.1 },
      { t: 0.28, end: 0.3, periods: 0, throttledSeconds: 0 },
      { t: 0.3, end: 0.4, periods: 1, throttledSeconds: 0.05 },
    ];
    expect(throttlingTickSpans(perTick, 0.01, new Map()).map((s) => s.throttled)).toEqual([expect.closeTo(0.1 / 0.18, 12), null, expect.closeTo(0.5, 12)]);
  });

  it('gives each tick its throttled time per second: a late tick of 300 ms is not three times as throttled as one of 100 ms', () => {
    const perTick = [
      { t: 0, end: 0.1, periods: 1, throttledSeconds: 0.05 },
      { t: 0.1, end: 0.4, periods: 3, throttledSeconds: 0.15 },
    ];
    expect(throttlingTickSpans(perTick, 0.02, new Map()).map((s) => s.throttled)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
  });
});
