// Turns metrics.jsonl ticks (PROTOCOL.md §2.3) into chart rows: goroutines by state, ops/s,
// scheduler-latency p99 of each tick's histogram delta, and the longest GC pause in each tick.
// A tick covers the interval since the one before it and is drawn over that interval, from its
// start, as the trace's windows are: a burst at 0.53 s is in the ticks' row at 0.5 and in the trace's
// window at 0.5, not one tick later.
import type { MetricsTick } from '../../../shared/domain';
import { bucketQuantile } from './histogram';

export interface LiveRow {
  [key: string]: number | null;
  /** Where the tick's interval starts: the tick before it (0, the sampler's start, for the first). */
  t: number;
  /** Where it ends: when the tick was read. */
  end: number;
  total: number | null;
  running: number | null;
  runnable: number | null;
  waiting: number | null;
  syscall: number | null;
  opsPerSec: number | null;
  schedP99: number | null;
  gcPauseMax: number | null;
}

const GAUGE = {
  total: '/sched/goroutines:goroutines',
  running: '/sched/goroutines/running:goroutines',
  runnable: '/sched/goroutines/runnable:goroutines',
  waiting: '/sched/goroutines/waiting:goroutines',
  syscall: '/sched/goroutines/not-in-go:goroutines',
} as const;

const SCHED_LATENCY = '/sched/latencies:seconds';
/** Newer runtimes split pauses by cause; older ones only have /gc/pauses. */
const GC_PAUSES = ['/sched/pauses/total/gc:seconds', '/gc/pauses:seconds'];

/**
 * The length under which a tick's stretch is a moment, a tenth of the sampler's period as it ran (the
 * median of the positive intervals between ticks): over a moment, what a scenario adds in batches (its
 * ops, the throttled time the kernel adds per period) would read as 0 or as a burst, so a moment gets
 * no value of its own: the throughput takes the rate of the stretch it ends (momentRate), the
 * throttling none. Such are the window's last stretch, cut at its end, and the tick a ticker had
 * buffered while a starved sampler read the one before it late, a millisecond after it.
 */
export function momentBelow(ticks: readonly MetricsTick[]): number {
  return samplerPeriod(ticks) / 10;
}

/** The sampler's period as it ran: the median of the positive intervals between ticks (0 for none). */
function samplerPeriod(ticks: readonly MetricsTick[]): number {
  const spans = ticks.map((tick, i) => tick.t - (i > 0 ? ticks[i - 1]!.t : 0)).filter((dt) => dt > 0).sort((a, b) => a - b);
  return spans.length === 0 ? 0 : spans[Math.floor(spans.length / 2)]!;
}

/** How many of the sampler's periods a stretch between ticks must exceed to be said: a starved sampler's, not jitter. */
const LATE_PERIODS = 3;

/**
 * The stretches between ticks over LATE_PERIODS of the sampler's period as it ran (the median
 * interval): the harness's sampler is a goroutine like any other, so one starved of a P (or a
 * process throttled off the CPU) reads its next tick late, and that tick's values (ops/s a mean, p99
 * a sample) cover the whole stretch. Said beside the charts, which draw such a stretch as one step.
 * From the longest.
 */
export function lateTicks(ticks: readonly MetricsTick[]): { from: number; to: number; periods: number }[] {
  const period = samplerPeriod(ticks);
  if (period <= 0) return [];
  return ticks
    .flatMap((tick, i) => {
      const from = i > 0 ? ticks[i - 1]!.t : 0;
      return tick.t - from > LATE_PERIODS * period ? [{ from, to: tick.t, periods: (tick.t - from) / period }] : [];
    })
    .sort((a, b) => b.to - b.from - (a.to - a.from));
}

/**
 * A moment's rate: that of the stretch it ends, the tick before it included (the window's last tick,
 * cut at its end, would otherwise leave the line's last stretch with no point to run to). Null for a
 * moment with no measured tick before it (the first, from the sampler's start).
 */
