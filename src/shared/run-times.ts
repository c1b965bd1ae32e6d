// When a run's target ran, as against when the run left the queue: a build comes between (a Go
// release fetched, the target compiled for its machine), and can take longer than the run.
import type { RunSummary } from './domain';
import { threeSignificant } from './significant';

/** Seconds from leaving the queue to the target's start; null when nothing was built first (an import) or the run did not say. */
export function buildSeconds(run: Pick<RunSummary, 'startedAt' | 'targetStartedAt'>): number | null {
  if (!run.startedAt || !run.targetStartedAt) return null;
  const s = (Date.parse(run.targetStartedAt) - Date.parse(run.startedAt)) / 1000;
  return s > 0 ? s : null;
}

/** "after 34.1 s of building" */
export const buildText = (s: number): string => `after ${threeSignificant(s)} s of building`;
