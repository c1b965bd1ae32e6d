// The run history's runs.* commands: list, detail, series, a setup's trend, terminal output, flame graphs, and the
// few edits a user makes to finished runs (tags, label, delete). Starting runs is in runs.ts.
import { join } from 'node:path';
import { isTerminal } from '../../../shared/domain';
import { keptArtifactPath } from '../read-side/artifact-state';
import { runDetail } from '../read-side/detail';
import { runFlame } from '../read-side/run-flame';
import { runSeries } from '../read-side/series';
import { readTail } from '../read-side/tail';
import { setupTrend } from '../read-side/trend';
import type { ReadSideDeps } from './read-deps';
import type { DomainHandlers } from './types';

export type HistoryCommand =
  | 'runs.list'
  | 'runs.get'
  | 'runs.series'
  | 'runs.trend'
  | 'runs.terminal'
  | 'runs.flame'
  | 'runs.delete'
  | 'runs.setTags'
  | 'runs.setLabel';

export function createHistoryHandlers(deps: ReadSideDeps): DomainHandlers<HistoryCommand> {
  const { store, events } = deps;
  const changed = (): void => events.emit('runs.changed', {});
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
    async 'runs.trend'({ id, limit }) {
      return setupTrend(store, id, limit);
    },
    async 'runs.terminal'({ id }) {
      // A finished run's log is as the run left it, or said gone; a live one grows as it is read.
      const { state } = store.requireRun(id);
      const kept = isTerminal(state) ? store.artifacts(id).find((a) => a.name === 'terminal.log') : undefined;
      if (kept) keptArtifactPath(store, id, kept);
      return { text: (await readTail(join(store.runDir(id), 'terminal.log'))) ?? '' };
    },
    async 'runs.flame'({ id, profile, focus }) {
      return runFlame(store, deps.flame, id, profile, focus ?? null);
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
