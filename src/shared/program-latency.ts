// The exact scheduler latency every view leads with is the program's: gmptrace leaves the runtime's
// own goroutines out of `sched_latency.program` (GC workers, the sweeper yielding between spans,
// the tracer), which can be most of a trace's waits and then set the quantiles of every goroutine's
// distribution (PROTOCOL.md §3.1). `all` stays for what samples every goroutine alike: the
// runtime's /sched/latencies:seconds, which the agreement check compares with it.
import type { TraceAnalysis, TraceHistogram } from './results';

/** Whether a goroutine that starts in `startFunc` is the runtime's own: gmptrace's rule (sched.RuntimeOwned), for lists of single goroutines. */
export const isRuntimeGoroutine = (startFunc: string): boolean => (startFunc.startsWith('runtime.') && startFunc !== 'runtime.main') || startFunc.startsWith('runtime/trace.');

export interface ProgramSchedLatency {
  hist: TraceHistogram;
  byCause: Record<string, TraceHistogram>;
  /** Waits of the runtime's own goroutines, left out of `hist`; null for an analysis before the split, whose `hist` holds them. */
  runtimeWaits: number | null;
}

export function programSchedLatency(analysis: Pick<TraceAnalysis, 'sched_latency'>): ProgramSchedLatency {
  const { all, by_cause, program, program_by_cause } = analysis.sched_latency;
  if (!program) return { hist: all, byCause: by_cause, runtimeWaits: null };
  return { hist: program, byCause: program_by_cause ?? by_cause, runtimeWaits: all.count - program.count };
}

/** "1,168 of the trace's 2,147 waits were the runtime's own goroutines' (…)"; `sampled`: the run has the runtime's sample beside them. */
export function runtimeWaitsText(all: number, runtimeWaits: number | null, count: (n: number) => string, sampled = true): string {
  if (runtimeWaits === null) return `An older gmptrace analysed this trace: its exact figures hold every goroutine's ${count(all)} waits, the runtime's own (GC workers, sweeper, tracer) included.`;
  if (runtimeWaits === 0) return `All ${count(all)} waits were the program's goroutines'.`;
  return `${count(runtimeWaits)} of the trace's ${count(all)} waits were the runtime's own goroutines' (GC workers, sweeper, scavenger, tracer): left out of the program's figures; "all goroutines" holds them${sampled ? ", as the runtime's sample does" : ''}.`;
}

/**
 * Whether the longest wait of the windows (every goroutine's), `longest`, was a runtime goroutine's:
 * then the program's own longest (null when its goroutines never waited); null when it was the
 * program's, or the analysis cannot tell (one before the split).
 */
export function runtimeLongestWait(analysis: Pick<TraceAnalysis, 'sched_latency'>, longest: number | null): { programMax: number | null } | null {
  const program = analysis.sched_latency.program;
  if (!program || longest === null) return null;
  if (program.count > 0 && program.max !== null && longest <= program.max) return null;
  return { programMax: program.count > 0 ? program.max : null };
}

/**
 * Whose waits the headline p99 is of: the trace's exact figure is the program's goroutines' (the
 * runtime's own left out; every goroutine's from an older analysis), the runtime's sample every
 * goroutine's. Said beside it: the per-window chart draws both.
 */
export function headlineLatencyWhose(source: 'exact' | 'sampled', programSplit: boolean): string {
  if (source === 'sampled') return "every goroutine's, as the runtime samples them";
  return programSplit ? "the program's goroutines', the runtime's own left out" : "every goroutine's (an older analysis)";
}
