// Comparison commands: key numbers of a baseline against candidates, and differential flame trees.
import type { Normalisation, RunSummary } from '../../../shared/domain';
import type { HarnessResult } from '../../../shared/results';
import { commonProfiles, comparedMetrics, provenanceWarnings } from '../history/compare';
import { runDetail } from '../history/detail';
import { diffFlameTrees } from '../flame/diff';
import { UserError } from '../errors';
import { runFlame } from './history';
import type { ReadSideDeps } from './read-deps';
import type { DomainHandlers } from './types';

function runSeconds(run: RunSummary, result: HarnessResult | null): number | null {
  if (result && result.wall_s > 0) return result.wall_s;
  if (run.startedAt && run.endedAt) {
    const s = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
    if (s > 0) return s;
  }
  return null;
}

/** What one unit of the normalisation is for this run (its seconds or its ops). */
function normalisationUnit(run: RunSummary, result: HarnessResult | null, normalisation: Normalisation): number {
  if (normalisation === 'share') return 1;
  const value = normalisation === 'per-second' ? runSeconds(run, result) : result?.ops || null;
  if (value === null) {
    const missing = normalisation === 'per-second' ? 'a measured duration' : 'a count of operations';
    throw new UserError(`Run ${run.id} has no ${missing}, needed for ${normalisation} normalisation; use share of total instead.`, 'normalisation');
  }
  return value;
}

export function createCompareHandlers(deps: ReadSideDeps): DomainHandlers<'compare.runs' | 'compare.diffFlame'> {
  return {
    async 'compare.runs'({ baseline, candidates }) {
      const base = runDetail(deps.store, baseline);
      const cands = candidates.map((id) => runDetail(deps.store, id));
      return {
        baseline: base,
        candidates: cands,
        metrics: comparedMetrics(base, cands),
        warnings: provenanceWarnings(base, cands),
        commonProfiles: commonProfiles(base, cands),
      };
    },
    async 'compare.diffFlame'({ baseline, candidate, profile, normalisation }) {
      const sides = [baseline, candidate].map((id) => {
        const stored = deps.store.getStoredRun(id);
        return { id, per: normalisationUnit(stored.summary, stored.result?.value ?? null, normalisation) };
      });
      const [baseTree, candTree] = await Promise.all(sides.map((s) => runFlame(deps, s.id, profile)));
      return diffFlameTrees({ tree: baseTree, per: sides[0].per }, { tree: candTree, per: sides[1].per }, normalisation);
    },
  };
}
