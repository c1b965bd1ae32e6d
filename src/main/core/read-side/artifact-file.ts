// Where a run's artifact is on disk, for adapters that hand files out (browser mode's downloads).
// Only the files the store lists for the run, and only inside the run's folder; with the size the
// run left, which the file opened to be handed out must still have. A cut of the run's trace made
// for go tool trace (runs.cutTrace) is handed out the same way, by the name the cut gave it.
import { realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Store } from '../store';
import { cutFile } from './trace-cut';

export function artifactFile(store: Store, runId: string, name: string): { path: string; size: number } | null {
  if (!isOwnFolder(store, runId)) return null;
  const artifact = store.artifacts(runId).find((a) => a.name === name);
  if (!artifact) return store.getRun(runId) ? cutFile(store.runDir(runId), name) : null;
  const path = resolve(store.artifactPath(artifact));
  return path.startsWith(resolve(store.runDir(runId)) + sep) ? { path, size: artifact.size } : null;
}

/**
 * Whether the run's folder is a folder of runs/ itself, not a link to one elsewhere (a copied or
 * shared data folder may hold any link): the files are opened without following a link of their
 * own, and this keeps their folder in the data folder too. runs/ may be a link (to a larger disk).
 */
function isOwnFolder(store: Store, runId: string): boolean {
  try {
    return realpathSync(store.runDir(runId)) === join(realpathSync(store.paths.runs), runId);
  } catch {
    return false;
  }
}
