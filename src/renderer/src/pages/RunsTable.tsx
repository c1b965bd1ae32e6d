// The run history table: sortable headers, experiment groups that collapse, selection checkboxes.
import { Fragment } from 'react';
import { PARTIAL_TRACE, type RunSummary } from '../../../shared/domain';
import { historyCells } from '../../../shared/imported';
import { IMPORTED_TAG } from '../../../shared/imported-tag';
import { StateBadge } from '../components/feedback';
import { routeHref } from '../routing';
import { TagEditor } from '../components/TagEditor';
import { SortableHeader } from '../components/SortableHeader';
import { formatCount, formatDuration, formatRate, formatTimestamp } from '../format';
import { cellInRow, splitQualified, type HistoryRow, type Sort, type SortKey } from './runs-model';
import { ACTIVE_STATES } from '../../../shared/domain';

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean; title?: string }> = [
  { key: 'createdAt', label: 'Date', title: 'when the run started (when it was created, until it starts)' },
  { key: 'targetName', label: 'Target' },
  { key: 'label', label: 'Label' },
  { key: 'gomaxprocs', label: 'GOMAXPROCS', numeric: true },
  { key: 'concurrency', label: 'Concurrency', numeric: true },
  { key: 'state', label: 'Status' },
  { key: 'opsPerSec', label: 'Throughput', numeric: true, title: 'operations per second over the measured window' },
  { key: 'schedP50', label: 'Sched p50', numeric: true, title: 'scheduler latency, median (exact from the trace when captured)' },
  { key: 'schedP99', label: 'Sched p99', numeric: true, title: 'scheduler latency, 99th percentile: exact from the trace when captured, else sampled by the runtime' },
  { key: 'gcPauseP99', label: 'GC pause p99', numeric: true, title: "99th percentile of GC stop-the-world pauses over the measured window: the upper bound of its bucket in the runtime's /sched/pauses/total/gc histogram" },
];

