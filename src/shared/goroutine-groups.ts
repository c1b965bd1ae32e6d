// Goroutine groups and user annotations of a trace analysis (PROTOCOL.md §3.1 goroutine_groups,
// user_annotations) as the Run, Compare and report pages show them: table columns, sorting, and
// rows matched across runs by start function (groups) or type (regions, tasks).
import { cutLastWindow } from './last-window';
import type { TraceAnalysis, TraceGoroutineGroup, TraceRegionType } from './results';

/** The name a group shows under; "" is the page's "(Inactive, no stack trace sampled)". */
export function groupLabel(startFunc: string): string {
  return startFunc === '' ? '(no stack seen)' : startFunc;
}

/**
 * A group's name without its import path's folders, as pprof shortens names:
 * "github.com/me/app/scenarios.run.func1" → "scenarios.run.func1". For tables with a column per run,
 * where full paths push the last run's columns out of sight; the full name goes in the title.
 */
export function shortGroupLabel(startFunc: string): string {
  const label = groupLabel(startFunc);
  // The path ends at the last slash before the first dot after it: "a/b.c/d.F" keeps "d.F".
  const slash = label.lastIndexOf('/', label.search(/\.[^/]*$/));
  return slash < 0 ? label : label.slice(slash + 1);
}

/** Each group's short label, or its full one where two groups would share a short one (two packages named alike). */
export function distinctGroupLabels(startFuncs: readonly string[]): Map<string, string> {
  const shorts = startFuncs.map(shortGroupLabel);
  return new Map(startFuncs.map((f, i) => [f, shorts.indexOf(shorts[i]!) === shorts.lastIndexOf(shorts[i]!) ? shorts[i]! : groupLabel(f)]));
}

/** Time blocked for any reason, including blocking syscalls (the page's "Block time (…)" columns). */
export function blockedS(g: TraceGoroutineGroup): number {
  return Object.values(g.block_s).reduce((s, v) => s + v, 0) + g.syscall_block_s;
}

export const GROUP_COLUMNS = [
  { key: 'start_func', label: 'start function', title: 'Outermost frame of the goroutines’ stack, as go tool trace groups them', value: (g: TraceGoroutineGroup) => g.start_func },
  { key: 'count', label: 'goroutines', title: 'Goroutines in the group', value: (g: TraceGoroutineGroup) => g.count },
  { key: 'exec_s', label: 'execution', title: 'Time running on a P', value: (g: TraceGoroutineGroup) => g.exec_s },
  { key: 'sched_wait_s', label: 'sched wait', title: 'Time runnable, waiting for a P, as go tool trace’s “Sched wait time” counts it: also a wait already under way when the trace began, one still open when it ended, and a syscall still blocked then, none of which is among the waits', value: (g: TraceGoroutineGroup) => g.sched_wait_s },
  { key: 'p99', label: 'wait p99', title: 'Exact p99 of the group’s scheduler-latency samples', value: (g: TraceGoroutineGroup) => g.sched_latency.p99 ?? -1 },
  { key: 'waits', label: 'waits', title: 'Scheduler-latency samples (Runnable→Running transitions)', value: (g: TraceGoroutineGroup) => g.sched_latency.count },
  { key: 'blocked_s', label: 'blocked', title: 'Time blocked, all reasons, a syscall’s time after its P was taken among them (hover a cell for the breakdown)', value: blockedS },
  { key: 'syscall_s', label: 'syscall', title: 'Time in system calls as go tool trace’s “Syscall execution time” counts it: until the P was taken, the rest of the call under blocked (a call still blocked when the trace ended counts whole here); the drill-down draws each call whole', value: (g: TraceGoroutineGroup) => g.syscall_s },
  { key: 'gc_assist_s', label: 'GC assist', title: 'Time in GC mark assist (overlaps the other columns)', value: (g: TraceGoroutineGroup) => g.gc_assist_s },
] as const;
export type GroupSortKey = (typeof GROUP_COLUMNS)[number]['key'];

export interface GroupSort {
  key: GroupSortKey;
  dir: 'asc' | 'desc';
}

