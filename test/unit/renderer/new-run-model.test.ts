import { describe, expect, it } from 'vitest';
import { buildPlan, formField, INITIAL_FORM, parseEnv, parseGomaxprocs, validateParam } from '../../../src/renderer/src/pages/new-run-model';
import { compareRuns, historyRows, matchesFilter, EMPTY_FILTER } from '../../../src/renderer/src/pages/runs-model';
import type { RunSummary } from '../../../src/shared/domain';

describe('New run form', () => {
  it('builds a grid plan and previews its size and time', () => {
    const built = buildPlan({ ...INITIAL_FORM, scenarioId: 'pingpong-hog', gomaxprocs: '1,2,default', concurrency: '4,8', repeat: '3', duration: '2s', warmup: '500ms' }, []);
    expect(built.errors).toEqual({});
    expect(built.plan).toMatchObject({ target: { kind: 'scenario', id: 'pingpong-hog', params: {} }, gomaxprocs: [1, 2, 'default'], concurrency: [4, 8], repeat: 3 });
    expect(built.runs).toBe(18);
    expect(built.seconds).toBeCloseTo(45);
    expect(built.grid).toBe('GOMAXPROCS 1, 2, default × concurrency 4, 8 × 3 repetitions');
  });
  it('names the offending fields', () => {
    const built = buildPlan({ ...INITIAL_FORM, scenarioId: '', gomaxprocs: '0', duration: '2', env: 'not an env' }, []);
    expect(built.plan).toBeNull();
    expect(Object.keys(built.errors).sort()).toEqual(['duration', 'env', 'gomaxprocs', 'target.id']);
  });
  it('sends only changed params and validates them by type and bounds', () => {
    const params = [
      { name: 'hogs', type: 'int' as const, default: '2', min: '1', max: '64' },
      { name: 'spin', type: 'duration' as const, default: '1ms', max: '1s' },
    ];
    const ok = buildPlan({ ...INITIAL_FORM, scenarioId: 'x', params: { hogs: '4', spin: '1ms' } }, params);
    expect(ok.plan?.target).toEqual({ kind: 'scenario', id: 'x', params: { hogs: '4' } });
    expect(validateParam(params[0], '65')).toBe('at most 64');
    expect(validateParam(params[0], '1.5')).toBe('a whole number');
    expect(validateParam(params[1], '2s')).toBe('at most 1s');
    expect(validateParam({ name: 'm', type: 'enum', default: 'a', choices: ['a', 'b'] }, 'c')).toBe('one of a, b');
  });
  it('parses GOMAXPROCS lists, env lines and server field names', () => {
    expect(parseGomaxprocs('default, 4')).toEqual(['default', 4]);
    expect(parseEnv('GOGC=50\n# comment\nGODEBUG=a=1')).toEqual({ GOGC: '50', GODEBUG: 'a=1' });
    expect(formField('plan.target.params.hogs')).toBe('target.params.hogs');
    expect(formField(null)).toBeNull();
  });
});

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

describe('run again with changes', () => {
  it('turns a stored config back into a form that plans the same run', async () => {
    const { formFromConfig } = await import('../../../src/renderer/src/pages/new-run-model');
    const config = {
      target: { kind: 'scenario' as const, id: 'pingpong-hog', params: { hogs: '4' } },
      concurrency: 4, duration: '5s', warmup: '1s', gomaxprocs: 2 as const, env: { GOGC: '50', GODEBUG: 'asyncpreemptoff=1' },
      capture: ['cpu' as const, 'trace' as const, 'flight' as const], metricsInterval: '100ms', flightRecorder: '10s', label: 'base', tags: ['a', 'b'], host: 'local',
    };
    const form = formFromConfig(config);
    expect(form).toMatchObject({ scenarioId: 'pingpong-hog', gomaxprocs: '2', concurrency: '4', godebug: 'asyncpreemptoff=1', env: 'GOGC=50', tags: 'a, b' });
    const params = [{ name: 'hogs', type: 'int' as const, default: '2' }];
    expect(buildPlan(form, params).plan).toMatchObject({
      target: config.target, concurrency: [4], gomaxprocs: [2], duration: '5s', warmup: '1s', env: config.env, capture: ['cpu', 'trace', 'flight'], flightRecorder: '10s', label: 'base', tags: ['a', 'b'], repeat: 1,
    });
  });
});

