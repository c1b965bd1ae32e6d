// The summary of an imported run: what the trace says, not a run configuration nobody chose.
import type { ImportedFacts } from '../../../../shared/imported';
import { utcText } from '../../../../shared/run-times';
import { formatDuration } from '../../format';

export function ImportedSummary({ facts, traceUnread }: { facts: ImportedFacts; traceUnread: boolean }) {
  // A trace that was imported but could not be read is not "no trace": the page says why below.
  const unknown = <span className="muted">{traceUnread ? 'unreadable trace (see Trace figures)' : 'no trace'}</span>;
  return (
    <dl className="facts" data-testid="imported-summary">
      <dt>Imported</dt>
      <dd>{facts.title.replace(/^imported /, '')}</dd>
      <dt>Go (trace format)</dt>
      <dd>{facts.goVersion ?? unknown}</dd>
      <dt>GOMAXPROCS (from the trace)</dt>
      <dd>{facts.gomaxprocs ?? unknown}</dd>
      <dt>Trace duration</dt>
      <dd>{facts.durationS === null ? unknown : formatDuration(facts.durationS)}</dd>
      <dt>Recorded from</dt>
      <dd data-testid="trace-started-at">{facts.startedAt ? utcText(facts.startedAt) : facts.goVersion ? <span className="muted">not in the trace (Go 1.25+ traces record it)</span> : unknown}</dd>
    </dl>
  );
}
