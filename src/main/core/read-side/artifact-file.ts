// Where a run's artifact is on disk, for adapters that hand files out (browser mode's downloads).
// Only the files the store lists for the run, and only inside the run's folder; with the size the
// run left, which the file opened to be handed out must still have. A cut of the run's trace made
// for go tool trace (runs.cutTrace) is handed out the same way, by the name the cut gave it.
import { resolve, sep } from 'node:path';
import type { Store } from '../store';
import { cutFile } from './trace-cut';

export function artifactFile(store: Store, runId: string, name: string): { path: string; size: number } | null {
  const artifact = store.artifacts(runId).find((a) => a.name === name);
  if (!artifact) return store.getRun(runId) ? cutFile(store.runDir(runId), name) : null;
  const path = resolve(store.artifactPath(artifact));
  return path.startsWith(resolve(store.runDir(runId)) + sep) ? { path, size: artifact.size } : null;
}
