import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/domain';
import { compareRuns, EMPTY_FILTER, historyRows, matchesFilter } from './runs-model';

describe('run history', () => {
  const run = (id: string, patch: Partial<RunSummary>): RunSummary => ({
    id, experimentId: null, cell: null, state: 'succeeded', targetKind: 'scenario', targetName: 's', gomaxprocs: 'default', concurrency: 1, duration: '1s',
    label: '', tags: [], createdAt: '2026-11-28T03:00:00Z', startedAt: null, endedAt: null, exitCode: 0, error: null, opsPerSec: null, schedP50: null, schedP99: null, gcPauseP99: null, ...patch,
  });
  it('sorts numbers numerically and puts missing values last either way', () => {
    const runs = [run('a', { opsPerSec: 10 }), run('b', { opsPerSec: null }), run('c', { opsPerSec: 2 })];
    expect([...runs].sort((x, y) => compareRuns(x, y, { key: 'opsPerSec', dir: 'asc' })).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect([...runs].sort((x, y) => compareRuns(x, y, { key: 'opsPerSec', dir: 'desc' })).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
  it('filters by column values and free text', () => {
    const r = run('x1', { gomaxprocs: 2, tags: ['baseline'], label: 'hot path' });
    expect(matchesFilter(r, { ...EMPTY_FILTER, gomaxprocs: '2', tag: 'baseline' })).toBe(true);
    expect(matchesFilter(r, { ...EMPTY_FILTER, text: 'HOT' })).toBe(true);
    expect(matchesFilter(r, { ...EMPTY_FILTER, gomaxprocs: '4' })).toBe(false);
    expect(matchesFilter(r, { ...EMPTY_FILTER, since: '2026-11-29' })).toBe(false);
  });
  it('groups an experiment under one collapsible header', () => {
    const runs = [run('a', { experimentId: 'e' }), run('b', {}), run('c', { experimentId: 'e' })];
    const experiments = [{ id: 'e', label: 'sweep', createdAt: '2026-11-28T03:00:00Z', runIds: ['a', 'c'] }];
    const sort = { key: 'targetName' as const, dir: 'asc' as const };
    expect(historyRows(runs, experiments, sort, new Set()).map((r) => (r.kind === 'run' ? r.run.id : `exp:${r.experiment.id}`))).toEqual(['exp:e', 'a', 'c', 'b']);
    expect(historyRows(runs, experiments, sort, new Set(['e'])).map((r) => (r.kind === 'run' ? r.run.id : `exp:${r.experiment.id}`))).toEqual(['exp:e', 'b']);
  });
});
