// A plan becomes runs: one per cell of Go release × GOMAXPROCS × concurrency, repeated, with the
// cells interleaved (A B C A B C …) so that drift of the machine spreads over every cell alike.
import type { RunConfig, RunPlan } from '../../../shared/domain';
import { LOCAL_GO } from '../../../shared/go-release';

export interface PlannedRun {
  config: RunConfig;
  /** e.g. "go=go1.22.12 GOMAXPROCS=2 concurrency=100 #3" (go= only when the plan lists releases); null for a plan of one run. */
  cell: string | null;
}

export function isExperiment(plan: RunPlan): boolean {
  return plan.repeat > 1 || plan.gomaxprocs.length > 1 || plan.concurrency.length > 1 || plan.goVersion.length > 1;
}

type Cell = Pick<RunConfig, 'goVersion' | 'gomaxprocs' | 'concurrency'>;

function cellName(cell: Cell, withRelease: boolean, rep: number): string {
  const release = withRelease ? `go=${cell.goVersion} ` : '';
  return `${release}GOMAXPROCS=${cell.gomaxprocs} concurrency=${cell.concurrency} #${rep}`;
}

export function expandPlan(plan: RunPlan): PlannedRun[] {
  const { concurrency: concurrencies, gomaxprocs: procsList, goVersion: releases, repeat, ...common } = plan;
  const cells: Cell[] = [];
  for (const goVersion of releases) for (const gomaxprocs of procsList) for (const concurrency of concurrencies) cells.push({ goVersion, gomaxprocs, concurrency });
  const experiment = isExperiment(plan);
  // A plan of the workbench's own Go names no release in its cells, as before releases were a dimension.
  const withRelease = releases.length > 1 || releases[0] !== LOCAL_GO;
  const runs: PlannedRun[] = [];
  for (let rep = 1; rep <= repeat; rep++) {
    for (const cell of cells) runs.push({ config: { ...common, ...cell }, cell: experiment ? cellName(cell, withRelease, rep) : null });
  }
  return runs;
}
