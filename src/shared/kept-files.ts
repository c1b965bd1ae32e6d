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

/**
 * Said before a run's error once its kept files were fetched: the error tells of the run as it ended,
 * when the files were still on the host.
 */
export const ERROR_BEFORE_FETCH = 'as the run ended, before its files were fetched';

/**
 * What a run's message says when its files came but their folder on the host could not be removed:
 * not "kept" (KEPT below), as the Run page would then offer to fetch them again.
 */
export function copyLeftText(host: string, folder: string, reason: string, staleDays: number): string {
  return `a copy of its files stays on host ${host} in ~/${folder} (removing it failed: ${reason}), until a run there finds it more than ${counted(staleDays, 'day')} old`;
}

const KEPT = /\bits files are kept on host (\S+) in (~\/[^\s,;]+)(?:, until a run there finds them more than \d+ days? old)?/;

/** What a run's error says of where its host keeps its files: the host, the folder (`~/…`) and the clause as written. */
export interface KeptFiles {
  host: string;
  folder: string;
  clause: string;
}

/**
 * Where a finished remote run that did not succeed has its files kept, as its error says, while they
 * have not been fetched since (`filesFetchedAt`); null for every other run.
 */
export function keptFiles(run: Pick<RunSummary, 'state' | 'host' | 'error' | 'filesFetchedAt'>): KeptFiles | null {
  if (run.host === LOCAL_HOST || !isTerminal(run.state) || run.state === 'succeeded' || run.filesFetchedAt !== null) return null;
  const said = KEPT.exec(run.error ?? '');
  return said && said[1] === run.host ? { host: said[1], folder: said[2]!, clause: said[0] } : null;
}

/** The host that keeps the files of the run (keptFiles), or null. */
export function keptFilesHost(run: Pick<RunSummary, 'state' | 'host' | 'error' | 'filesFetchedAt'>): string | null {
  return keptFiles(run)?.host ?? null;
}
