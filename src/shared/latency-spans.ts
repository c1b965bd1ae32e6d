// What each scheduler-latency source covers. The execution trace runs from the harness's start to its
// end (start-up, a warm-up and the wind-down included); the runtime's /sched/latencies histogram
// counts the measured window alone. Side by side their quantiles describe different spans, and every
// view that puts them together says so.
import { parseGoDuration } from './go-duration';

export interface LatencySpans {
  exact: string;
  sampled: string;
}

/** How close the trace's quantiles are: "" when exact, else " (within 0.049%: past 2^20 waits gmptrace keeps a fine histogram)". */
export const exactWithin = (relErr: number | undefined): string =>
  relErr ? ` (within ${Number((relErr * 100).toPrecision(2))}%: past 2^20 waits gmptrace keeps a fine histogram, not every wait)` : '';

/** "the whole 2.00 s trace (start-up, the 1s warm-up and wind-down included)", "the 1.00 s measured window". */
export function latencySpans(traceS: number | null | undefined, windowS: number | null | undefined, warmup: string, format: (s: number) => string): LatencySpans {
  const warm = (parseGoDuration(warmup) ?? 0) > 0 ? `, the ${warmup} warm-up` : '';
  return {
    exact: `the whole ${traceS ? `${format(traceS)} ` : ''}trace (start-up${warm} and wind-down included)`,
    sampled: `the ${windowS ? `${format(windowS)} ` : ''}measured window`,
  };
}
