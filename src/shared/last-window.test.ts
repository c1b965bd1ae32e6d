import { describe, expect, it } from 'vitest';
import { cutLastWindow } from './last-window';

const analysis = (duration_s: number, lastCount = 132) => ({
  meta: { duration_s, window_s: 0.1 } as never,
  windows: [
    { t: 0, count: 10, p99: 1e-6, max: 2e-6, spike: false },
    { t: 0.1, count: lastCount, p99: 0.023, max: 0.03, spike: false },
  ],
});

describe('cutLastWindow', () => {
  it('is the last window when the trace ends before half of it, as gmptrace leaves it unjudged', () => {
    expect(cutLastWindow(analysis(0.14))).toEqual({ t: 0.1, to: 0.14, count: 132, p99: 0.023 });
    expect(cutLastWindow(analysis(0.15))).toBeNull(); // half a window: judged
    expect(cutLastWindow(analysis(0.2))).toBeNull();
  });

  it('is none when that window holds no wait, or is the only one', () => {
    expect(cutLastWindow(analysis(0.14, 0))).toBeNull();
    const short = analysis(0.14);
    expect(cutLastWindow({ meta: { duration_s: 0.04, window_s: 0.1 } as never, windows: [{ ...short.windows[0]!, count: 5 }] })).toBeNull();
  });
});
