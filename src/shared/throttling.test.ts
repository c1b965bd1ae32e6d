// Throttling from cumulative cgroup tick sections: per tick, and over the measured window only.
import { describe, expect, it } from 'vitest';
import type { MetricsTick } from './domain';
import { throttlingPerTick, windowThrottling } from './throttling';

const tick = (t: number, phase: MetricsTick['phase'], cgroup?: [number, number, number]): MetricsTick => ({
  t,
  phase,
  ops: 0,
  gauges: {},
  hist: {},
  ...(cgroup ? { cgroup: { nr_periods: cgroup[0], nr_throttled: cgroup[1], throttled_s: cgroup[2] } } : {}),
});

describe('throttling', () => {
  const ticks = [tick(0.1, 'warmup', [1, 0, 0]), tick(0.2, 'warmup', [2, 1, 0.04]), tick(0.3, 'measure', [3, 2, 0.09]), tick(0.4, 'measure', [4, 3, 0.15])];

  it('per tick: the difference from the previous tick, the first from the sampler start, at where each interval starts', () => {
    const per = throttlingPerTick(ticks);
    expect(per.map((d) => [d.t, d.periods, d.throttled])).toEqual([
      [0, 1, 0],
      [0.1, 1, 1],
      [0.2, 1, 1],
      [0.3, 1, 1],
    ]);
    // A tick without statistics is skipped: the next one's interval starts at the last tick that had them.
    expect(throttlingPerTick([ticks[0]!, tick(0.15, 'warmup'), ticks[1]!]).map((d) => d.t)).toEqual([0, 0.1]);
    expect(per.map((d) => d.throttledSeconds)).toEqual([0, 0.04, expect.closeTo(0.05), expect.closeTo(0.06)]);
  });

  it('the window: from the last warm-up tick to the last tick; nothing without statistics or a measured tick', () => {
    expect(windowThrottling(ticks)).toEqual({ periods: 2, throttled: 2, throttledSeconds: expect.closeTo(0.11) });
    expect(windowThrottling(ticks.filter((t) => t.phase === 'measure'))).toEqual({ periods: 4, throttled: 3, throttledSeconds: 0.15 });
    expect(windowThrottling([tick(0.1, 'measure'), tick(0.2, 'measure')])).toBeNull();
    expect(windowThrottling(ticks.slice(0, 2))).toBeNull();
    expect(throttlingPerTick([tick(0.1, 'measure')])).toEqual([]);
  });
});
