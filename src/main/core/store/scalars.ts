// The scalar numbers a stored document contributes to the history: columns of the runs table
// (for sorting and filtering thousands of runs) and name → value rows of the metrics table.
import type { Quantiles } from '../../../shared/domain';
import type { HarnessResult, MetricValue, TraceAnalysis } from '../../../shared/results';
import { programSchedLatency } from '../../../shared/program-latency';

export const SCHED_LATENCY = '/sched/latencies:seconds';
/** The runtime renamed the GC pause histogram; the old name is the fallback for older Go versions. */
const GC_PAUSES = ['/sched/pauses/total/gc:seconds', '/gc/pauses:seconds'];

const QUANTILE_KEYS = ['p50', 'p90', 'p99', 'p999', 'max'] as const;

export function quantilesOf(h: Partial<Quantiles> | null | undefined): Quantiles | null {
  if (!h) return null;
  return { p50: h.p50 ?? null, p90: h.p90 ?? null, p99: h.p99 ?? null, p999: h.p999 ?? null, max: h.max ?? null };
}

type Histogram = Extract<MetricValue, { kind: 'histogram' }>;

export function histogramMetric(result: HarnessResult, name: string): Histogram | null {
  const m = result.metrics[name];
  return m && m.kind === 'histogram' ? m : null;
}

export function gcPauseHistogram(result: HarnessResult): Histogram | null {
  for (const name of GC_PAUSES) {
    const h = histogramMetric(result, name);
    if (h) return h;
  }
  return null;
}

/**
 * The GOMAXPROCS in force during the measured window. A file without the gomaxprocs block (an
 * older harness, a fresh-process parent) or without a window knows only what the process started with.
 */
export function harnessGomaxprocs(result: HarnessResult): number {
  return result.gomaxprocs?.in_force ?? result.gomaxprocs?.configured ?? result.provenance.gomaxprocs;
}

function addQuantiles(out: Map<string, number>, prefix: string, h: Partial<Quantiles> | null | undefined): void {
  if (!h) return;
  for (const k of QUANTILE_KEYS) {
    const v = h[k];
    if (typeof v === 'number' && Number.isFinite(v)) out.set(`${prefix}.${k}`, v);
  }
}

/** name → value rows for result.json: ops, op latency, and every runtime metric's summary. */
export function resultMetrics(result: HarnessResult): Map<string, number> {
  const out = new Map<string, number>([
    ['ops', result.ops],
    ['ops_per_s', result.ops_per_s],
    ['wall_s', result.wall_s],
  ]);
  addQuantiles(out, 'op_latency', result.op_latency);
  for (const [name, m] of Object.entries(result.metrics)) {
    if (m.kind === 'histogram') {
      out.set(`${name}.count`, m.count);
      addQuantiles(out, name, m);
    } else if (m.kind === 'counter') {
      // A counter updated only at a GC cycle's stops of the world that did not move, in a window
      // where no cycle ended, measured nothing.
      if (m.gc_cycles_ended !== 0 || m.delta !== 0) out.set(`${name}.delta`, m.delta);
    }
    else out.set(`${name}.end`, m.end);
  }
  return out;
}

/** name → value rows for analysis.json (prefixed "trace:" so they never clash with runtime metrics). */
export function analysisMetrics(analysis: TraceAnalysis): Map<string, number> {
  // The program's goroutines' waits, as every view leads with them (program-latency.ts).
  const sched = programSchedLatency(analysis).hist;
  const out = new Map<string, number>([
    ['trace:sched_latency.count', sched.count],
    ['trace:gc.cycles', analysis.gc.cycles],
    ['trace:syscalls.lost_p', analysis.syscalls.lost_p],
    ['trace:stw.count', analysis.stw.length],
    // A trace cut short (its writer killed): what lists mark, as they cannot read analysis.json.
    ...(analysis.meta.partial ? ([['trace:partial', 1]] as const) : []),
  ]);
  addQuantiles(out, 'trace:sched_latency', sched);
  return out;
}
