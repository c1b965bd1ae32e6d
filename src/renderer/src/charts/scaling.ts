// Scaling over GOMAXPROCS: one point per distinct GOMAXPROCS, the median over the runs that share it
// (repetitions), so a sweep reads as one curve.
import type { RunDetail } from '../../../shared/contract';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';
import { median } from '../../../shared/median';

export interface ScalingInput {
  gomaxprocs: number;
  opsPerSec: number | null;
  schedP99: number | null;
}

export interface ScalingPoint {
  gomaxprocs: number;
  opsPerSec: number | null;
  schedP99: number | null;
  runs: number;
}

/** The median of the runs that have the number; null when none has it. */
const medianOf = (values: number[]): number | null => (values.length === 0 ? null : median(values));

export function scalingPoints(runs: ScalingInput[]): ScalingPoint[] {
  const byProcs = new Map<number, ScalingInput[]>();
  for (const r of runs) byProcs.set(r.gomaxprocs, [...(byProcs.get(r.gomaxprocs) ?? []), r]);
  return [...byProcs.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([gomaxprocs, group]) => ({
      gomaxprocs,
      opsPerSec: medianOf(group.flatMap((r) => (r.opsPerSec === null ? [] : [r.opsPerSec]))),
      schedP99: medianOf(group.flatMap((r) => (r.schedP99 === null ? [] : [r.schedP99]))),
      runs: group.length,
    }));
}

type ScalingRun = Pick<RunDetail, 'provenance' | 'schedLatency'> & { run: Pick<RunDetail['run'], 'gomaxprocs' | 'gomaxprocsInForce' | 'opsPerSec'> };

/**
 * The scaling chart of some runs (names in the same order): its points, the source of their sched
 * p99, and the names of the runs left out because no GOMAXPROCS of theirs is known.
 */
export function scalingOfRuns(runs: ScalingRun[], names: string[]): { points: ScalingPoint[]; schedSource: 'exact' | 'sampled'; leftOut: string[] } {
  const procs = runs.map(gomaxprocsRan);
  const placed = runs.flatMap((r, i) => {
    const gomaxprocs = procs[i];
    return gomaxprocs === null ? [] : [{ r, gomaxprocs }];
  });
  const sched = schedP99FromOneSource(placed.map(({ r }) => ({ exact: r.schedLatency.exact?.p99 ?? null, sampled: r.schedLatency.sampled?.p99 ?? null })));
  return {
    points: scalingPoints(placed.map(({ r, gomaxprocs }, i) => ({ gomaxprocs, opsPerSec: r.run.opsPerSec, schedP99: sched.values[i] }))),
    schedSource: sched.source,
    leftOut: names.filter((_, i) => procs[i] === null),
  };
}

/**
 * One source for every point's sched p99: exact (the trace) when every run has it, else the
 * runtime's sample when every run has that; otherwise the one more runs have (exact on a tie), the
 * others left as gaps. A line joining an exact point to a sampled one would draw a change of method
 * as a change of the program.
 */
export function schedP99FromOneSource(runs: Array<{ exact: number | null; sampled: number | null }>): { source: 'exact' | 'sampled'; values: Array<number | null> } {
  const has = (key: 'exact' | 'sampled') => runs.filter((r) => r[key] !== null).length;
  const source = has('exact') === runs.length || has('exact') >= has('sampled') ? 'exact' : 'sampled';
  return { source, values: runs.map((r) => r[source]) };
}
