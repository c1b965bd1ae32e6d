// The trace's last window when its end cut it to under half a window. gmptrace's spike rule neither
// judges it nor counts it in the median (sched.Finish's judgeLast): its few waits are mostly the
// program stopping and the trace being flushed. The latency chart leaves it out as well, and says
// so: drawn, its p99 (a 23 ms shutdown beside 1 µs windows) set the axis and flattened the rest.
import type { TraceAnalysis } from './results';

export interface CutLastWindow {
  t: number;
  /** Where the trace ends: the window's own end. */
  to: number;
  count: number;
  p99: number | null;
}

/**
 * The last window when it is shorter than half a window and holds waits; null otherwise, and for a
 * trace of one window (shorter than half of one), which is all there is to draw.
 */
export function cutLastWindow(analysis: Pick<TraceAnalysis, 'windows' | 'meta'>): CutLastWindow | null {
  const last = analysis.windows.at(-1);
  if (!last || last.count === 0 || analysis.windows.length < 2) return null;
  // In whole nanoseconds, as gmptrace compares them: 0.15 − 0.1 is 0.04999… in floating point.
  const ns = (s: number) => Math.round(s * 1e9);
  return 2 * ns(analysis.meta.duration_s - last.t) < ns(analysis.meta.window_s) ? { t: last.t, to: analysis.meta.duration_s, count: last.count, p99: last.p99 } : null;
}