function momentRate(ticks: readonly MetricsTick[], i: number): number | null {
  if (i < 1) return null;
  const base = i >= 2 ? ticks[i - 2]! : null;
  if (base !== null && base.phase !== 'measure') return null;
  const span = ticks[i]!.t - (base?.t ?? 0);
  return span > 0 ? (ticks[i]!.ops - (base?.ops ?? 0)) / span : null;
}

export function liveRows(ticks: readonly MetricsTick[]): LiveRow[] {
  const moment = momentBelow(ticks);
  return ticks.map((tick, i) => {
    const prev = i > 0 ? ticks[i - 1] : null;
    const gauge = (name: string) => tick.gauges[name] ?? null;
    const from = prev?.t ?? 0;
    const dt = tick.t - from;
    // ops is cumulative from the start of the measured window; warm-up ticks report 0. A first tick
    // in the window (no warm-up) covers it from the sampler's start, before which no operation ran:
    // its ops are the interval's. The tick after a warm-up one is left out: a harness that wrote no
    // tick as the window began (before PROTOCOL.md §2.3's boundary ticks) counted part of the
    // warm-up in its interval and none of its operations. A moment's is the stretch's it ends (momentRate).
    const measured = tick.phase === 'measure' && (prev === null || prev.phase === 'measure');
    const opsPerSec = measured && dt > 0 ? (dt >= moment ? (tick.ops - (prev?.ops ?? 0)) / dt : momentRate(ticks, i)) : null;
    const latency = tick.hist[SCHED_LATENCY];
    const pauses = GC_PAUSES.map((k) => tick.hist[k]).find((h) => h && h.count > 0);
    return {
      t: from,
      end: tick.t,
      // Gauges as read at the interval's end.
      total: gauge(GAUGE.total),
      running: gauge(GAUGE.running),
      runnable: gauge(GAUGE.runnable),
      waiting: gauge(GAUGE.waiting),
      syscall: gauge(GAUGE.syscall),
      opsPerSec,
      schedP99: latency ? bucketQuantile(latency, 0.99) : null,
      gcPauseMax: pauses ? bucketQuantile(pauses, 1) : null,
    };
  });
}

/** Whether the runtime reports goroutines by state (Go ≥ 1.26); otherwise only the total is drawn. */
export function hasStateGauges(rows: readonly LiveRow[]): boolean {
  return rows.some((r) => r.running !== null || r.runnable !== null);
}

const maxOf = (xs: Array<number | null>): number | null => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.max(m, x)), null);
/** The rate over the intervals that have one, each weighing by its length: ticks read late are longer. */
function timeWeightedRate(rows: readonly LiveRow[]): number | null {
  const rated = rows.filter((r) => r.opsPerSec !== null && r.end > r.t);
  const time = rated.reduce((s, r) => s + (r.end - r.t), 0);
  return time > 0 ? rated.reduce((s, r) => s + r.opsPerSec! * (r.end - r.t), 0) / time : null;
}

/**
 * At most `maxPoints` rows for drawing: consecutive ticks are merged, keeping the worst latency and
 * GC pause of each group (a spike must not vanish), the throughput over the group's time and the
 * last gauge values, over the group's intervals (from the first one's start).
 * Long runs would otherwise redraw thousands of points four times a second.
 */
export function downsample(rows: readonly LiveRow[], maxPoints: number): LiveRow[] {
  if (rows.length <= maxPoints) return [...rows];
  const size = Math.ceil(rows.length / maxPoints);
  const out: LiveRow[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const group = rows.slice(i, i + size);
    const last = group[group.length - 1];
    out.push({
      ...last,
      t: group[0].t,
      opsPerSec: timeWeightedRate(group),
      schedP99: maxOf(group.map((r) => r.schedP99)),
      gcPauseMax: maxOf(group.map((r) => r.gcPauseMax)),
    });
  }
  return out;
}
