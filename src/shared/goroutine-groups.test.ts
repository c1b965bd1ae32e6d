import { describe, expect, it } from 'vitest';
import { blockBreakdown, blockedS, distinctGroupLabels, matchByKey, shortGroupLabel, sortGroups, windowP99, windowSeries } from './goroutine-groups';
import type { TraceAnalysis, TraceGoroutineGroup } from './results';

const hist = (count: number, p99: number | null) => ({ unit: 's' as const, count, bins: [], sum_s: 0, p50: null, p90: null, p99, p999: null, max: null });
const group = (start_func: string, exec_s: number, p99: number | null, block_s: Record<string, number> = {}, syscall_block_s = 0): TraceGoroutineGroup => ({
  start_func,
  count: 1,
  exec_s,
  sched_wait_s: 0,
  block_s,
  syscall_s: 0,
  syscall_block_s,
  gc_assist_s: 0,
  total_s: 0,
  sched_latency: hist(p99 === null ? 0 : 10, p99),
});

describe('goroutine groups', () => {
  const a = group('main.a', 3, 0.001, { 'chan receive': 2, sync: 1 }, 0.5);
  const b = group('main.b', 1, null);
  const c = group('', 2, 0.01);

  it('sorts by a numeric column either way, ties and strings by start function', () => {
    expect(sortGroups([b, a, c], { key: 'exec_s', dir: 'desc' }).map((g) => g.start_func)).toEqual(['main.a', '', 'main.b']);
    expect(sortGroups([b, a, c], { key: 'exec_s', dir: 'asc' }).map((g) => g.start_func)).toEqual(['main.b', '', 'main.a']);
    // A group without samples has no p99: it sorts below every measured one.
    expect(sortGroups([b, a, c], { key: 'p99', dir: 'desc' }).map((g) => g.start_func)).toEqual(['', 'main.a', 'main.b']);
    expect(sortGroups([b, a, c], { key: 'start_func', dir: 'asc' }).map((g) => g.start_func)).toEqual(['', 'main.a', 'main.b']);
  });

  it('sums block time over reasons and blocking syscalls, largest reason first', () => {
    expect(blockedS(a)).toBe(3.5);
    expect(blockBreakdown(a)).toEqual([
      ['chan receive', 2],
      ['sync', 1],
      ['syscall (blocked, P lost)', 0.5],
    ]);
    expect(blockBreakdown(b)).toEqual([]);
  });

  it('matches rows across runs by key, baseline order first, a missing one as null', () => {
    const rows = matchByKey([[a, b], null, [c, a]], (g) => g.start_func);
    expect(rows.map((r) => r.key)).toEqual(['main.a', 'main.b', '']);
    expect(rows[0].items).toEqual([a, null, a]);
    expect(rows[2].items).toEqual([null, null, c]);
    expect(matchByKey([[a, b]], (g) => g.start_func, 1).map((r) => r.key)).toEqual(['main.a']);
  });

  it("gives the picked group's p99 beside all goroutines' per window, null where it had no sample", () => {
    const analysis = { meta: { duration_s: 0.3, window_s: 0.1 }, windows: [0, 0.1, 0.2].map((t, i) => ({ t, count: 3, p99: 0.001 * (i + 1), max: 0.004, spike: false })) } as unknown as TraceAnalysis;
    const picked = { ...a, windows: [{ t: 0.1, count: 1, p99: 0.0005, max: 0.0005 }] };
    expect(windowSeries(analysis, picked)).toEqual({
      rows: [
        { t: 0, p99: 0.001, program: null, group: null },
        { t: 0.1, p99: 0.002, program: null, group: 0.0005 },
        { t: 0.2, p99: 0.003, program: null, group: null },
      ],
      programWindows: false,
      groupWindows: true,
    });
    // The program's goroutines' p99 beside all goroutines', when the analysis has their windows.
    const withProgram = { ...analysis, goroutine_groups: { groups: [], total: 0, omitted: { groups: 0, goroutines: 0, exec_s: 0, sched_wait_s: 0 }, program_windows: [{ t: 0.2, count: 2, p99: 0.0025, max: 0.0025 }] } } as unknown as TraceAnalysis;
    expect(windowSeries(withProgram, null)).toMatchObject({ programWindows: true, groupWindows: false });
    // A last window the trace's end cut to under half a window has no values (the spike rule does not
    // judge it), and its row stays, so that the window before it ends where it ends.
    const cut = { ...analysis, meta: { duration_s: 0.24, window_s: 0.1 } } as unknown as TraceAnalysis;
    expect(windowSeries(cut, null).rows.map((r) => [r.t, r.p99])).toEqual([[0, 0.001], [0.1, 0.002], [0.2, null]]);
    expect(windowSeries(withProgram, null).rows.map((r) => r.program)).toEqual([null, null, 0.0025]);
    // No group, or a group without windows (an older analysis, or past the sample budget): all goroutines only.
    expect(windowSeries(analysis, null).groupWindows).toBe(false);
    expect(windowSeries(analysis, { ...a, windows: null }).groupWindows).toBe(false);
    expect(windowSeries(analysis, a).rows.every((r) => r.group === null)).toBe(true);
    // A window where no wait ended (a stalled scheduler) is a gap, not a p99 of 0 s: gmptrace writes 0 there.
    const stalled = { ...analysis, windows: analysis.windows.map((w) => (w.t === 0.1 ? { ...w, count: 0, p99: 0, max: 0 } : w)) } as TraceAnalysis;
    const programStalled = { ...stalled, goroutine_groups: { ...withProgram.goroutine_groups!, program_windows: [{ t: 0.1, count: 0, p99: 0, max: 0 }] } } as TraceAnalysis;
    expect(windowSeries(programStalled, null).rows.map((r) => [r.p99, r.program])).toEqual([[0.001, null], [null, null], [0.003, null]]);
    // The throttling chart draws the windows by the same rule.
    expect(stalled.windows.map(windowP99)).toEqual([0.001, null, 0.003]);
  });
});

describe('shortGroupLabel', () => {
  it("drops the import path's folders, as pprof does, and keeps the rest of the name", () => {
    expect(shortGroupLabel('github.com/gmp-workbench/gmp-workbench/resources/go/scenarios.runPingPongHog.gowrap3')).toBe('scenarios.runPingPongHog.gowrap3');
    // A dot in a folder's name (a major version) is not where the package ends.
    expect(shortGroupLabel('github.com/x/y.v2/z.(*T).M')).toBe('z.(*T).M');
    expect(shortGroupLabel('runtime/trace.(*traceMultiplexer).startLocked.func1')).toBe('trace.(*traceMultiplexer).startLocked.func1');
    expect([shortGroupLabel('main.main'), shortGroupLabel('')]).toEqual(['main.main', '(no stack seen)']);
  });

  it('keeps the full name of groups whose short names would be one', () => {
    const labels = distinctGroupLabels(['example.com/a/worker.run', 'example.com/b/worker.run', 'example.com/c/queue.pop']);
    expect([...labels.values()]).toEqual(['example.com/a/worker.run', 'example.com/b/worker.run', 'queue.pop']);
  });
});
