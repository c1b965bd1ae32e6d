// Goroutines grouped by start function, with go tool trace's goroutine-page figures (gmptrace README):
// a sortable table; picking a row selects the group for the latency charts and the drill-down.
import { useMemo, useState } from 'react';
import { blockBreakdown, GROUP_COLUMNS, groupLabel, sortGroups, type GroupSort, type GroupSortKey } from '../../../../shared/goroutine-groups';
import type { TraceAnalysis } from '../../../../shared/results';
import { formatCount, formatDuration } from '../../format';
import { useSelectedGroup } from './selected-group';
import { SortableHeader } from '../../components/SortableHeader';

type Groups = NonNullable<TraceAnalysis['goroutine_groups']>;

/** A duration cell: rounded for reading, exact (ns) on hover and in data-value (seconds). */
function DurationCell({ s, title }: { s: number | null; title?: string }) {
  return (
    <td className="num" data-value={s ?? ''} title={title ?? (s === null ? undefined : `${(s * 1e9).toFixed(0)} ns`)}>
      {formatDuration(s)}
    </td>
  );
}

export function GoroutineGroupsPanel({ groups }: { groups: Groups }) {
  const [sort, setSort] = useState<GroupSort>({ key: 'exec_s', dir: 'desc' });
  const { selectedGroup, setSelectedGroup } = useSelectedGroup();
  const rows = useMemo(() => sortGroups(groups.groups, sort), [groups, sort]);
  const onSort = (key: GroupSortKey) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }));
  return (
    <div data-testid="goroutine-groups">
      <p className="muted small">
        {formatCount(groups.total)} groups by start function, with the definitions of go tool trace’s goroutine pages. Pick a group to show its scheduler latency in the
        quantiles, CDF and histogram above and in the per-window p99 of the timelines below, and to pick out its slices in the drill-down.
        Sched wait counts as go tool trace does, so it also holds a wait already under way when the trace began (from the trace’s start: its own start
        is not known), a wait still open when the trace ended, and a syscall still blocked then (that time is in syscall too); those are not among the
        waits and their p99, which can therefore be small, or absent, beside a sched wait.
        {groups.omitted.groups > 0 &&
          ` Listed: the ${formatCount(groups.groups.length)} largest by execution + wait; ${formatCount(groups.omitted.groups)} more groups (${formatCount(groups.omitted.goroutines)} goroutines, ${formatDuration(groups.omitted.exec_s)} execution) are not listed.`}
      </p>
      <div className="table-scroll">
        <table className="data-table compact" data-testid="groups-table">
          <thead>
            <tr>
              {GROUP_COLUMNS.map((c) => (
                <SortableHeader key={c.key} column={c.key} label={c.label} title={c.title} numeric={c.key !== 'start_func'} sort={sort} onSort={onSort} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => {
              const picked = selectedGroup === g.start_func;
              const blocked = blockBreakdown(g);
              return (
                <tr key={g.start_func} data-group={g.start_func} className={picked ? 'selected' : undefined} aria-selected={picked}>
                  <td>
                    <button type="button" className="link" aria-pressed={picked} title={picked ? 'Show all groups again' : 'Show this group’s latency in the charts'} onClick={() => setSelectedGroup(picked ? null : g.start_func)}>
                      <code>{groupLabel(g.start_func)}</code>
                    </button>
                  </td>
                  <td className="num" data-value={g.count}>
                    {formatCount(g.count)}
                  </td>
                  <DurationCell s={g.exec_s} />
                  <DurationCell s={g.sched_wait_s} />
                  <DurationCell s={g.sched_latency.p99} />
                  <td className="num" data-value={g.sched_latency.count}>
                    {formatCount(g.sched_latency.count)}
                  </td>
                  <DurationCell s={blocked.reduce((s, [, v]) => s + v, 0)} title={blocked.map(([r, v]) => `${r || '(no reason)'}: ${formatDuration(v)}`).join('\n') || 'never blocked'} />
                  <DurationCell s={g.syscall_s} />
                  <DurationCell s={g.gc_assist_s} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
