// The Compare page's latency lines: each run's exact waits from its trace when it has one, else the
// runtime's sample, and what each line is, said under the charts.
import type { RunDetail } from '../../../../shared/contract';
import { programSchedLatency } from '../../../../shared/program-latency';
import type { LatencySeries } from '../../charts/LatencyCharts';
import { sampledHistogram } from '../run/SchedLatencyPanel';

/** Where a run's latency line comes from: its trace's waits (the program's alone, or every goroutine's for an older gmptrace), or the runtime's sample. */
export type LatencySource = 'program' | 'all' | 'sampled';

/** Exact latency of the program's goroutines from the trace when a run has one, else the sampled metric (every goroutine's); says which. */
export function latencySeries(detail: RunDetail, name: string): (LatencySeries & { run: string; source: LatencySource }) | null {
  if (detail.analysis) {
    const program = programSchedLatency(detail.analysis);
    return { name, run: name, hist: program.hist, source: program.runtimeWaits === null ? 'all' : 'program' };
  }
  const sampled = sampledHistogram(detail);
  return sampled ? { name: `${name} (sampled)`, run: name, hist: sampled, source: 'sampled' } : null;
}

const SOURCE_TEXT: Record<LatencySource, string> = {
  program: "every wait of the program's goroutines in its trace, exact (the runtime's own left out)",
  all: "every goroutine's waits in its trace, exact, the runtime's own included (an older gmptrace analysed it)",
  sampled: "the runtime's sample of waits (/sched/latencies: no trace was analysed)",
};

/** What each run's line is, by source: "base and cand: every wait of the program's goroutines …". */
export function latencySourcesText(series: ReadonlyArray<{ run: string; source: LatencySource }>): string {
  const sources = [...new Set(series.map((x) => x.source))];
  return sources
    .map((source) => {
      const runs = series.filter((x) => x.source === source).map((x) => x.run);
      const who = sources.length === 1 ? (runs.length === 1 ? 'The line' : 'Each line') : runs.join(', ');
      return `${who}: ${SOURCE_TEXT[source]}.`;
    })
    .join(' ');
}
