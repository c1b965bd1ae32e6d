// Where a remote run's host keeps its files when the run's own fetch did not come through. The
// record has no column for it: the run's error ends with the sentence below (remote/layout.ts
// writes it), so the Run page reads it back from there to offer runs.fetchKept, and the two stay
// one spelling.
import { isTerminal, type RunSummary } from './domain';
import { LOCAL_HOST } from './hosts';
import { counted } from './plural';

/** The clause of a run's error that says where its host keeps its files (`folder` relative to the login's home). */
export function keptFilesText(host: string, folder: string, staleDays: number): string {
  return `its files are kept on host ${host} in ~/${folder}, until a run there finds them more than ${counted(staleDays, 'day')} old`;
}

const KEPT = /\bits files are kept on host (\S+) in ~\//;

/**
 * The host that keeps the files of a finished remote run that did not succeed, as its error says,
 * while they have not been fetched since (`filesFetchedAt`); null for every other run.
 */
export function keptFilesHost(run: Pick<RunSummary, 'state' | 'host' | 'error' | 'filesFetchedAt'>): string | null {
  if (run.host === LOCAL_HOST || !isTerminal(run.state) || run.state === 'succeeded' || run.filesFetchedAt !== null) return null;
  const host = KEPT.exec(run.error ?? '')?.[1];
  return host === run.host ? host : null;
}
