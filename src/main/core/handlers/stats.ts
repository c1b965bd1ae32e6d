// Benchstat-grade commands: groups of repetitions compared with statistics, and the Go
// benchmark format export.
import type { RunGroup } from '../../../shared/contract';
import { exportBenchfmt } from '../history/benchfmt-export';
import { runDetail } from '../history/detail';
import { groupedMetrics, groupWarnings, type GroupDetails } from '../history/group-stats';
import { experimentRuns, resolveGroups } from '../history/groups';
import type { ReadSideDeps } from './read-deps';
import type { DomainHandlers } from './types';

export function createStatsHandlers(deps: ReadSideDeps): DomainHandlers<'compare.cells' | 'compare.exportBenchfmt'> {
  const withDetails = (group: RunGroup): GroupDetails => ({ group, details: group.runIds.map((id) => runDetail(deps.store, id)) });
  return {
    async 'compare.cells'({ baseline, candidates }) {
      const { base, cands } = resolveGroups(deps.store, baseline, candidates);
      const b = withDetails(base);
      const cs = cands.map(withDetails);
      return { baseline: base, candidates: cands, metrics: groupedMetrics(b, cs), warnings: groupWarnings(b, cs) };
    },
    async 'compare.exportBenchfmt'({ experimentId, runIds }) {
      const ids = experimentId ? experimentRuns(deps.store, experimentId).map((r) => r.id) : runIds!;
      return exportBenchfmt(ids.map((id) => runDetail(deps.store, id)));
    },
  };
}
