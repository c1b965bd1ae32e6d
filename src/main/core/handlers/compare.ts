// compare.*: key numbers of a baseline run against candidates, groups of repetitions with
// benchstat's statistics, the Go benchmark format export, and differential flame trees.
import type { RunGroup } from '../../../shared/contract';
import { diffFlameTrees } from '../flame/diff';
import { missingBenchmarkWarnings } from '../read-side/bench-compare';
import { exportBenchfmt } from '../read-side/benchfmt-export';
import { analysisPopulationWarnings, commonProfiles, comparedMetrics, originMismatch, pairedProfiles, profileOriginWarnings, provenanceWarnings } from '../read-side/compare';
import { runDetail } from '../read-side/detail';
import { UserError } from '../errors';
import { groupFacts, groupedMetrics, groupWarnings, type GroupDetails } from '../read-side/group-stats';
import { experimentRuns, resolveGroups } from '../read-side/groups';
import { normalisationUnit } from '../read-side/normalisation';
import { runFlame } from '../read-side/run-flame';
import type { ReadSideDeps } from './read-deps';
import type { DomainHandlers } from './types';

export type CompareCommand = 'compare.runs' | 'compare.cells' | 'compare.exportBenchfmt' | 'compare.diffFlame';

export function createCompareHandlers(deps: ReadSideDeps): DomainHandlers<CompareCommand> {
  const { store, flame } = deps;
  const withDetails = (group: RunGroup): GroupDetails => ({ group, details: group.runIds.map((id) => runDetail(store, id)) });
  return {
    async 'compare.runs'({ baseline, candidates }) {
      // A run against itself shows no change, however noisy it was: a mistake, not a comparison.
      const again = candidates.find((id, i) => id === baseline || candidates.indexOf(id) !== i);
      if (again !== undefined) throw new UserError(`Run ${again} is given twice${again === baseline ? ', as the baseline and as a candidate' : ''}: compare different runs`, 'candidates');
      const base = runDetail(store, baseline);
      const cands = candidates.map((id) => runDetail(store, id));
      const metrics = comparedMetrics(base, cands);
      return {
        baseline: base,
        candidates: cands,
        metrics,
        warnings: [...provenanceWarnings(base, cands), ...analysisPopulationWarnings([base, ...cands]), ...profileOriginWarnings(base, cands), ...missingBenchmarkWarnings(metrics, [baseline, ...candidates].map((id) => `run ${id}`))],
        commonProfiles: commonProfiles(base, cands),
        profilesByCandidate: Object.fromEntries(cands.map((c) => [c.run.id, pairedProfiles(base, c)])),
      };
    },
    async 'compare.cells'({ baseline, candidates }) {
      const { base, cands } = resolveGroups(store, baseline, candidates);
      const b = withDetails(base);
      const cs = cands.map(withDetails);
      const metrics = groupedMetrics(b, cs);
      const warnings = [...groupWarnings(b, cs), ...missingBenchmarkWarnings(metrics, [base, ...cands].map((g) => g.label))];
      return { baseline: base, candidates: cands, facts: [b, ...cs].map(groupFacts), metrics, warnings };
    },
    async 'compare.exportBenchfmt'({ experimentId, runIds }) {
      const ids = experimentId ? experimentRuns(store, experimentId, 'experimentId').map((r) => r.id) : runIds!;
      return exportBenchfmt(ids.map((id) => runDetail(store, id)));
    },
    async 'compare.diffFlame'({ baseline, candidate, profile, normalisation }) {
      if (candidate === baseline) throw new UserError(`Run ${candidate} is given twice, as the baseline and as the candidate: diff different runs`, 'candidate');
      const [baseDetail, candDetail] = [runDetail(store, baseline), runDetail(store, candidate)];
      const mismatch = originMismatch(baseDetail, candDetail, profile);
      if (mismatch) throw new UserError(`${mismatch}: they are not alike, so not diffed`, 'profile');
      const [base, cand] = await Promise.all(
        [baseline, candidate].map(async (id) => {
          const stored = store.getStoredRun(id);
          const tree = await runFlame(store, flame, id, profile);
          return { tree, ...normalisationUnit(stored.summary, stored.result?.value ?? null, tree, normalisation) };
        }),
      );
      return diffFlameTrees(base!, cand!, normalisation);
    },
  };
}
