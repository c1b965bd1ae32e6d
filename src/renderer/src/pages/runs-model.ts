// Filtering, sorting and grouping of the run history, kept pure so the table stays a view.
import type { ExperimentSummary, RunSummary } from '../../../shared/domain';
import { withoutDimensions } from '../../../shared/cell-name';
import { historyCells, runSettings } from '../../../shared/imported';

export const SORT_KEYS = ['createdAt', 'targetName', 'label', 'gomaxprocs', 'concurrency', 'state', 'opsPerSec', 'schedP50', 'schedP99', 'gcPauseP99'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export interface RunsFilter {
  text: string;
  target: string;
  gomaxprocs: string;
  concurrency: string;
  state: string;
  tag: string;
  /** Where it ran: 'local' or a host's name. */
  host: string;
  /** yyyy-mm-dd, inclusive. */
  since: string;
}

export const EMPTY_FILTER: RunsFilter = { text: '', target: '', gomaxprocs: '', concurrency: '', state: '', tag: '', host: '', since: '' };

export function matchesFilter(run: RunSummary, f: RunsFilter): boolean {
  if (f.target && run.targetName !== f.target) return false;
  if (f.gomaxprocs && String(run.gomaxprocs) !== f.gomaxprocs) return false;
  if (f.concurrency && String(shownConcurrency(run)) !== f.concurrency) return false;
  if (f.state && run.state !== f.state) return false;
  if (f.tag && !run.tags.includes(f.tag)) return false;
  if (f.host && run.host !== f.host) return false;
  if (f.since && run.createdAt.slice(0, 10) < f.since) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    // What the row shows: the settings and host only where they are not the defaults (as the store's search).
    const haystack = [run.id, run.label, run.targetName, runSettings(run), run.host === 'local' ? '' : `on ${run.host}`, run.cell ?? '', ...run.tags].join(' ').toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/** The concurrency the Concurrency column shows: none for a run it did not drive (a benchmark, an import, a scenario that ignores it). */
export const shownConcurrency = (run: RunSummary): number | null => historyCells(run).concurrency;

/** The value a column sorts by: what the table shows in it; an empty label is missing. */
function sortValue(run: RunSummary, key: SortKey): string | number | null {
  // The Label column shows the label, else the experiment cell without what other columns say.
  if (key === 'label') return run.label || (run.cell ? cellInRow(run.cell) : null);
  // The Date column shows when the run started (an experiment creates its runs at once).
  if (key === 'createdAt') return run.startedAt ?? run.createdAt;
  if (key === 'concurrency') return shownConcurrency(run);
  return run[key];
}

/** Missing values sort last whichever the direction, so "—" rows never crowd the top. */
export function compareRuns(a: RunSummary, b: RunSummary, sort: Sort): number {
  const va = sortValue(a, sort.key);
  const vb = sortValue(b, sort.key);
  const missingA = va === null || va === undefined;
  const missingB = vb === null || vb === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  // "default" GOMAXPROCS sorts before any number.
  const norm = (v: unknown) => (v === 'default' ? -1 : v);
  const x = norm(va);
  const y = norm(vb);
  // Numbers inside text compare as numbers: "#3" before "#10".
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
  return sort.dir === 'asc' ? order : -order;
}

export type HistoryRow =
  | { kind: 'run'; run: RunSummary; inExperiment: boolean }
  | { kind: 'experiment'; experiment: ExperimentSummary; runs: RunSummary[] };

/**
 * Runs in display order: runs of one experiment are gathered under a header placed where the
 * experiment's best-ranked run would be; collapsed experiments show only the header.
 */
export function historyRows(runs: RunSummary[], experiments: ExperimentSummary[], sort: Sort, collapsed: ReadonlySet<string>): HistoryRow[] {
  const sorted = [...runs].sort((a, b) => compareRuns(a, b, sort));
  const byId = new Map(experiments.map((e) => [e.id, e]));
  const groups = new Map<string, RunSummary[]>();
  for (const run of sorted) {
    if (!run.experimentId || !byId.has(run.experimentId)) continue;
    const list = groups.get(run.experimentId) ?? [];
    list.push(run);
    groups.set(run.experimentId, list);
  }
  const rows: HistoryRow[] = [];
  const emitted = new Set<string>();
  for (const run of sorted) {
    const expId = run.experimentId;
    const group = expId ? groups.get(expId) : undefined;
    // A one-run "experiment" is just a run.
    if (!expId || !group || group.length < 2) {
      rows.push({ kind: 'run', run, inExperiment: false });
      continue;
    }
    if (emitted.has(expId)) continue;
    emitted.add(expId);
    rows.push({ kind: 'experiment', experiment: byId.get(expId)!, runs: group });
    if (!collapsed.has(expId)) for (const r of group) rows.push({ kind: 'run', run: r, inExperiment: true });
  }
  return rows;
}

/** Distinct values of a column, for the filter drop-downs. */
export function distinct(runs: RunSummary[], pick: (r: RunSummary) => string | string[]): string[] {
  const set = new Set<string>();
  for (const r of runs) {
    const v = pick(r);
    for (const x of Array.isArray(v) ? v : [v]) if (x) set.add(x);
  }
  return [...set].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/**
 * A run's cell as its row shows it: without the GOMAXPROCS and concurrency it names, which stand in
 * their own columns ("GOMAXPROCS=2 concurrency=8 cpu=0.5 #3" → "cpu=0.5 #3").
 */
export function cellInRow(cell: string): string {
  return withoutDimensions(cell, ['GOMAXPROCS', 'concurrency']);
}

/** "2 (configured: Go's default)" → the number on its line, what qualifies it under it. */
export function splitQualified(text: string): { value: string; note: string | null } {
  const at = text.indexOf(' (');
  return at < 0 ? { value: text, note: null } : { value: text.slice(0, at), note: text.slice(at + 1) };
}
