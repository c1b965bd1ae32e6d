// The line at the foot of an exported report: what the export cut, said only of what this report
// holds. An experiment's report holds statistics and no flame graph or terminal log; a run's holds
// a flame graph only when the run had a profile.
import { holdsAnswers, type ReportSnapshot } from '../../../shared/report';
import { capitalised } from '../../../shared/sentences';

/** The artifacts never travel with a report, whatever its kind. */
const ARTIFACTS_STAY = 'The artifacts (profiles, traces) stay with the runs in the workbench.';

export function reportNote(snapshot: ReportSnapshot): string {
  const cuts = [
    (holdsAnswers(snapshot, 'runs.flame') || holdsAnswers(snapshot, 'compare.diffFlame')) && `flame graphs keep frames of at least ${snapshot.minFrameShare * 100}% of their profile`,
    holdsAnswers(snapshot, 'runs.terminal') && 'each terminal log keeps its end',
  ].filter((cut): cut is string => typeof cut === 'string');
  return cuts.length > 0 ? `${capitalised(cuts.join('; '))}. ${ARTIFACTS_STAY}` : ARTIFACTS_STAY;
}
