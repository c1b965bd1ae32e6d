// Waits still open when the trace ended (PROTOCOL.md §3.1 sched_latency.open_waits): goroutines
// runnable and never run again before the end. They are lower bounds, not samples, and the longest
// of them are often the worst waits of the run, so every view states them in these words.
import type { TraceAnalysis } from './results';
import { counted } from './plural';

export type OpenWaits = NonNullable<TraceAnalysis['sched_latency']['open_waits']>;

const seconds = (s: number): string => (s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`);

/** "17 goroutines still runnable when the trace ended, the longest for ≥ 2.95 s (lower bounds)". */
export function openWaitsText(w: OpenWaits): string {
  if (w.count === 0) return 'no goroutine was left runnable when the trace ended';
  return `${counted(w.count, 'goroutine')} still runnable when the trace ended, the longest for ≥ ${seconds(w.max_lower_bound_s)} (lower bounds, not in the distribution)`;
}

/** "starved: 12 goroutines runnable for the whole trace", or null when none was. */
export function starvedText(w: OpenWaits): string | null {
  if (w.starved === 0) return null;
  return `starved: ${counted(w.starved, 'goroutine')} runnable for the whole trace`;
}

/** One listed goroutine: "g42 runtime.traceAdvancer (created) runnable since 0.00 s, ≥ 2.95 s". */
export function openWaitLine(g: OpenWaits['goroutines'][number]): string {
  return `g${g.g} ${g.start_func || '?'} (${g.cause}) runnable since ${g.runnable_since_s.toFixed(2)} s, ≥ ${seconds(g.lower_bound_s)}${g.starved ? ', starved' : ''}`;
}
