// A plan becomes runs: one per cell of Go release × host × GOMAXPROCS × concurrency × CPU limit,
// repeated, with the cells interleaved (A B C A B C …) so that drift of the machines spreads over
// every cell alike.
import type { RunConfig, RunPlan } from '../../../shared/domain';
import { formatCell } from '../../../shared/cell-name';
import { LOCAL_GO } from '../../../shared/go-release';

export interface PlannedRun {
  config: RunConfig;
  /** e.g. "go=go1.22.12 GOMAXPROCS=2 concurrency=100 cpu=0.5 #3" (each dimension named only when the plan varies or sets it); null for a plan of one run. */
  cell: string | null;
}

export function isExperiment(plan: RunPlan): boolean {
  return (
    plan.repeat > 1 ||
    plan.gomaxprocs.length > 1 ||
    (plan.concurrency?.length ?? 1) > 1 ||
    plan.goVersion.length > 1 ||
    plan.cpuLimit.length > 1 ||
    plan.hosts.length > 1
  );
}

type Cell = Pick<RunConfig, 'goVersion' | 'host' | 'gomaxprocs' | 'concurrency' | 'cpuLimit'>;

/** Which of the optional dimensions a plan's cell names carry. */
interface Named {
  release: boolean;
  host: boolean;
  cpu: boolean;
  concurrency: boolean;
}

function cellName(cell: Cell, named: Named, rep: number): string {
  const dimensions: Array<[string, string | number]> = [
    ...(named.release ? [['go', cell.goVersion] as [string, string]] : []),
    ...(named.host ? [['host', cell.host] as [string, string]] : []),
    ['GOMAXPROCS', cell.gomaxprocs],
    ...(named.concurrency ? [['concurrency', cell.concurrency] as [string, number]] : []),
    ...(named.cpu ? [['cpu', cell.cpuLimit] as [string, string | number]] : []),
  ];
  return formatCell(dimensions, rep);
}

/**
 * The plan's runs. A plan that gives no concurrency runs each host at its CPU count
 * (`cpusOf(host)`), so the cells of a host experiment may differ in concurrency: they say so. A
 * scenario that ignores the concurrency (`ignoresConcurrency`) has none in its cells' names.
 */
export function expandPlan(plan: RunPlan, cpusOf: (host: string) => number, ignoresConcurrency = false): PlannedRun[] {
  const { concurrency: concurrencies, gomaxprocs: procsList, goVersion: releases, cpuLimit: limits, hosts, repeat, ...common } = plan;
  const cells: Cell[] = [];
  for (const goVersion of releases) {
    for (const host of hosts) {
      for (const gomaxprocs of procsList) {
        for (const concurrency of concurrencies ?? [cpusOf(host)]) for (const cpuLimit of limits) cells.push({ goVersion, host, gomaxprocs, concurrency, cpuLimit });
      }
    }
  }
  const experiment = isExperiment(plan);
  const named: Named = {
    // A plan of the workbench's own Go names no release in its cells, as before releases were a dimension.
    release: releases.length > 1 || releases[0] !== LOCAL_GO,
    // The host names the cell only when it varies, so single-host experiments keep their cell names.
    host: hosts.length > 1,
    // Only a plan that asks for a CPU limit at all names the cells' limits.
    cpu: limits.some((l) => l !== 'max'),
    concurrency: !ignoresConcurrency,
  };
  const runs: PlannedRun[] = [];
  for (let rep = 1; rep <= repeat; rep++) {
    for (const cell of cells) runs.push({ config: { ...common, ...cell }, cell: experiment ? cellName(cell, named, rep) : null });
  }
  return runs;
}
