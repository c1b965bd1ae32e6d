// A setup's trend as chart rows: one per run, oldest first, and the runs where what a run ran
// under changed from the run before (the Go build, the GOMAXPROCS or CPU limit in force, the
// machine's CPUs), which the chart marks because they explain a step better than the load does.
import type { Trend, TrendPoint } from '../../../shared/contract';
import { counted } from '../../../shared/plural';

export interface TrendRow {
  /** The point's place, oldest 0: runs of an experiment share a creation time, so time would stack them. */
  i: number;
  id: string;
  value: number | null;
  current: boolean;
}

export interface TrendMark {
  i: number;
  label: string;
}

export function trendRows(trend: Trend, key: string, currentId: string): TrendRow[] {
  const values = trend.metrics.find((m) => m.key === key)?.values ?? [];
  return trend.points.map((p, i) => ({ i, id: p.id, value: values[i] ?? null, current: p.id === currentId }));
}

const ranUnder: Array<[string, (p: TrendPoint) => string | number | null]> = [
  ['', (p) => p.goBuilt],
  ['GOMAXPROCS ', (p) => p.gomaxprocsInForce],
  ['CPU limit ', (p) => (p.cpuLimitInForce === 'max' ? 'none' : p.cpuLimitInForce)],
  ['', (p) => (p.cpus === null ? null : counted(p.cpus, 'CPU'))],
];

/** "go1.26.1", "GOMAXPROCS 1": where a run ran under something else than the last run that said. */
export function trendMarks(points: readonly TrendPoint[]): TrendMark[] {
  const labels = new Map<number, string[]>();
  for (const [prefix, of] of ranUnder) {
    let last: string | number | null = null;
    points.forEach((p, i) => {
      const v = of(p);
      if (v === null) return; // a run that failed before saying
      if (last !== null && v !== last) labels.set(i, [...(labels.get(i) ?? []), `${prefix}${v}`]);
      last = v;
    });
  }
  return [...labels].sort(([a], [b]) => a - b).map(([i, said]) => ({ i, label: said.join(', ') }));
}
