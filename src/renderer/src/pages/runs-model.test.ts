// The pure model behind the Runs table: sorting by every column (missing values last in either
// direction) and the filters of the filter bar.
import { describe, expect, it } from 'vitest';
import { cellInRow, compareRuns, distinct, EMPTY_FILTER, historyRows, matchesFilter, shownConcurrency, SORT_KEYS, splitQualified, type RunsFilter, type Sort, type SortKey } from './runs-model';
import type { RunSummary } from '../../../shared/domain';

const run = (id: string, patch: Partial<RunSummary> = {}): RunSummary => ({
  id,
  experimentId: null,
  cell: null,
  state: 'succeeded',
  targetKind: 'scenario',
  targetName: 'pingpong-hog',
  gomaxprocs: 2,
  gomaxprocsInForce: 2,
  concurrency: 4,
  concurrencyUsed: true,
  duration: '2s',
  label: '',
  tags: [],
  createdAt: '2026-11-28T03:00:00.000Z',
  startedAt: null,
  targetStartedAt: null,
  endedAt: null,
  filesFetchedAt: null,
  filesFetchNotes: [],
  tracePartial: false,
  measuredS: null,
  exitCode: 0,
  error: null,
  opsPerSec: null,
  schedP50: null,
  schedP99: null,
  schedSource: null,
  gcPauseP99: null,
  host: 'local',
  goVersion: 'local',
  cpuLimit: 'max',
  goVersionInForce: null,
  cpuLimitInForce: null,
  ...patch,
});

const order = (runs: RunSummary[], key: SortKey, dir: Sort['dir']) => [...runs].sort((a, b) => compareRuns(a, b, { key, dir })).map((r) => r.id);

