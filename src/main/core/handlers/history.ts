// Read side of the run history: list, detail, series, terminal output, flame graphs, and the few
// edits a user makes to finished runs (tags, label, delete).
import { join } from 'node:path';
import { UserError } from '../errors';
import type { ReadSideDeps } from './read-deps';
import type { DomainHandlers } from './types';
import { runDetail, isProfile } from '../history/detail';
import { runSeries } from '../history/series';
import { readTail } from '../history/tail';
import type { FlameTree } from '../../../shared/domain';

export type HistoryCommand =
  | 'runs.list'
  | 'runs.get'
  | 'runs.series'
  | 'runs.terminal'
  | 'runs.flame'
  | 'runs.delete'
  | 'runs.setTags'
  | 'runs.setLabel';

/** The flame tree of one of a run's profiles, named by its artifact name (cpu.pprof, sched.pprof …). */
export async function runFlame(deps: ReadSideDeps, id: string, profile: string): Promise<FlameTree> {
  deps.store.requireRun(id);
  const artifact = deps.store.artifacts(id).find((a) => a.name === profile);
  if (!artifact || !isProfile(artifact)) {
    throw new UserError(`Run ${id} has no profile named ${profile}`, 'profile', 'not-found');
  }
  return deps.flame.tree(deps.store.artifactPath(artifact), artifact.sha256, artifact.kind);
}

export function createHistoryHandlers(deps: ReadSideDeps): DomainHandlers<HistoryCommand> {
  const { store, bus } = deps;
  const changed = (): void => bus.emit('runs.changed', {});
  return {
    async 'runs.list'({ filter, sort, limit, offset }) {
      const { runs, total } = store.listRuns({ filter, sort, limit, offset });
      const experimentIds = [...new Set(runs.map((r) => r.experimentId).filter((e): e is string => e !== null))];
      return { runs, total, experiments: store.listExperiments(experimentIds) };
    },
    async 'runs.get'({ id }) {
      return runDetail(store, id);
    },
    async 'runs.series'({ id }) {
      return { ticks: await runSeries(store, id) };
    },
    async 'runs.terminal'({ id }) {
      store.requireRun(id);
      return { text: (await readTail(join(store.runDir(id), 'terminal.log'))) ?? '' };
    },
    async 'runs.flame'({ id, profile }) {
      return runFlame(deps, id, profile);
    },
    async 'runs.delete'({ ids }) {
      const deleted = store.deleteRuns(ids);
      changed();
      return { deleted };
    },
    async 'runs.setTags'({ id, tags }) {
      store.setTags(id, tags);
      changed();
      return { ok: true };
    },
    async 'runs.setLabel'({ id, label }) {
      store.setLabel(id, label);
      changed();
      return { ok: true };
    },
  };
}
