// Whether a run's files are still as the run left them. The history records each file's size and
// sha256 when the run ends; a run folder deleted or a file replaced outside the workbench is then
// said where the file would be read (the artifact list, a flame graph, a drill-down), rather than met
// as a bare ENOENT or, worse, read as if it were the run's. The figures stored at the run's end do
// not depend on the files and stand.
import { lstatSync } from 'node:fs';
import type { Artifact } from '../../../shared/domain';
import { UserError } from '../errors';
import type { Store, StoredArtifact } from '../store';

/** What is at an artifact's path now, by its recorded size (a sha256 of every file on each read would cost a trace's read). */
export function artifactOnDisk(path: string, recordedSize: number): Artifact['onDisk'] {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info || !info.isFile()) return 'missing';
  return info.size === recordedSize ? 'kept' : 'changed';
}

/**
 * Why a file the run kept cannot be read as the run's, in words; null when it is there as kept. The
 * path is not named: the words travel in exported reports, which carry no path of this machine.
 */
function goneText(runId: string, artifact: StoredArtifact, onDisk: Artifact['onDisk']): string | null {
  if (onDisk === 'kept') return null;
  const what =
    onDisk === 'missing'
      ? 'is no longer in its folder (deleted outside the workbench?)'
      : `in its folder is not the file the run kept (not the ${artifact.size.toLocaleString('en-US')} bytes recorded: replaced outside the workbench?)`;
  return `${artifact.name} of run ${runId} ${what}. The figures stored at the run's end stand; what reads this file cannot be shown.`;
}

/** The path of a file the run kept, or a UserError naming what became of it. */
export function keptArtifactPath(store: Store, runId: string, artifact: StoredArtifact): string {
  const path = store.artifactPath(artifact);
  const gone = goneText(runId, artifact, artifactOnDisk(path, artifact.size));
  if (gone !== null) throw new UserError(gone, null, 'gone');
  return path;
}

/** Whether a file the run kept is still there as kept (for readers that do without it: they show nothing of it). */
export const isKept = (store: Store, artifact: StoredArtifact): boolean => artifactOnDisk(store.artifactPath(artifact), artifact.size) === 'kept';
