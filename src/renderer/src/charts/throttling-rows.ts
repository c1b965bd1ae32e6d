// The throttling chart's rows: sampler ticks and trace windows on one time axis. Each row holds the
// values of both kinds in force at its t, so the tooltip there lists every line drawn through it
// (rows of one kind only left the other kind out of the tooltip wherever the pointer was).

/** A value in force from `from` (inclusive) to `to` (exclusive). */
interface Span {
  from: number;
  to: number;
}

export interface TickSpan extends Span {
  throttled: number;
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
