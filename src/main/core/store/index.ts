export { Store, IllegalTransition } from './store';
export type { StoreOptions, NewRun, TransitionFields, StoredArtifact, StoredRun, ListQuery } from './store';
export { artifactKind } from './artifacts';
export { diskFullError } from './errors';
export { checkResult, checkAnalysis } from './files';
export type { Checked } from './files';
export type { RunSort, RunSortKey } from './query';
