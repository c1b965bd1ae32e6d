// The throttling chart's rows: sampler ticks and trace windows on one time axis. Each row holds the
// values of both kinds in force at its t, so the tooltip there lists every line drawn through it
// (rows of one kind only left the other kind out of the tooltip wherever the pointer was).

/** A value in force from `from` (inclusive) to `to` (exclusive). */
interface Span {
  from: number;
  to: number;
}

export interface TickSpan extends Span {
  /** Seconds held back per second of the tick (summed over CPUs); null for a moment (live-series.ts: momentBelow). */
  throttled: number | null;
  schedP99: number | null;
}

export interface WindowSpan extends Span {
  p99: number | null;
}

export type ThrottlingRow = { t: number; throttled: number | null; schedP99: number | null; traceP99: number | null };

/** The span in force at each of some ascending times; spans are sorted and do not overlap, so one walk does. */
function inForce<S extends Span>(spans: readonly S[], ts: readonly number[]): Array<S | null> {
  let i = 0;
  return ts.map((t) => {
    while (i < spans.length && spans[i].to <= t) i++;
    return i < spans.length && spans[i].from <= t ? spans[i] : null;
  });
}

/** A row where any tick or window starts, with the tick's and the window's values in force there (null outside them). */
export function throttlingRows(ticks: readonly TickSpan[], windows: readonly WindowSpan[]): ThrottlingRow[] {
  const ts = [...new Set([...ticks, ...windows].map((s) => s.from))].sort((a, b) => a - b);
  const tick = inForce(ticks, ts);
  const window = inForce(windows, ts);
  return ts.map((t, k) => ({ t, throttled: tick[k]?.throttled ?? null, schedP99: tick[k]?.schedP99 ?? null, traceP99: window[k]?.p99 ?? null }));
}

/**
 * The ticks' spans of throttled time per second of the tick (`perTick`: each tick's interval, CFS
 * periods and time held back; a late tick is longer, and its time alone would read as more
 * throttling), the sched p99 of the tick ending there beside it. The kernel adds throttled time as
 * a CFS period (100 ms by default) ends, so a tick in which none ended has nothing to say (0, though
 * the run was held back: the 20 ms tick after a late 180 ms one), nor has a moment (shorter than
 * `moment`, live-series.ts: momentBelow), which reads as 0 or a burst: they get none.
 */
export function throttlingTickSpans(perTick: ReadonlyArray<{ t: number; end: number; periods: number; throttledSeconds: number }>, moment: number, p99ByEnd: ReadonlyMap<number, number | null>): TickSpan[] {
  return perTick.map((d) => {
    const length = d.end - d.t;
    const silent = length <= 0 || length < moment || d.periods === 0;
    return { from: d.t, to: d.end, throttled: silent ? null : d.throttledSeconds / length, schedP99: p99ByEnd.get(d.end) ?? null };
  });
}
