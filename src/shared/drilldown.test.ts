import { describe, expect, it } from 'vitest';
import { spikeRange, topSpikes } from './drilldown';

const meta = { window_s: 0.1, duration_s: 1.0031 } as never;

describe('drill-down ranges', () => {
  it('opens a spike window with half a window either side, inside the trace', () => {
    expect(spikeRange({ t: 0.5, max: 0.01 }, { meta })).toEqual({ from_s: 0.44, to_s: 0.65 });
    expect(spikeRange({ t: 0, max: 0.01 }, { meta })).toEqual({ from_s: 0, to_s: 0.15 });
    // the last window is cut at the trace's end, yet never empty
    expect(spikeRange({ t: 1, max: null }, { meta })).toEqual({ from_s: 0.95, to_s: 1.05 });
  });

  it("reaches back to where the spike window's longest wait began", () => {
    // waits that ended in [0.6, 0.7) began up to 0.105 s earlier: the burst is before the window
    expect(spikeRange({ t: 0.6, max: 0.105 }, { meta })).toEqual({ from_s: 0.445, to_s: 0.75 });
  });

  it('takes the highest spikes first, capped', () => {
    const windows = [
      { t: 0, count: 3, p99: 0.003, max: 0.003, spike: true },
      { t: 0.1, count: 3, p99: 0.00005, max: 0.0001, spike: false },
      { t: 0.5, count: 3, p99: 0.09, max: 0.1, spike: true },
      { t: 0.6, count: 3, p99: 0.1, max: 0.1, spike: true },
    ];
    expect(topSpikes({ windows }, 2)).toEqual([
      { t: 0.6, p99: 0.1, max: 0.1 },
      { t: 0.5, p99: 0.09, max: 0.1 },
    ]);
  });
});
