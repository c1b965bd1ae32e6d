// A plan becomes runs: one per cell of host × GOMAXPROCS × concurrency × CPU limit, repeated, with
// the cells interleaved (A B C A B C …) so that drift of the machines spreads over every cell alike.
import type { RunConfig, RunPlan } from '../../../shared/domain';

export interface PlannedRun {
  config: RunConfig;
  /** e.g. "GOMAXPROCS=2 concurrency=100 cpu=0.5 #3"; null for a plan of one run. */
  cell: string | null;
}

export function isExperiment(plan: RunPlan): boolean {
  return plan.repeat > 1 || plan.gomaxprocs.length > 1 || plan.concurrency.length > 1 || plan.cpuLimit.length > 1 || plan.hosts.length > 1;
}

/** Whether the plan asks for a CPU limit at all; only then do cells name theirs. */
const limitsCpu = (plan: RunPlan): boolean => plan.cpuLimit.some((l) => l !== 'max');

export function expandPlan(plan: RunPlan): PlannedRun[] {
  const { concurrency: concurrencies, gomaxprocs: procsList, cpuLimit: limits, hosts, repeat, ...common } = plan;
  const cells: Pick<RunConfig, 'host' | 'gomaxprocs' | 'concurrency' | 'cpuLimit'>[] = [];
  for (const host of hosts) {
    for (const gomaxprocs of procsList) for (const concurrency of concurrencies) for (const cpuLimit of limits) cells.push({ host, gomaxprocs, concurrency, cpuLimit });
  }
  const experiment = isExperiment(plan);
  const cpuNamed = limitsCpu(plan);
  // The host names the cell only when it varies, so single-host experiments keep their cell names.
  const hostPart = (host: string) => (hosts.length > 1 ? `host=${host} ` : '');
  const runs: PlannedRun[] = [];
  for (let rep = 1; rep <= repeat; rep++) {
    for (const cell of cells) {
      const cpu = cpuNamed ? ` cpu=${cell.cpuLimit}` : '';
      runs.push({
        config: { ...common, ...cell },
        cell: experiment ? `${hostPart(cell.host)}GOMAXPROCS=${cell.gomaxprocs} concurrency=${cell.concurrency}${cpu} #${rep}` : null,
      });
    }
  }
  return runs;
}