describe('sorting the history', () => {
  // Per column: runs given in a scrambled order, and their ids ascending; ids starting with "z" have no value.
  const cases: Record<SortKey, { runs: RunSummary[]; asc: string[]; missing: string[] }> = {
    createdAt: {
      runs: [run('b', { createdAt: '2026-11-28T10:00:00.000Z' }), run('c', { createdAt: '2026-12-01T00:00:00.000Z' }), run('a', { createdAt: '2026-11-28T09:59:59.999Z' })],
      asc: ['a', 'b', 'c'],
      missing: [],
    },
    targetName: {
      runs: [run('c', { targetName: 'spin' }), run('a', { targetName: 'bench:BenchmarkX' }), run('b', { targetName: 'pingpong-hog' })],
      asc: ['a', 'b', 'c'],
      missing: [],
    },
    label: {
      // The column shows the label, else the cell; neither is missing. Numbers inside compare as numbers.
      runs: [
        run('z1'),
        run('c', { label: 'run 10' }),
        run('a', { cell: 'GOMAXPROCS=2 concurrency=4 #3' }),
        run('z2', { label: '' }),
        run('b', { cell: 'GOMAXPROCS=2 concurrency=4 #10' }),
        run('d', { label: 'run 9', cell: 'GOMAXPROCS=8 concurrency=4 #1' }),
      ],
      asc: ['a', 'b', 'd', 'c'],
      missing: ['z1', 'z2'],
    },
    gomaxprocs: {
      // "default" before any number; 10 after 2 (numbers, not text).
      runs: [run('c', { gomaxprocs: 10 }), run('a', { gomaxprocs: 'default' }), run('b', { gomaxprocs: 2 })],
      asc: ['a', 'b', 'c'],
      missing: [],
    },
    concurrency: {
      runs: [run('c', { concurrency: 100 }), run('a', { concurrency: 8 }), run('b', { concurrency: 16 })],
      asc: ['a', 'b', 'c'],
      missing: [],
    },
    state: {
      runs: [run('c', { state: 'succeeded' }), run('a', { state: 'cancelled' }), run('b', { state: 'failed' })],
      asc: ['a', 'b', 'c'],
      missing: [],
    },
    opsPerSec: {
      runs: [run('z1'), run('c', { opsPerSec: 1.2e6 }), run('a', { opsPerSec: 0 }), run('b', { opsPerSec: 950 })],
      asc: ['a', 'b', 'c'],
      missing: ['z1'],
    },
    schedP50: {
      runs: [run('b', { schedP50: 2e-6 }), run('z1'), run('a', { schedP50: 1e-7 }), run('z2'), run('c', { schedP50: 3e-3 })],
      asc: ['a', 'b', 'c'],
      missing: ['z1', 'z2'],
    },
    schedP99: {
      runs: [run('c', { schedP99: 0.25 }), run('a', { schedP99: 1e-6 }), run('z1'), run('b', { schedP99: 0.02 })],
      asc: ['a', 'b', 'c'],
      missing: ['z1'],
    },
    gcPauseP99: {
      runs: [run('z1'), run('b', { gcPauseP99: 4e-4 }), run('a', { gcPauseP99: 3e-5 })],
      asc: ['a', 'b'],
      missing: ['z1'],
    },
  };

  it('has a case for every sortable column', () => {
    expect(Object.keys(cases).sort()).toEqual([...SORT_KEYS].sort());
  });

  for (const key of SORT_KEYS) {
    it(`sorts by ${key} both ways, runs without a value last`, () => {
      const { runs, asc, missing } = cases[key];
      const ascending = order(runs, key, 'asc');
      const descending = order(runs, key, 'desc');
      expect(ascending.slice(0, asc.length)).toEqual(asc);
      expect(descending.slice(0, asc.length)).toEqual([...asc].reverse());
      expect(ascending.slice(asc.length).sort()).toEqual(missing);
      expect(descending.slice(asc.length).sort()).toEqual(missing);
    });
  }

  it('treats two missing values as equal, so the sort keeps their order', () => {
    expect(compareRuns(run('x'), run('y'), { key: 'opsPerSec', dir: 'asc' })).toBe(0);
    expect(compareRuns(run('x'), run('y'), { key: 'opsPerSec', dir: 'desc' })).toBe(0);
    expect(compareRuns(run('x'), run('y', { opsPerSec: 1 }), { key: 'opsPerSec', dir: 'desc' })).toBeGreaterThan(0);
    expect(compareRuns(run('x', { opsPerSec: 1 }), run('y'), { key: 'opsPerSec', dir: 'asc' })).toBeLessThan(0);
    expect(order([run('z2'), run('a', { schedP99: 1 }), run('z1')], 'schedP99', 'desc')).toEqual(['a', 'z2', 'z1']);
  });

  it('sorts an experiment by its best-ranked run and keeps its runs together in the sort order', () => {
    const runs = [
      run('a', { experimentId: 'e', opsPerSec: 10 }),
      run('b', { opsPerSec: 50 }),
      run('c', { experimentId: 'e', opsPerSec: 90 }),
      run('d', { opsPerSec: null }),
      run('f', { experimentId: 'solo', opsPerSec: 70 }),
    ];
    const experiments = [
      { id: 'e', label: 'sweep', createdAt: '2026-11-28T03:00:00.000Z', runIds: ['a', 'c'] },
      { id: 'solo', label: 'one run', createdAt: '2026-11-28T03:00:00.000Z', runIds: ['f'] },
    ];
    const ids = (sort: Sort) => historyRows(runs, experiments, sort, new Set()).map((r) => (r.kind === 'run' ? `${r.run.id}${r.inExperiment ? '*' : ''}` : `exp:${r.experiment.id}`));
    expect(ids({ key: 'opsPerSec', dir: 'desc' })).toEqual(['exp:e', 'c*', 'a*', 'f', 'b', 'd']);
    expect(ids({ key: 'opsPerSec', dir: 'asc' })).toEqual(['exp:e', 'a*', 'c*', 'b', 'f', 'd']);
  });

  it('hides a collapsed experiment\'s runs under its header', () => {
    const runs = [run('a', { experimentId: 'e' }), run('b'), run('c', { experimentId: 'e' })];
    const experiments = [{ id: 'e', label: 'sweep', createdAt: '2026-11-28T03:00:00Z', runIds: ['a', 'c'] }];
    const sort = { key: 'targetName' as const, dir: 'asc' as const };
    const rows = (collapsed: Set<string>) => historyRows(runs, experiments, sort, collapsed).map((r) => (r.kind === 'run' ? r.run.id : `exp:${r.experiment.id}`));
    expect(rows(new Set())).toEqual(['exp:e', 'a', 'c', 'b']);
    expect(rows(new Set(['e']))).toEqual(['exp:e', 'b']);
  });
});

