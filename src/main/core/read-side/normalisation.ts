// What one unit of a differential flame graph's normalisation is for a run: its measured seconds
// (per-second), its operations (per-op), or 1 (share of the total).
import type { Normalisation, RunSummary } from '../../../shared/domain';
import type { HarnessResult } from '../../../shared/results';
import { UserError } from '../errors';

function runSeconds(run: RunSummary, result: HarnessResult | null): number | null {
  if (result && result.wall_s > 0) return result.wall_s;
  if (run.startedAt && run.endedAt) {
    const s = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
    if (s > 0) return s;
  }
  return null;
}

export function normalisationUnit(run: RunSummary, result: HarnessResult | null, normalisation: Normalisation): number {
  if (normalisation === 'share') return 1;
  const value = normalisation === 'per-second' ? runSeconds(run, result) : result?.ops || null;
  if (value === null) {
    const missing = normalisation === 'per-second' ? 'a measured duration' : 'a count of operations';
    throw new UserError(`Run ${run.id} has no ${missing}, needed for ${normalisation} normalisation; use share of total instead.`, 'normalisation');
  }
  return value;
}
