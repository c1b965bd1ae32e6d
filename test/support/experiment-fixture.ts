// A stored experiment with known throughputs per cell, for the statistics commands: runs are
// created interleaved (A B C A B C …) as the runner creates them, each with a result.json.
import type { RunConfig } from '../../src/shared/domain';
import type { Store } from '../../src/main/core/store';
import { harnessResult, runConfig } from './store-fixtures';

export interface CellSpec {
  procs: number;
  /** One run per value: its ops/s. */
  ops: number[];
  /** Extra repetitions that failed (left out of the statistics). */
  failed?: number;
  /** What else its runs were configured with (captures, environment …). */
  config?: Partial<RunConfig>;
}

/** GOMAXPROCS=2 is clearly faster than 1; GOMAXPROCS=4 has only 2 runs, too few for a verdict against 6 (2 needs 8). */
export const GRID: CellSpec[] = [
  { procs: 1, ops: [1000, 1012, 995, 1003, 990, 1007] },
  { procs: 2, ops: [1500, 1490, 1525, 1511, 1470, 1502], failed: 1 },
  { procs: 4, ops: [1600, 1580] },
];

export const cellName = (procs: number) => `GOMAXPROCS=${procs} concurrency=8`;

export function storeExperiment(store: Store, cells: readonly CellSpec[] = GRID): string {
  const experiment = store.createExperiment('grid', {});
  const add = (procs: number, rep: number, opsPerSec: number, state: 'succeeded' | 'failed', config: Partial<RunConfig> = {}) => {
    const id = store.createRun({ config: runConfig({ gomaxprocs: procs, ...config }), experimentId: experiment, cell: `${cellName(procs)} #${rep}` });
    store.transition(id, 'running');
    store.transition(id, state, { exitCode: state === 'succeeded' ? 0 : 1 });
    store.saveResult(id, harnessResult({ opsPerSec, gomaxprocs: procs, wallS: 1 }));
  };
  const reps = Math.max(...cells.map((c) => c.ops.length + (c.failed ?? 0)));
  for (let rep = 0; rep < reps; rep++) {
    for (const c of cells) {
      if (rep < c.ops.length) add(c.procs, rep + 1, c.ops[rep], 'succeeded', c.config);
      else if (rep < c.ops.length + (c.failed ?? 0)) add(c.procs, rep + 1, 1, 'failed', c.config);
    }
  }
  return experiment;
}
