// Words for a run's files that are no longer as the run left them (Artifact.onDisk), one text for
// `gmpw show` and the Run page.
import type { Artifact } from './domain';

/** What became of one file, in a table's cell. */
export const ARTIFACT_GONE: Record<Exclude<Artifact['onDisk'], 'kept'>, string> = {
  missing: 'missing: deleted outside the workbench',
  changed: 'changed since the run: its size is not the one recorded',
};

/** The line under a run's files when `gone` of its `all` are missing or changed. */
export function artifactsGoneText(gone: number, all: number): string {
  const which = all === 1 ? "The run's one file is" : gone === all ? `None of the run's ${all} files is` : `${gone} of the run's ${all} files ${gone === 1 ? 'is' : 'are'}`;
  const not = all === 1 || gone !== all ? ' not' : '';
  return `${which}${not} in its folder as the run left it. The figures stored at the run's end stand; what reads ${gone === 1 ? 'that file' : 'those files'} (a flame graph, a drill-down, the log, go tool) cannot be shown.`;
}

/** The trace a run kept: the full one, else the flight recorder's (the one the run's analysis read). */
export function keptTrace<A extends Pick<Artifact, 'kind'>>(artifacts: readonly A[]): A | undefined {
  return artifacts.find((a) => a.kind === 'trace') ?? artifacts.find((a) => a.kind === 'flight');
}

/** Whether the trace the run kept was deleted or replaced since. */
export function keptTraceGone(artifacts: ReadonlyArray<Pick<Artifact, 'kind' | 'onDisk'>>): boolean {
  const trace = keptTrace(artifacts);
  return trace !== undefined && trace.onDisk !== 'kept';
}
