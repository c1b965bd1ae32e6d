// Scaling over GOMAXPROCS: one point per distinct GOMAXPROCS, the median over the runs that share it
// (repetitions), so a sweep reads as one curve. Only runs that differ from the baseline in GOMAXPROCS
// alone are placed: a median over runs of another concurrency, Go release, CPU limit, target or host
// would draw a value no run had (a concurrency-4 run's 90 ops/s and a concurrency-2 run's 21M made
// "10.8M at GOMAXPROCS 2").
import type { RunDetail } from '../../../shared/contract';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';
import { median } from '../../../shared/median';
import { cores } from '../../../shared/cpu-limit';

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

type ScalingRun = Pick<RunDetail, 'provenance' | 'schedLatency' | 'params'> & {
  run: Pick<RunDetail['run'], 'gomaxprocs' | 'gomaxprocsInForce' | 'opsPerSec' | 'targetName' | 'concurrency' | 'concurrencyUsed' | 'host' | 'goVersion' | 'goVersionInForce' | 'cpuLimit' | 'cpuLimitInForce'>;
};

/** A run the chart leaves out, and why. */
export interface LeftOut {
  name: string;
  why: string;
}

/**
 * How `r` differs from the baseline in what it ran, GOMAXPROCS apart: the settings that, varied
 * together with GOMAXPROCS, would make the curve another one's. Values in force where the run says.
 */
function otherSettings(r: ScalingRun, baseline: ScalingRun): string[] {
  const differences: string[] = [];
  if (r.run.targetName !== baseline.run.targetName) differences.push(`target ${r.run.targetName}, the baseline's ${baseline.run.targetName}`);
  else if (JSON.stringify(Object.entries(r.params).sort()) !== JSON.stringify(Object.entries(baseline.params).sort())) differences.push('other parameters than the baseline');
  if (r.run.concurrencyUsed && baseline.run.concurrencyUsed && r.run.concurrency !== baseline.run.concurrency) differences.push(`concurrency ${r.run.concurrency}, the baseline's ${baseline.run.concurrency}`);
  const release = (x: ScalingRun) => x.run.goVersionInForce ?? x.run.goVersion;
  if (release(r) !== release(baseline)) differences.push(`Go ${release(r)}, the baseline's ${release(baseline)}`);
  const limit = (x: ScalingRun) => x.run.cpuLimitInForce ?? (x.run.cpuLimit === 'max' ? 0 : x.run.cpuLimit);
  if (limit(r) !== limit(baseline)) differences.push(`CPU limit ${cores(limit(r))}, the baseline's ${cores(limit(baseline))}`);
  if (r.run.host !== baseline.run.host) differences.push(`host ${r.run.host}, the baseline's ${baseline.run.host}`);
  return differences;
}

/**
 * The scaling chart of some runs (names in the same order, the baseline first): its points, the
 * source of their sched p99, and the runs left out: those that differ from the baseline in more than
 * GOMAXPROCS, and those whose GOMAXPROCS is not known.
 */
export function scalingOfRuns(runs: ScalingRun[], names: string[]): { points: ScalingPoint[]; schedSource: 'exact' | 'sampled'; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const placed = runs.flatMap((r, i) => {
    const gomaxprocs = gomaxprocsRan(r);
    const differences = otherSettings(r, runs[0]!);
    if (differences.length > 0) leftOut.push({ name: names[i]!, why: differences.join(', ') });
    else if (gomaxprocs === null) leftOut.push({ name: names[i]!, why: 'no GOMAXPROCS known' });
    return gomaxprocs === null || differences.length > 0 ? [] : [{ r, gomaxprocs }];
  });
  const sched = schedP99FromOneSource(placed.map(({ r }) => ({ exact: r.schedLatency.exact?.p99 ?? null, sampled: r.schedLatency.sampled?.p99 ?? null })));
  return {
    points: scalingPoints(placed.map(({ r, gomaxprocs }, i) => ({ gomaxprocs, opsPerSec: r.run.opsPerSec, schedP99: sched.values[i] }))),
    schedSource: sched.source,
    leftOut,
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