export function sortGroups(groups: readonly TraceGoroutineGroup[], sort: GroupSort): TraceGoroutineGroup[] {
  const col = GROUP_COLUMNS.find((c) => c.key === sort.key) ?? GROUP_COLUMNS[2];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...groups].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return c !== 0 ? sign * c : a.start_func.localeCompare(b.start_func);
  });
}

/** "chan receive 12.3 ms, sync 4.56 ms" style breakdown, largest first (seconds, unformatted). */
export function blockBreakdown(g: TraceGoroutineGroup): Array<[string, number]> {
  const rows: Array<[string, number]> = Object.entries(g.block_s);
  if (g.syscall_block_s > 0) rows.push(['syscall (blocked, P lost)', g.syscall_block_s]);
  return rows.filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
}

export function findGroup(analysis: TraceAnalysis | null | undefined, startFunc: string | null): TraceGoroutineGroup | null {
  if (!analysis?.goroutine_groups || startFunc === null) return null;
  return analysis.goroutine_groups.groups.find((g) => g.start_func === startFunc) ?? null;
}

/** One row per key found in any run, each run's item or null; order: the keys' first appearance, baseline first. */
export function matchByKey<T>(lists: ReadonlyArray<readonly T[] | null>, key: (t: T) => string, limit = Infinity): Array<{ key: string; items: Array<T | null> }> {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const t of list ?? []) {
      const k = key(t);
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const maps = lists.map((l) => new Map((l ?? []).map((t) => [key(t), t])));
  return keys.slice(0, limit).map((k) => ({ key: k, items: maps.map((m) => m.get(k) ?? null) }));
}

/** Groups of several runs side by side, matched by start function. */
export function matchGroups(analyses: ReadonlyArray<TraceAnalysis | null>, limit = 30) {
  return matchByKey(analyses.map((a) => a?.goroutine_groups?.groups ?? null), (g) => g.start_func, limit);
}

/** Region types of several runs side by side. */
export function matchRegions(analyses: ReadonlyArray<TraceAnalysis | null>) {
  return matchByKey<TraceRegionType>(analyses.map((a) => a?.user_annotations?.regions ?? null), (r) => r.type);
}

/**
 * A window's p99 as a chart draws it: none where no wait ended (gmptrace writes 0 there), a gap in
 * the line, not its best window; a scheduler that ran nothing at all for a window would read as the
 * calmest.
 */
export const windowP99 = (w: { count: number; p99: number | null }): number | null => (w.count === 0 ? null : w.p99);

/**
 * The per-window p99 of all goroutines (the runtime's own too: what the spikes are judged on), the
 * program's goroutines' (key `program`) and the picked group's (key `group`): null in a window where
 * they had no sample. `programWindows` and `groupWindows` are false when the analysis has no such
 * windows (older analyses, or past gmptrace's sample budget). A last window the trace's end cut
 * to under half a window has no values: the rule does not judge it (cutLastWindow).
 */
export function windowSeries(
  analysis: TraceAnalysis,
  group: TraceGoroutineGroup | null,
): { rows: Array<{ t: number; p99: number | null; program: number | null; group: number | null }>; programWindows: boolean; groupWindows: boolean } {
  const p99ByT = (windows: Array<{ t: number; count: number; p99: number }> | null | undefined) => (windows ? new Map(windows.map((w) => [w.t, windowP99(w)])) : null);
  const program = p99ByT(analysis.goroutine_groups?.program_windows);
  const own = p99ByT(group?.windows);
  // A last window the trace's end cut short is not drawn (last-window.ts): the chart says so. Its row
  // stays, empty, so that the window before it still ends where it ends.
  const cut = cutLastWindow(analysis);
  return {
    rows: analysis.windows.map((w) =>
      w.t === cut?.t ? { t: w.t, p99: null, program: null, group: null } : { t: w.t, p99: windowP99(w), program: program?.get(w.t) ?? null, group: own?.get(w.t) ?? null },
    ),
    programWindows: program !== null,
    groupWindows: own !== null,
  };
}
