// A plan becomes runs: one per cell of GOMAXPROCS × concurrency × CPU limit, repeated, with the
// cells interleaved (A B C A B C …) so that drift of the machine spreads over every cell alike.
import type { RunConfig, RunPlan } from '../../../shared/domain';

export interface PlannedRun {
  config: RunConfig;
  /** e.g. "GOMAXPROCS=2 concurrency=100 cpu=0.5 #3"; null for a plan of one run. */
  cell: string | null;
}

export function isExperiment(plan: RunPlan): boolean {
  return plan.repeat > 1 || plan.gomaxprocs.length > 1 || plan.concurrency.length > 1 || plan.cpuLimit.length > 1;
}

/** Whether the plan asks for a CPU limit at all; only then do cells name theirs. */
const limitsCpu = (plan: RunPlan): boolean => plan.cpuLimit.some((l) => l !== 'max');

export function expandPlan(plan: RunPlan): PlannedRun[] {
  const { concurrency: concurrencies, gomaxprocs: procsList, cpuLimit: limits, repeat, ...common } = plan;
  const cells: Pick<RunConfig, 'gomaxprocs' | 'concurrency' | 'cpuLimit'>[] = [];
  for (const gomaxprocs of procsList) for (const concurrency of concurrencies) for (const cpuLimit of limits) cells.push({ gomaxprocs, concurrency, cpuLimit });
  const experiment = isExperiment(plan);
  const cpuNamed = limitsCpu(plan);
  const runs: PlannedRun[] = [];
  for (let rep = 1; rep <= repeat; rep++) {
    for (const cell of cells) {
      const cpu = cpuNamed ? ` cpu=${cell.cpuLimit}` : '';
      runs.push({
        config: { ...common, ...cell },
        cell: experiment ? `GOMAXPROCS=${cell.gomaxprocs} concurrency=${cell.concurrency}${cpu} #${rep}` : null,
      });
    }
  }
  return runs;
}