interface Props {
  rows: HistoryRow[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  selected: string[];
  onToggle: (id: string) => void;
  onToggleGroup: (ids: string[], on: boolean) => void;
  collapsed: ReadonlySet<string>;
  onCollapse: (experimentId: string) => void;
  onTags: (run: RunSummary, tags: string[]) => void;
}

export function RunsTable({ rows, sort, onSort, selected, onToggle, onToggleGroup, collapsed, onCollapse, onTags }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table runs-table">
        <thead>
          <tr>
            <th aria-label="Select" />
            {COLUMNS.map((c) => (
              <SortableHeader key={c.key} column={c.key} label={c.label} title={c.title} numeric={c.numeric === true} sort={sort} onSort={onSort} />
            ))}
            <th>Tags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) =>
            row.kind === 'experiment' ? (
              <ExperimentRow
                key={`exp-${row.experiment.id}`}
                row={row}
                collapsed={collapsed.has(row.experiment.id)}
                allSelected={row.runs.every((r) => selected.includes(r.id))}
                onCollapse={() => onCollapse(row.experiment.id)}
                onSelectAll={(on) => onToggleGroup(row.runs.map((r) => r.id), on)}
              />
            ) : (
              <RunRow key={row.run.id} run={row.run} nested={row.inExperiment} selectedIndex={selected.indexOf(row.run.id)} onToggle={() => onToggle(row.run.id)} onTags={(t) => onTags(row.run, t)} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function ExperimentRow({ row, collapsed, allSelected, onCollapse, onSelectAll }: { row: Extract<HistoryRow, { kind: 'experiment' }>; collapsed: boolean; allSelected: boolean; onCollapse: () => void; onSelectAll: (on: boolean) => void }) {
  return (
    <tr className="experiment-row">
      <td>
        <input type="checkbox" aria-label="Select all runs of this experiment" checked={allSelected} onChange={(e) => onSelectAll(e.target.checked)} />
      </td>
      <td colSpan={COLUMNS.length + 1}>
        <button type="button" className="link" onClick={onCollapse} aria-expanded={!collapsed}>
          {collapsed ? '▶' : '▼'} Experiment {row.experiment.label || row.experiment.id}
        </button>
        <span className="muted">
          {' '}
          · {row.runs.length} runs · {formatTimestamp(row.experiment.createdAt)}
        </span>{' '}
        <a className="small" href={routeHref({ page: 'cells', experimentId: row.experiment.id, baseline: '' })}>
          statistics per cell
        </a>
      </td>
    </tr>
  );
}

function RunRow({ run, nested, selectedIndex, onToggle, onTags }: { run: RunSummary; nested: boolean; selectedIndex: number; onToggle: () => void; onTags: (tags: string[]) => void }) {
  const active = (ACTIVE_STATES as readonly string[]).includes(run.state);
  const cells = historyCells(run);
  return (
    <tr className={`${nested ? 'nested' : ''} ${selectedIndex >= 0 ? 'selected' : ''}`} data-run-id={run.id}>
      <td>
        <input type="checkbox" aria-label={`Select run ${run.id}`} checked={selectedIndex >= 0} onChange={onToggle} />
        {selectedIndex === 0 && <span className="baseline-mark" title="Baseline of the comparison (selected first)">★</span>}
      </td>
      <td className="run-date">
        {/* When it ran: the runs of an experiment are all created at once and run one after another. */}
        <a href={routeHref(active ? { page: 'live', runIds: [run.id] } : { page: 'run', id: run.id })} title={`created ${formatTimestamp(run.createdAt)}`}>
          {/* Day and time each whole: a narrow window puts one over the other, never "2026-12-" over "05". */}
          {formatTimestamp(run.startedAt ?? run.createdAt)
            .split(' ')
            .map((part, i) => (
              <Fragment key={i}>
                {i > 0 && ' '}
                <span className="run-date-part">{part}</span>
              </Fragment>
            ))}
        </a>
      </td>
      <td className="run-target">
        <span className="muted">{cells.kind}</span> {cells.name}
        {run.host !== 'local' && <span className="muted" data-testid="run-host"> on {run.host}</span>}
      </td>
      {/* On hover the cell, else the whole label (cut at three lines): an experiment's label heads its group. */}
      <td className="run-label" title={run.cell ?? (run.label || undefined)}>
        <span>{run.label || (run.cell ? cellInRow(run.cell) : '')}</span>
      </td>
      <td className="num">
        <Qualified text={cells.gomaxprocs} />
      </td>
      <td className="num" title={cells.concurrency === null ? 'no concurrency drove this run (a benchmark, an import, or a scenario that ignores it)' : undefined}>
        {cells.concurrency === null ? '—' : formatCount(cells.concurrency)}
      </td>
      <td title={run.error ?? (run.exitCode !== null ? `exit ${run.exitCode}` : undefined)}>
        <StateBadge state={run.state} />
        {run.tracePartial && (
          <span className="muted small" data-testid="trace-partial" title={PARTIAL_TRACE}>
            {' '}
            partial trace
          </span>
        )}
      </td>
      <td className="num">{formatRate(run.opsPerSec)}</td>
      <SchedCell value={run.schedP50} source={run.schedSource} />
      <SchedCell value={run.schedP99} source={run.schedSource} />
      <td className="num">{formatDuration(run.gcPauseP99)}</td>
      <td>
        <TagEditor tags={run.tags} onChange={onTags} fixed={[IMPORTED_TAG]} />
      </td>
    </tr>
  );
}

/** A number with what qualifies it ("(configured: Go's default)") on a line of its own, so the column stays narrow. */
function Qualified({ text }: { text: string }) {
  const { value, note } = splitQualified(text);
  return (
    <>
      {value}
      {/* The space keeps the cell's text the whole phrase (copied, searched, read aloud). */}
      {note && ' '}
      {note && <span className="muted small stats-detail">{note}</span>}
    </>
  );
}

/** A scheduler-latency quantile with where it comes from: the trace (exact) or the runtime's sample. */
function SchedCell({ value, source }: { value: number | null; source: RunSummary['schedSource'] }) {
  return (
    <td className="num">
      {formatDuration(value)}
      {source && value !== null && (
        <span className={`sched-source ${source}`} title={source === 'exact' ? 'every scheduling transition of the execution trace' : "the runtime's /sched/latencies histogram, about 1 in 8 transitions"}>
          {source}
        </span>
      )}
    </td>
  );
}
