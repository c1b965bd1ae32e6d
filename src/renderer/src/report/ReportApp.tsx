// An exported report: the ten-second summary, then the app's own Run, Compare or Cells page, read-only,
// answering from the snapshot. The navigation lists the pages the report holds.
import { useMemo } from 'react';
import type { ReportSnapshot } from '../../../shared/report';
import { ApiProvider } from '../api/context';
import { EmptyState } from '../components/feedback';
import { ReadOnlyContext } from '../hooks/read-only';
import { routeHref, useRoute, type Route } from '../routing';
import { ThemeContext, useTheme } from '../hooks/theme';
import { formatTimestamp } from '../format';
import { CellsPage } from '../pages/CellsPage';
import { ComparePage } from '../pages/ComparePage';
import { RunPage } from '../pages/RunPage';
import { reportNote } from './report-note';
import { createSnapshotApi } from './snapshot-api';
import { ReportSummary } from './ReportSummary';

export function ReportApp({ snapshot }: { snapshot: ReportSnapshot }) {
  const [theme, toggleTheme] = useTheme();
  const route = useRoute();
  const current = routeHref(route);
  const api = useMemo(() => createSnapshotApi(snapshot), [snapshot]);
  return (
    <ApiProvider api={api}>
      <ReadOnlyContext.Provider value={true}>
        <ThemeContext.Provider value={theme}>
          <div className="app report">
            <nav className="topbar">
              <span className="brand">GMP Workbench report</span>
              {snapshot.pages.map((p) => (
                <a key={p.hash} href={p.hash} className={p.hash === current ? 'active' : ''}>
                  {p.label}
                </a>
              ))}
              <span className="spacer" />
              <span className="muted small">exported {formatTimestamp(snapshot.exportedAt)}</span>
              <button type="button" className="icon" onClick={toggleTheme} title="Toggle theme" aria-label="Toggle theme">
                {theme === 'dark' ? '☀' : '☾'}
              </button>
            </nav>
            <main className="page">
              {/* The title and summary state the first page's comparison; another page (a run of it, or a
                  baseline picked) names the report in one line and points back, under its own heading. */}
              {current === snapshot.pages[0]?.hash ? (
                <>
                  <h1 className="report-title">{snapshot.title}</h1>
                  <ReportSummary snapshot={snapshot} />
                </>
              ) : (
                snapshot.pages[0] && (
                  <p className="muted small" data-testid="report-summary-elsewhere">
                    Part of the report <span className="report-title-inline">{snapshot.title}</span>; its summary is on{' '}
                    <a href={snapshot.pages[0].hash}>{snapshot.pages[0].label}</a>.
                  </p>
                )
              )}
              <ReportPage route={route} snapshot={snapshot} />
              <p className="muted small report-note">{reportNote(snapshot)}</p>
            </main>
          </div>
        </ThemeContext.Provider>
      </ReadOnlyContext.Provider>
    </ApiProvider>
  );
}

function ReportPage({ route, snapshot }: { route: Route; snapshot: ReportSnapshot }) {
  switch (route.page) {
    case 'run':
      return <RunPage key={route.id} id={route.id} />;
    case 'compare':
      return <ComparePage key={`${route.baseline}/${route.candidates.join(',')}`} baseline={route.baseline} candidates={route.candidates} />;
    case 'cells':
      return <CellsPage key={`${route.experimentId}/${route.baseline}`} experimentId={route.experimentId} baseline={route.baseline} />;
    default:
      return (
        <EmptyState title="Not in this report">
          This report holds{' '}
          {snapshot.pages.map((p, i) => (
            <span key={p.hash}>
              {i > 0 && ', '}
              <a href={p.hash}>{p.label}</a>
            </span>
          ))}
          .
        </EmptyState>
      );
  }
}
