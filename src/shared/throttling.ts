// CPU throttling of a run's cgroup from its metrics ticks, whose "cgroup" section is cumulative
// (resources/go/PROTOCOL.md §2.3): per tick for the timeline, and over the measurement window for
// the summary. Ticks without the section (no cgroup statistics) yield nothing.
import type { CgroupTick, MetricsTick, Provenance } from './domain';

export interface ThrottlingTick {
  /** Where the tick's interval starts, in seconds since the sampler started (warm-up included). */
  t: number;
  /** Where it ends: the tick's own t. */
  end: number;
  /** CFS periods with runnable threads, periods that ran out of quota, and the time held back, in this tick. */
  periods: number;
  throttled: number;
  throttledSeconds: number;
}

export interface Throttling {
  periods: number;
  throttled: number;
  throttledSeconds: number;
}

const ZERO: CgroupTick = { nr_periods: 0, nr_throttled: 0, throttled_s: 0 };

const since = (now: CgroupTick, before: CgroupTick): Throttling => ({
  periods: now.nr_periods - before.nr_periods,
  throttled: now.nr_throttled - before.nr_throttled,
  throttledSeconds: Math.max(0, now.throttled_s - before.throttled_s),
});

/**
 * The throttling of each tick that has cgroup statistics, at `t` where its interval starts (the tick
 * before it; the first counts from the sampler's start, 0), as the charts draw every tick.
 */
export function throttlingPerTick(ticks: readonly MetricsTick[]): ThrottlingTick[] {
  let before = ZERO;
  let from = 0;
  return ticks.flatMap((tick) => {
    if (!tick.cgroup) return [];
    const d = { t: from, end: tick.t, ...since(tick.cgroup, before) };
    before = tick.cgroup;
    from = tick.t;
    return [d];
  });
}

/** The throttling of the measurement window (from the last warm-up tick to the last tick), or null without statistics. */
export function windowThrottling(ticks: readonly MetricsTick[]): Throttling | null {
  const withStats = ticks.filter((t) => t.cgroup);
  const last = withStats.at(-1);
  if (!last?.cgroup || last.phase !== 'measure') return null;
  const warmupEnd = withStats.filter((t) => t.phase === 'warmup').at(-1);
  return since(last.cgroup, warmupEnd?.cgroup ?? ZERO);
}

/**
 * Whether a run had a CPU limit at any time: one configured, or one in force at some time of the run
 * (a scenario may set its own). Throttling is a statement about a limit; without one nothing throttles.
 */
export function hadCpuLimit(configured: number | 'max', p: Pick<Provenance, 'cgroupCpuLimit' | 'cgroupCpuLimitChanges'> | null): boolean {
  return configured !== 'max' || p?.cgroupCpuLimit != null || (p?.cgroupCpuLimitChanges.length ?? 0) > 0;
}

/**
 * The kernel counts throttled time per CPU run queue and sums it (cpu.stat throttled_usec /
 * throttled_time): with several CPUs it can exceed the wall-clock window, so every view says so.
 */
export const THROTTLED_TIME_SUM = 'summed over CPUs: it can exceed the window';

/**
 * "9 of 10 CFS periods throttled (90%), held back 405 ms in the window (summed over CPUs: …; …)": the
 * measured window's throttling, its time in the caller's format. It names its observer: a scenario
 * may report its own reading of the same cpu.stat over its own span (cpu-quota-throttle-tail does),
 * shown beside it with the scenario's values, and the two need not agree to the period.
 */
export function throttlingText(t: { throttled: number; periods: number; throttledSeconds: number }, duration: (seconds: number) => string): string {
  const share = t.periods > 0 ? ` (${Math.round((100 * t.throttled) / t.periods)}%)` : '';
  return `${t.throttled} of ${t.periods} CFS periods throttled${share}, held back ${duration(t.throttledSeconds)} in the window (${THROTTLED_TIME_SUM}; ${THROTTLING_OBSERVER})`;
}

/** Who read the figures of throttlingText, and over what. */
export const THROTTLING_OBSERVER = "the harness's sampler read the run's cgroup from the window's start to its end";