describe('flight recorder field', () => {
  it('is off when empty, sends the window when set, and drops the flight capture while off', () => {
    const base = { ...INITIAL_FORM, scenarioId: 'pingpong-hog', capture: ['cpu' as const, 'flight' as const] };
    expect(buildPlan(base, []).plan).toMatchObject({ flightRecorder: '0s', capture: ['cpu'] });
    expect(buildPlan({ ...base, flightRecorder: '0s' }, []).plan).toMatchObject({ flightRecorder: '0s', capture: ['cpu'] });
    expect(buildPlan({ ...base, flightRecorder: '10s' }, []).plan).toMatchObject({ flightRecorder: '10s', capture: ['cpu', 'flight'] });
  });
  it('rejects what the harness would refuse, and is ignored for bench targets', async () => {
    const { hasFlightRecorder } = await import('../../../src/renderer/src/pages/new-run-model');
    const base = { ...INITIAL_FORM, scenarioId: 'pingpong-hog' };
    for (const bad of ['10', '50ms', '2h', 'soon']) expect(buildPlan({ ...base, flightRecorder: bad }, []).errors.flightRecorder).toBeTruthy();
    const bench = { ...base, targetKind: 'bench' as const, benchPkg: '/tmp/pkg', flightRecorder: '10s', capture: ['flight' as const] };
    expect(hasFlightRecorder(bench)).toBe(false);
    expect(buildPlan(bench, []).plan).toMatchObject({ flightRecorder: '0s', capture: [] });
  });
});

describe('machines field', () => {
  const base = { ...INITIAL_FORM, scenarioId: 'pingpong-hog' };

  it('runs on this machine by default; several machines multiply the grid and are named in it', () => {
    expect(buildPlan(base, []).plan?.hosts).toEqual(['local']);
    const two = buildPlan({ ...base, hosts: ['local', 'lab'], gomaxprocs: '1,2', repeat: '3' }, []);
    expect(two.plan?.hosts).toEqual(['local', 'lab']);
    expect(two.runs).toBe(2 * 2 * 3);
    expect(two.grid).toBe('hosts local, lab × GOMAXPROCS 1, 2 × concurrency 8 × 3 repetitions');
  });

  it('needs one machine, and keeps Go benchmarks on this one', () => {
    expect(buildPlan({ ...base, hosts: [] }, []).errors.hosts).toBe('pick at least one machine');
    const bench = { ...base, targetKind: 'bench' as const, benchPkg: '/tmp/pkg' };
    expect(buildPlan({ ...bench, hosts: ['lab'] }, []).errors.hosts).toBe('Go benchmarks run on this machine only');
    expect(buildPlan({ ...bench, hosts: ['local'] }, []).errors.hosts).toBeUndefined();
  });

  it('runs a stored run again on the machine it ran on', async () => {
    const { formFromConfig } = await import('../../../src/renderer/src/pages/new-run-model');
    const config = {
      target: { kind: 'scenario' as const, id: 'pingpong-hog', params: {} }, concurrency: 8, duration: '2s', warmup: '0s', gomaxprocs: 'default' as const,
      env: {}, capture: [], metricsInterval: '100ms', flightRecorder: '0s', label: '', tags: [], host: 'lab',
    };
    const form = formFromConfig(config);
    expect(form.hosts).toEqual(['lab']);
    expect(buildPlan(form, []).plan?.hosts).toEqual(['lab']);
  });
});
