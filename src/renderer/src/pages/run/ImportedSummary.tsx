// The summary of an imported run: what the trace says, not a run configuration nobody chose.
import type { ImportedFacts } from '../../../../shared/imported';
import { formatDuration } from '../../format';

export function ImportedSummary({ facts }: { facts: ImportedFacts }) {
  const unknown = <span className="muted">no trace</span>;
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
    </dl>
  );
}
