// The flame tree of one of a run's profiles, named by its artifact name (cpu.pprof, sched.pprof …).
import type { FlameTree, LabelFocus } from '../../../shared/domain';
import { UserError } from '../errors';
import type { FlameService } from '../flame/service';
import type { Store } from '../store';
import { keptArtifactPath } from './artifact-state';
import { isProfile } from './detail';

/** With `focus`, the tree of the samples carrying that label (pprof's -tagfocus). */
export async function runFlame(store: Store, flame: FlameService, id: string, profile: string, focus: LabelFocus | null = null): Promise<FlameTree> {
  store.requireRun(id);
  const artifact = store.artifacts(id).find((a) => a.name === profile);
  if (!artifact || !isProfile(artifact)) {
    throw new UserError(`Run ${id} has no profile named ${profile}`, 'profile', 'not-found');
  }
  return flame.tree(keptArtifactPath(store, id, artifact), artifact.sha256, artifact.kind, focus);
}
