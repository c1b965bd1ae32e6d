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
  const which = gone === all ? `None of the run's ${all} files is` : `${gone} of the run's ${all} files ${gone === 1 ? 'is' : 'are'} not`;
  return `${which} in its folder as the run left it. The figures stored at the run's end stand; flame graphs, drill-downs and go tool commands that read those files cannot.`;
}
