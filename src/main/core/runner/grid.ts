// A plan becomes runs: one per cell of host × GOMAXPROCS × concurrency, repeated, with the cells
// interleaved (A B C A B C …) so that drift of the machines spreads over every cell alike.
import type { RunConfig, RunPlan } from '../../../shared/domain';

export interface PlannedRun {
  config: RunConfig;
  /** e.g. "GOMAXPROCS=2 concurrency=100 #3"; null for a plan of one run. */
  cell: string | null;
}

export function isExperiment(plan: RunPlan): boolean {
  return plan.repeat > 1 || plan.gomaxprocs.length > 1 || plan.concurrency.length > 1 || plan.hosts.length > 1;
}

export function expandPlan(plan: RunPlan): PlannedRun[] {
  const { concurrency: concurrencies, gomaxprocs: procsList, hosts, repeat, ...common } = plan;
  const cells: Pick<RunConfig, 'host' | 'gomaxprocs' | 'concurrency'>[] = [];
  for (const host of hosts) for (const gomaxprocs of procsList) for (const concurrency of concurrencies) cells.push({ host, gomaxprocs, concurrency });
  const experiment = isExperiment(plan);
  // The host names the cell only when it varies, so single-host experiments keep their cell names.
  const hostPart = (host: string) => (hosts.length > 1 ? `host=${host} ` : '');
  const runs: PlannedRun[] = [];
  for (let rep = 1; rep <= repeat; rep++) {
    for (const cell of cells) {
      runs.push({
        config: { ...common, ...cell },
        cell: experiment ? `${hostPart(cell.host)}GOMAXPROCS=${cell.gomaxprocs} concurrency=${cell.concurrency} #${rep}` : null,
      });
    }
  }
  return runs;
}
