// Which range a spike's drill-down opens on, shared by the Run page (a click on a spike) and the
// report (which records the drill-downs of the spikes it shows), so both ask runs.window alike.
import type { TraceAnalysis } from './results';

export interface TimeRange {
  from_s: number;
  to_s: number;
}

/** How many spikes an exported report records a drill-down for (the highest p99 first). */
export const REPORTED_SPIKES = 3;

/** Seconds rounded to whole nanoseconds: the trace's resolution, and a stable key for a range. */
export const toNanos = (s: number): number => Math.round(s * 1e9) / 1e9;

/**
 * A spike window [t, t + window) with half a window of margin after it and, before it, its longest
 * wait plus half a window: a window's samples are the waits that *ended* in it, so the range reaches
 * back past where they began (the burst that caused them, with its ±1 ms whole).
 */
export function spikeRange(window: { t: number; max: number | null }, analysis: Pick<TraceAnalysis, 'meta'>): TimeRange {
  const w = analysis.meta.window_s;
  const t = window.t;
  const from_s = toNanos(Math.max(0, t - (window.max ?? 0) - w / 2));
  const to_s = toNanos(Math.min(Math.max(analysis.meta.duration_s, t + w / 2), t + 1.5 * w));
  return { from_s, to_s };
}

/** The spikes the analysis flagged, highest p99 first, at most `cap`. */
export function topSpikes(analysis: Pick<TraceAnalysis, 'windows'>, cap = REPORTED_SPIKES): Array<{ t: number; p99: number; max: number | null }> {
  return analysis.windows
    .filter((w) => w.spike && w.p99 !== null)
    .map((w) => ({ t: w.t, p99: w.p99!, max: w.max }))
    .sort((a, b) => b.p99 - a.p99 || a.t - b.t)
    .slice(0, cap);
}
