// When a run's target ran, as against when the run left the queue: a build comes between (a Go
// release fetched, the target compiled for its machine), and can take longer than the run.
import { isTerminal, type RunSummary } from './domain';
import { threeSignificant } from './significant';
import { LOCAL_HOST } from './hosts';

/** Seconds from leaving the queue to the target's start; null when nothing was built first (an import) or the run did not say. */
export function buildSeconds(run: Pick<RunSummary, 'startedAt' | 'targetStartedAt'>): number | null {
  if (!run.startedAt || !run.targetStartedAt) return null;
  const s = (Date.parse(run.targetStartedAt) - Date.parse(run.startedAt)) / 1000;
  return s > 0 ? s : null;
}

/** "after 34.1 s of building" */
export const buildText = (s: number): string => `after ${threeSignificant(s)} s of building`;

/**
 * "2026-12-06 13:23:56.051 UTC": an RFC 3339 UTC time (a trace's meta.started_at) to the
 * millisecond; the text as it is when it does not read as one.
 */
export function utcText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ''} UTC` : iso;
}

/**
 * Why a run's page has no provenance (no result.json it could read), and where its target ran: a run
 * whose target never started (a host that could not be reached, a build that failed, a cancel while
 * queued) did not run anywhere, and one still queued or building has not yet.
 */
export function noProvenanceText(run: Pick<RunSummary, 'host' | 'state' | 'targetStartedAt' | 'error'>, resultFile: boolean): string {
  const where = run.host === LOCAL_HOST ? 'on this machine' : `on host ${run.host}`;
  // A run stored before the workbench kept when targets start has no such time: its result says it ran.
  if (run.targetStartedAt !== null || run.state === 'succeeded' || resultFile) {
    return `No provenance: ${resultFile ? 'its result.json was not understood' : 'the target wrote no result.json'}. It ran ${where}.`;
  }
  if (!isTerminal(run.state)) return `No provenance yet: the target has not started ${where}.`;
  return `No provenance: there is no result.json, and no record that the target started ${where}${run.error ? ": the run's error says what stopped it" : ''}.`;
}
