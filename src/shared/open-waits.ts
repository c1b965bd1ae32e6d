// Waits still open when the trace ended (PROTOCOL.md §3.1 sched_latency.open_waits): goroutines
// runnable and never run again before the end. They are lower bounds, not samples, and the longest
// of them are often the worst waits of the run, so every view states them in these words.
import type { TraceAnalysis } from './results';
import { durationText } from './duration-text';
import { counted } from './plural';
import { isTracerFunction } from './tracer-frames';
import { isRuntimeGoroutine } from './program-latency';

export type OpenWaits = NonNullable<TraceAnalysis['sched_latency']['open_waits']>;


/** "17 goroutines still runnable when the trace ended, the longest for ≥ 2.95 s (lower bounds)". */
export function openWaitsText(w: OpenWaits): string {
  if (w.count === 0) return 'no goroutine was left runnable when the trace ended';
  return `${counted(w.count, 'goroutine')} still runnable when the trace ended, the longest for ≥ ${durationText(w.max_lower_bound_s)} (lower bounds, not in the distribution)`;
}

/** "starved: 12 goroutines runnable for the whole trace", or null when none was. */
export function starvedText(w: OpenWaits): string | null {
  if (w.starved === 0) return null;
  return `starved: ${counted(w.starved, 'goroutine')} runnable for the whole trace`;
}

/** One listed goroutine: "g42 main.worker (created) runnable since 0.00 s, ≥ 2.95 s". */
export function openWaitLine(g: OpenWaits['goroutines'][number]): string {
  return `g${g.g} ${g.start_func || '?'} (${g.cause}) runnable since ${g.runnable_since_s.toFixed(2)} s, ≥ ${durationText(g.lower_bound_s)}${g.starved ? ', starved' : ''}`;
}

/**
 * The execution tracer's own goroutines (the runtime's trace advancer and CPU-sample reader,
 * runtime/trace's writer), by their start functions: real goroutines whose waits the timeline shows,
 * but not the program's to compare, as the tracer's stop-the-world pauses are not (stw.ts).
 */
const isTracerGoroutine = (g: { start_func: string }): boolean => isTracerFunction(g.start_func);

/**
 * The open waits of the program's goroutines, the tracer's left out (or, with `leftOut`, others):
 * taken from the list, which holds every open wait up to its cap of 1000 (`listed`); past it, the
 * goroutines left out that the list cut are still counted.
 */
export function programOpenWaits(w: OpenWaits, leftOut: (g: { start_func: string }) => boolean = isTracerGoroutine): { count: number; maxLowerBoundS: number; starved: number } {
  const listedLeftOut = w.goroutines.filter(leftOut);
  const longest = w.goroutines.find((g) => !leftOut(g));
  const count = w.count - listedLeftOut.length;
  return {
    count,
    maxLowerBoundS: longest?.lower_bound_s ?? (count > 0 ? w.max_lower_bound_s : 0),
    starved: w.starved - listedLeftOut.filter((g) => g.starved).length,
  };
}

/**
 * Beside a p99 from the trace, which holds only waits that ended: the program's goroutines still
 * runnable when it ended ("2 goroutines still runnable when the trace ended, the longest for ≥ 1.20
 * s: not in the p99"), when the longest of them had waited longer than the p99 says (a goroutine
 * starved to the end is the run's worst wait, and the p99 is silent on it); else null. Of the
 * goroutines the p99 holds: without the runtime's own when it is the program's (`programP99`), as
 * the headline is; else without the tracer's, as an analysis before that split counted.
 */
export function openBesideP99Text(w: OpenWaits, p99: number, programP99: boolean): string | null {
  const open = programOpenWaits(w, programP99 ? (g) => isRuntimeGoroutine(g.start_func) : isTracerGoroutine);
  if (open.count === 0 || open.maxLowerBoundS <= p99) return null;
  return `${counted(open.count, 'goroutine')} still runnable when the trace ended, the longest for ≥ ${durationText(open.maxLowerBoundS)}: not in the p99`;
}
