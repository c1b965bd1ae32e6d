import type { ReportSnapshot } from '../../../shared/report';
import { reportSummary } from './summary-model';

/** What a reader takes in first: what ran, where, the headline numbers, the biggest changes. */
export function ReportSummary({ snapshot }: { snapshot: ReportSnapshot }) {
  const summary = reportSummary(snapshot);
  if (!summary) return null;
  return (
    <section className="report-summary" data-testid="report-summary">
      <ul className="report-what">
        {summary.what.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {summary.where && <p className="muted">{summary.where}</p>}
      <dl className="report-headline">
        {summary.headline.map((h) => (
          <div key={h.label}>
            <dt>{h.label}</dt>
            <dd>{h.value}</dd>
          </div>
        ))}
      </dl>
      {summary.changes && (
        <div className="report-changes">
          <strong>{summary.changes.title}</strong>
          {summary.changes.items.length > 0 ? (
            <ul>
              {summary.changes.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{summary.changes.none ?? 'None.'}</p>
          )}
          <p className="muted small">{summary.changes.note}</p>
        </div>
      )}
    </section>
  );
}
