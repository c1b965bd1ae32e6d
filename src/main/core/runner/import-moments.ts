// An import is files, and files can come from anywhere: a CPU profile of last week beside today's
// trace would be shown on one Run page as one moment of one program. Each profile that records over
// a span (a CPU profile, a trace's delay profiles) says when it began (time_nanos) and for how long;
// a trace of Go 1.25 or later says when its first event was. Spans that do not meet are said.
// Snapshots (heap, goroutine) and counts since the process began (block, mutex) say only when they
// were written, which can be long after the trace of the same process: they are not compared.
import { durationText } from '../../../shared/duration-text';
import { utcText } from '../../../shared/run-times';
import type { FlameTree } from '../../../shared/domain';

/** Clocks of one machine agree; a profile begun a moment before the trace (its request first) still meets it. */
const SLACK_S = 1;

interface Span {
  startedAt: string | null;
  durationS: number | null;
}

/** Why an imported profile is not of the moment the trace shows, one sentence each; empty when every one that can say meets it. */
export function profilesApartFromTrace(trace: Span, profiles: ReadonlyArray<Pick<FlameTree, 'profile'> & Span>): string[] {
  if (trace.startedAt === null || trace.durationS === null) return [];
  const traceFrom = Date.parse(trace.startedAt) / 1000;
  const traceTo = traceFrom + trace.durationS;
  const apart: string[] = [];
  for (const p of profiles) {
    if (p.startedAt === null || p.durationS === null) continue;
    const from = Date.parse(p.startedAt) / 1000;
    const to = from + p.durationS;
    const gap = from > traceTo + SLACK_S ? from - traceTo : to < traceFrom - SLACK_S ? traceFrom - to : null;
    if (gap === null) continue;
    const where = from > traceTo ? 'after the trace ended' : 'before the trace began';
    apart.push(`${p.profile} recorded ${durationText(p.durationS)} from ${utcText(p.startedAt)}, ${durationText(gap)} ${where} (${utcText(trace.startedAt)}, ${durationText(trace.durationS)}): not of the moment the trace shows (another run's, or another time's?).`);
  }
  return apart;
}
