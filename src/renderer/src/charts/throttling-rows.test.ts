import { describe, expect, it } from 'vitest';
import { throttlingRows } from './throttling-rows';

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
