// A setup's trend, on runs stored in a real SQLite history from result.json documents shaped as
// the harness writes them.
import { describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../shared/domain';
import { harnessResult, runConfig, storedRunAt } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import { trendScopeText } from '../../../shared/trend-metrics';
import { setupTrend, TREND_RECENT } from './trend';

const temp = storePerTest();

/** A succeeded run of chan-sync-pingpong at GOMAXPROCS 2 (unless overridden) that did `opsPerSec`. */
const ran = (opsPerSec: number, overrides: Partial<RunConfigInput> = {}, goVersion = 'go1.26.0'): string =>
  storedRunAt(temp.store, opsPerSec, { gomaxprocs: 2, ...overrides }, goVersion);

function failed(): string {
  const id = temp.store.createRun({ config: runConfig({ gomaxprocs: 2 }) });
  temp.store.transition(id, 'running');
  temp.store.transition(id, 'failed', { exitCode: 2, error: 'exit status 2' });
  return id;
}

const throughput = (trend: ReturnType<typeof setupTrend>) => trend.metrics.find((m) => m.key === 'opsPerSec')!;

describe('setupTrend', () => {
  it('lists the runs configured alike, oldest first, and tests the latest against those before', () => {
    const before = [1000, 1010, 990, 1005, 995].map((v) => ran(v));
    const other = ran(5000, { concurrency: 16 });
    const lost = failed();
    const after = [1500, 1490, 1510, 1505, 1495].map((v) => ran(v, {}, 'go1.26.1'));
    const trend = setupTrend(temp.store, after[0]!, 100);

    expect(trend.setup).toBe('chan-sync-pingpong · 2s · concurrency 8 · GOMAXPROCS 2');
    expect(trend.points.map((p) => p.id)).toEqual([...before, lost, ...after]);
    expect(trend.points.map((p) => p.id)).not.toContain(other);
    expect(trend.points.find((p) => p.id === lost)?.state).toBe('failed');
    expect(trend.points.map((p) => p.goBuilt)).toEqual([...before.map(() => 'go1.26.0'), null, ...after.map(() => 'go1.26.1')]);
    expect(trend.points.every((p) => p.gomaxprocsInForce === (p.id === lost ? null : 2))).toBe(true);
    const t = throughput(trend);
    expect(t.values).toEqual([1000, 1010, 990, 1005, 995, null, 1500, 1490, 1510, 1505, 1495]);
    // Medians 1000 → 1500, every later run above every earlier one: p = 0.008 for 5 against 5.
    expect(TREND_RECENT).toBe(5);
    expect(t.recent).toMatchObject({ outcome: 'better', n1: 5, n2: 5, deltaPct: 50 });
    expect(t.recent.p).toBeCloseTo(0.0079, 3);
    expect(trend).toMatchObject({ examined: 12, olderNotExamined: false });
  });

  it("is of what was asked, not of result.json's parameters: a run that died before writing one is of its setup", () => {
    // The harness fills in a parameter's default; a run that failed first never said it.
    const config = runConfig({ gomaxprocs: 2, target: { kind: 'scenario', id: 'chan-sync-pingpong', params: {} } });
    const ok = temp.store.createRun({ config });
    temp.store.saveResult(ok, { ...harnessResult({ opsPerSec: 1000 }, config), params: { buffer: '0' } });
    temp.store.transition(ok, 'running');
    temp.store.transition(ok, 'succeeded', { exitCode: 0 });
    const lost = failed();
    expect(setupTrend(temp.store, lost, 100).points.map((p) => p.id)).toEqual([ok, lost]);
    // The line shows what the run it is asked of ran with.
    expect(setupTrend(temp.store, ok, 100).setup).toBe('chan-sync-pingpong (buffer=0) · 2s · concurrency 8 · GOMAXPROCS 2');
  });

  it('keeps the latest runs up to the limit, the asked run always among them', () => {
    const ids = [1, 2, 3, 4, 5, 6].map((v) => ran(1000 + v));
    expect(setupTrend(temp.store, ids[5]!, 3).points.map((p) => p.id)).toEqual(ids.slice(3));
    // The limit ended the search, not the scan's bound: older runs of the setup are left out.
    expect(setupTrend(temp.store, ids[5]!, 3)).toMatchObject({ examined: 3, olderNotExamined: false, limited: true, anchorApart: false });
    expect(trendScopeText(setupTrend(temp.store, ids[5]!, 3), '--limit N')).toBe('3 runs of this setup, oldest first; older runs of the setup are left out (--limit N)');
    // The oldest asked for: it takes the oldest place, apart from the latest.
    const old = setupTrend(temp.store, ids[0]!, 3);
    expect(old.points.map((p) => p.id)).toEqual([ids[0], ids[4], ids[5]]);
    expect(old).toMatchObject({ limited: true, anchorApart: true });
    // It is not one of "the 5 before" the latest: the test has the 2 that are.
    expect(throughput(old).recent).toMatchObject({ outcome: 'too-few', n1: 0, n2: 2 });
    expect(trendScopeText(old, '--limit N')).toBe('3 runs of this setup, oldest first; the first is the one asked, older than the latest 2 others shown; older runs of the setup are left out (--limit N)');
    // All of them: nothing left out.
    expect(setupTrend(temp.store, ids[0]!, 6)).toMatchObject({ limited: false, anchorApart: false });
  });

  it('says too few with fewer than twice the recent count', () => {
    const ids = [1000, 1100, 1200].map((v) => ran(v));
    const t = throughput(setupTrend(temp.store, ids[2]!, 100));
    expect(t.values).toEqual([1000, 1100, 1200]);
    expect(t.recent).toMatchObject({ outcome: 'too-few', n1: 0, n2: 3, text: 'not tested: it takes 10 runs that measured it, and 3 did' });
    // 9: 4 against 5 could be tested, but it is not the 5 against 5 the verdict names.
    const nine = [...ids, ...[1300, 1400, 1500, 1600, 1700, 1800].map((v) => ran(v))];
    expect(throughput(setupTrend(temp.store, nine[8]!, 100)).recent).toMatchObject({ outcome: 'too-few', n1: 4, n2: 5 });
  });
});
