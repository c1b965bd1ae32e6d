// Run history: filter, sort, tag, delete, and pick runs to compare (the first selected is the baseline).
import { useMemo, useState } from 'react';
import type { RunSummary } from '../../../shared/domain';
import { asCommandError, useApi, useCommand, useEvent } from '../api/context';
import { EmptyState, ErrorBanner, Loading } from '../components/feedback';
import { navigate, routeHref } from '../routing';
import { useShortcut } from '../hooks/shortcuts';
import type { CommandError } from '../../../shared/contract';
import { EMPTY_FILTER, historyRows, matchesFilter, type Sort, type SortKey } from './runs-model';
import { RunsFilterBar } from './RunsFilterBar';
import { RunsTable } from './RunsTable';

const MAX_COMPARED = 8;
/** Rows drawn at first; a history of thousands of runs stays quick, the rest is one click away. */
const PAGE_ROWS = 300;

export function RunsPage() {
  const api = useApi();
  const list = useCommand('runs.list', { limit: 5000 });
  useEvent('runs.changed', list.reload);
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const [sort, setSort] = useState<Sort>({ key: 'createdAt', dir: 'desc' });
  const [selected, setSelected] = useState<string[]>([]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<CommandError | null>(null);
  const [shownRows, setShownRows] = useState(PAGE_ROWS);

  const runs = list.data?.runs ?? [];
  const visible = useMemo(() => runs.filter((r) => matchesFilter(r, filter)), [runs, filter]);
  const rows = useMemo(() => historyRows(visible, list.data?.experiments ?? [], sort, collapsed), [visible, list.data, sort, collapsed]);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const toggleGroup = (ids: string[], on: boolean) => setSelected((s) => (on ? [...s, ...ids.filter((id) => !s.includes(id))] : s.filter((id) => !ids.includes(id))));
  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'createdAt' ? 'desc' : 'asc' }));
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARED;

  const act = (work: Promise<unknown>) => {
    setActionError(null);
    work.then(list.reload, (e: unknown) => setActionError(asCommandError(e)));
  };
  const setTags = (run: RunSummary, tags: string[]) => act(api.invoke('runs.setTags', { id: run.id, tags }));
  const deleteSelected = () => {
    setConfirmDelete(false);
    const ids = selected;
    setSelected([]);
    act(api.invoke('runs.delete', { ids }));
  };
  const compare = () => {
    if (canCompare) navigate({ page: 'compare', baseline: selected[0], candidates: selected.slice(1) });
  };
  useShortcut('c', 'Compare the selected runs (first selected is the baseline)', compare);
  useShortcut('Escape', 'Clear the selection', () => {
    setSelected([]);
    setConfirmDelete(false);
  });

  if (list.loading && !list.data) return <Loading what="run history" />;
  return (
    <div className="runs-page">
      <header className="page-header">
        <h1>Runs</h1>
        <div className="actions">
          <span className="muted">{selected.length > 0 ? `${selected.length} selected` : `${visible.length} of ${list.data?.total ?? 0} runs`}</span>
          <button type="button" className="primary" disabled={!canCompare} onClick={compare} title={canCompare ? 'Compare (c)' : `Select 2 to ${MAX_COMPARED} runs to compare`}>
            Compare{selected.length >= 2 ? ` ${selected.length}` : ''}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="danger" onClick={deleteSelected}>
                {selected.length === 1 ? 'Delete 1 run and its files' : `Delete ${selected.length} runs and their files`}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" disabled={selected.length === 0} onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          )}
        </div>
      </header>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      <ErrorBanner error={actionError} />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">
          Start one from <a href={routeHref({ page: 'new' })}>New run</a> (press <kbd>n</kbd>), or from a terminal: <code>npx gmpw run --scenario pingpong-hog --duration 2s</code>.
        </EmptyState>
      ) : (
        <>
          <RunsFilterBar runs={runs} filter={filter} onChange={setFilter} />
          {visible.length === 0 ? (
            <EmptyState title="No run matches these filters">Clear a filter to see more runs.</EmptyState>
          ) : (
            <RunsTable
              rows={rows.slice(0, shownRows)}
              sort={sort}
              onSort={onSort}
              selected={selected}
              onToggle={toggle}
              onToggleGroup={toggleGroup}
              collapsed={collapsed}
              onCollapse={(id) =>
                setCollapsed((c) => {
                  const next = new Set(c);
                  if (!next.delete(id)) next.add(id);
                  return next;
                })
              }
              onTags={setTags}
            />
          )}
          {rows.length > shownRows && (
            <button type="button" className="link show-more" onClick={() => setShownRows((n) => n + PAGE_ROWS)}>
              Show {Math.min(PAGE_ROWS, rows.length - shownRows)} more of {rows.length - shownRows} remaining rows
            </button>
          )}
        </>
      )}
    </div>
  );
}