describe('filtering the history', () => {
  const runs = [
    run('261127-0900-aa', { state: 'failed', createdAt: '2026-11-27T23:59:59.000Z', targetName: 'pingpong-hog', label: 'Baseline hot path', gomaxprocs: 'default', concurrency: 8 }),
    run('261128-0000-bb', { state: 'succeeded', createdAt: '2026-11-28T00:00:00.000Z', targetName: 'pingpong', cell: 'GOMAXPROCS=2 concurrency=4 #1', tags: ['nightly'] }),
    run('261129-1200-cc', { state: 'running', createdAt: '2026-11-29T12:00:00.000Z', targetName: 'bench:BenchmarkMap', label: 'maps', gomaxprocs: 8, tags: ['nightly', 'arm'], host: 'lab-arm', goVersion: 'go1.24.x', cpuLimit: 0.5 }),
  ];
  const ids = (patch: Partial<RunsFilter>) => runs.filter((r) => matchesFilter(r, { ...EMPTY_FILTER, ...patch })).map((r) => r.id.slice(-2));

  it('keeps everything with the empty filter', () => {
    expect(ids({})).toEqual(['aa', 'bb', 'cc']);
  });
  it('filters by status', () => {
    expect(ids({ state: 'failed' })).toEqual(['aa']);
    expect(ids({ state: 'running' })).toEqual(['cc']);
    expect(ids({ state: 'cancelled' })).toEqual([]);
  });
  it('filters by date: since is inclusive and compares the calendar day', () => {
    expect(ids({ since: '2026-11-28' })).toEqual(['bb', 'cc']);
    expect(ids({ since: '2026-11-27' })).toEqual(['aa', 'bb', 'cc']);
    expect(ids({ since: '2026-11-29' })).toEqual(['cc']);
    expect(ids({ since: '2026-11-30' })).toEqual([]);
  });
  it('filters by label (and id, target, cell, tags) as case-insensitive text', () => {
    expect(ids({ text: 'baseline HOT' })).toEqual(['aa']);
    expect(ids({ text: 'MAPS' })).toEqual(['cc']);
    expect(ids({ text: 'concurrency=4' })).toEqual(['bb']);
    expect(ids({ text: 'nightly' })).toEqual(['bb', 'cc']);
    expect(ids({ text: '261129' })).toEqual(['cc']);
    expect(ids({ text: 'pingpong' })).toEqual(['aa', 'bb']);
    expect(ids({ text: 'no such run' })).toEqual([]);
  });
  it('finds a Go release, CPU limit and host as the row shows them, and never the defaults it leaves out', () => {
    expect(ids({ text: '1.24' })).toEqual(['cc']);
    expect(ids({ text: 'cpu 0.5' })).toEqual(['cc']);
    expect(ids({ text: 'on lab' })).toEqual(['cc']);
    expect(ids({ text: 'local' })).toEqual([]);
    expect(ids({ text: 'cpu max' })).toEqual([]);
  });
  it('filters by target exactly, not by substring', () => {
    expect(ids({ target: 'pingpong' })).toEqual(['bb']);
    expect(ids({ target: 'pingpong-hog' })).toEqual(['aa']);
    expect(ids({ target: 'bench' })).toEqual([]);
  });
  it('filters by GOMAXPROCS, concurrency and tag', () => {
    expect(ids({ gomaxprocs: 'default' })).toEqual(['aa']);
    expect(ids({ gomaxprocs: '8' })).toEqual(['cc']);
    expect(ids({ concurrency: '4' })).toEqual(['bb', 'cc']);
    expect(ids({ tag: 'arm' })).toEqual(['cc']);
    expect(ids({ tag: 'night' })).toEqual([]);
  });

  it('filters and sorts by the concurrency the column shows: none for a run that did not use its own', () => {
    const ignored = run('261130-0000-dd', { targetName: 'idle', concurrency: 4, concurrencyUsed: false });
    expect(matchesFilter(ignored, { ...EMPTY_FILTER, concurrency: '4' })).toBe(false);
    expect(distinct([...runs, ignored], (r) => String(shownConcurrency(r) ?? ''))).toEqual(['4', '8']);
    // Shown as "—", it sorts with the missing values, last in either direction.
    for (const dir of ['asc', 'desc'] as const) expect(order([runs[0]!, ignored, runs[1]!], 'concurrency', dir).at(-1)).toBe(ignored.id);
  });
  it('filters by host exactly, and finds a host by text', () => {
    expect(ids({ host: 'lab-arm' })).toEqual(['cc']);
    expect(ids({ host: 'local' })).toEqual(['aa', 'bb']);
    expect(ids({ host: 'lab' })).toEqual([]);
    expect(ids({ text: 'LAB-' })).toEqual(['cc']);
  });
  it('combines filters with AND', () => {
    expect(ids({ tag: 'nightly', since: '2026-11-29' })).toEqual(['cc']);
    expect(ids({ tag: 'nightly', state: 'failed' })).toEqual([]);
    expect(ids({ target: 'pingpong', text: 'concurrency', state: 'succeeded', since: '2026-11-28' })).toEqual(['bb']);
  });
  it('offers each column value once, in natural order, for the drop-downs', () => {
    expect(distinct(runs, (r) => String(r.gomaxprocs))).toEqual(['2', '8', 'default']);
    expect(distinct([...runs, run('x', { gomaxprocs: 16 })], (r) => String(r.gomaxprocs))).toEqual(['2', '8', '16', 'default']);
    expect(distinct(runs, (r) => r.tags)).toEqual(['arm', 'nightly']);
    expect(distinct(runs, (r) => r.label)).toEqual(['Baseline hot path', 'maps']);
  });
});

describe('a row of the history', () => {
  it("shows a run's cell without what its own columns say", () => {
    expect(cellInRow('GOMAXPROCS=2 concurrency=8 #6')).toBe('#6');
    expect(cellInRow('go=go1.24.x host=lab GOMAXPROCS=1 concurrency=4 cpu=0.5 #3')).toBe('go=go1.24.x host=lab cpu=0.5 #3');
  });

  it('puts what qualifies a number under it', () => {
    expect(splitQualified("2 (configured: Go's default)")).toEqual({ value: '2', note: "(configured: Go's default)" });
    expect(splitQualified('1 (configured 2)')).toEqual({ value: '1', note: '(configured 2)' });
    expect(splitQualified('4')).toEqual({ value: '4', note: null });
  });
});
