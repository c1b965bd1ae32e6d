// Scaling over GOMAXPROCS: one point per distinct GOMAXPROCS, the median over the runs that share it
// (repetitions), so a sweep reads as one curve. Only runs that differ from the baseline in GOMAXPROCS
// alone are placed: a median over runs of another concurrency, Go release, CPU limit, target or host
// would draw a value no run had (a concurrency-4 run's 90 ops/s and a concurrency-2 run's 21M made
// "10.8M at GOMAXPROCS 2").
import type { RunDetail } from '../../../shared/contract';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';
import { median } from '../../../shared/median';
import { cores } from '../../../shared/cpu-limit';
import { runUsedConcurrency } from '../../../shared/run-rules';

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
  run: Pick<RunDetail['run'], 'gomaxprocs' | 'gomaxprocsInForce' | 'opsPerSec' | 'targetName' | 'targetKind' | 'concurrency' | 'concurrencyUsed' | 'host' | 'goVersion' | 'goVersionInForce' | 'cpuLimit' | 'cpuLimitInForce'>;
};

/** A run the chart leaves out, and why. */
export interface LeftOut {
  name: string;
  why: string;
}

/** The CPU limit a run ran under, in cores (0: none): the one in force where the run says. */
const cpuLimitOf = (r: ScalingRun): number => r.run.cpuLimitInForce ?? (r.run.cpuLimit === 'max' ? 0 : r.run.cpuLimit);

/**
 * Runs of Go's default GOMAXPROCS under different CPU limits: the limit is what set their GOMAXPROCS
 * (Go 1.25+ follows it), the sweep a container-aware experiment makes, so it is the curve's own axis.
 */
const limitSetsGomaxprocs = (r: ScalingRun, baseline: ScalingRun): boolean => r.run.gomaxprocs === 'default' && baseline.run.gomaxprocs === 'default';

/**
 * How `r` differs from the baseline in what it ran, GOMAXPROCS apart: the settings that, varied
 * together with GOMAXPROCS, would make the curve another one's. Values in force where the run says.
 */
function otherSettings(r: ScalingRun, baseline: ScalingRun): string[] {
  const differences: string[] = [];
  if (r.run.targetName !== baseline.run.targetName) differences.push(`target ${r.run.targetName}, the baseline's ${baseline.run.targetName}`);
  else if (JSON.stringify(Object.entries(r.params).sort()) !== JSON.stringify(Object.entries(baseline.params).sort())) differences.push('other parameters than the baseline');
  if (runUsedConcurrency(r.run) && runUsedConcurrency(baseline.run) && r.run.concurrency !== baseline.run.concurrency) differences.push(`concurrency ${r.run.concurrency}, the baseline's ${baseline.run.concurrency}`);
  const release = (x: ScalingRun) => x.run.goVersionInForce ?? x.run.goVersion;
  if (release(r) !== release(baseline)) differences.push(`Go ${release(r)}, the baseline's ${release(baseline)}`);
  if (cpuLimitOf(r) !== cpuLimitOf(baseline) && !limitSetsGomaxprocs(r, baseline)) differences.push(`CPU limit ${cores(cpuLimitOf(r))}, the baseline's ${cores(cpuLimitOf(baseline))}`);
  if (r.run.host !== baseline.run.host) differences.push(`host ${r.run.host}, the baseline's ${baseline.run.host}`);
  return differences;
}

/**
 * The scaling chart of some runs (names in the same order, the baseline first): its points, the
 * source of their sched p99, the runs left out (those that differ from the baseline in more than
 * GOMAXPROCS, and those whose GOMAXPROCS is not known), and a note when Go's default GOMAXPROCS
 * followed the runs' CPU limits. A point holds runs of one CPU limit: two limits that gave one
 * GOMAXPROCS (1 and 1.5 cores: 2) are two conditions, and the later run's is left out.
 */
export function scalingOfRuns(runs: ScalingRun[], names: string[]): { points: ScalingPoint[]; schedSource: 'exact' | 'sampled'; leftOut: LeftOut[]; note: string | null } {
  const leftOut: LeftOut[] = [];
  const limitAt = new Map<number, number>();
  const placed = runs.flatMap((r, i) => {
    const gomaxprocs = gomaxprocsRan(r);
    const differences = otherSettings(r, runs[0]!);
    const pointLimit = gomaxprocs === null ? undefined : limitAt.get(gomaxprocs);
    if (differences.length > 0) leftOut.push({ name: names[i]!, why: differences.join(', ') });
    else if (gomaxprocs === null) leftOut.push({ name: names[i]!, why: 'no GOMAXPROCS known' });
    else if (pointLimit !== undefined && pointLimit !== cpuLimitOf(r)) leftOut.push({ name: names[i]!, why: `CPU limit ${cores(cpuLimitOf(r))}, where the point of GOMAXPROCS ${gomaxprocs} ran under ${cores(pointLimit)}` });
    else {
      limitAt.set(gomaxprocs, cpuLimitOf(r));
      return [{ r, gomaxprocs }];
    }
    return [];
  });
  const limits = [...new Set(placed.map(({ r }) => cpuLimitOf(r)))].sort((a, b) => (a || Infinity) - (b || Infinity));
  const note = limits.length > 1 ? `GOMAXPROCS is Go's default under each run's CPU limit (${limits.map(cores).join(', ')}).` : null;
  const sched = schedP99FromOneSource(placed.map(({ r }) => ({ exact: r.schedLatency.exact?.p99 ?? null, sampled: r.schedLatency.sampled?.p99 ?? null })));
  return {
    points: scalingPoints(placed.map(({ r, gomaxprocs }, i) => ({ gomaxprocs, opsPerSec: r.run.opsPerSec, schedP99: sched.values[i] }))),
    schedSource: sched.source,
    leftOut,
    note,
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
