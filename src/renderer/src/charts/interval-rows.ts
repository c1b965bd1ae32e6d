// The rows of a chart of values over run time are intervals: a trace window from its start, a
// metrics tick over the time since the tick before it. Each row holds from its t to the next row's
// t (the last to the chart's end). What the pointer is over is the row whose interval holds it:
// recharts snaps to the nearest row's start instead, so in the second half of every interval it
// named the next one, and a drag took in a window it did not cross or left out one it did.

type Row = Readonly<Record<string, number | null>>;

/** The index of the row whose interval holds t (the first before the first row's start); -1 for no rows. */
export function rowAt(rows: readonly Row[], t: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) return -1;
  // The last row that starts at or before t: rows are in time order.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((rows[mid]!.t ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where row i's interval ends: the next row's start, or `end` (the chart's) for the last. */
export function rowEnd(rows: readonly Row[], i: number, end: number | undefined): number {
  const next = rows[i + 1];
  const t = rows[i]!.t ?? 0;
  return next ? (next.t ?? t) : Math.max(end ?? t, t);
}

/** The run time under the pointer at clientX, over a plot drawn from `plot.left` across `plot.width` for `domain`. */
export function timeAtPointer(clientX: number, plot: { left: number; width: number }, domain: readonly [number, number]): number {
  const share = plot.width > 0 ? Math.min(1, Math.max(0, (clientX - plot.left) / plot.width)) : 0;
  return domain[0] + share * (domain[1] - domain[0]);
}

/** The span of the intervals from row a to row b (either order), start of the first to end of the last. */
export function spanOf(rows: readonly Row[], a: number, b: number, end: number | undefined): { from: number; to: number } {
  const [first, last] = a <= b ? [a, b] : [b, a];
  return { from: rows[first]!.t ?? 0, to: rowEnd(rows, last, end) };
}
