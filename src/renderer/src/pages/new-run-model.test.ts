import { describe, expect, it } from 'vitest';
import { PLAN_DEFAULTS } from '../../../shared/run-rules';
import type { CatalogScenario } from '../../../shared/results';
import { autoConcurrency, buildPlan, confirmationFor, errorAt, flightRecorderOn, formFromConfig, GODEBUG_PRESETS, hasGodebug, INITIAL_FORM, parseEnv, pickScenario, toggleGodebug, pendingFields } from './new-run-model';

const scenario = (id: string, suggested?: number): CatalogScenario => ({
  id, group: 'g', title: id, mechanism: '', source: '', fresh_process: false, params: [], signals: [],
  ...(suggested === undefined ? {} : { suggested_gomaxprocs: suggested }),
});


/** The form with a concurrency typed in (8). */
const FORM = { ...INITIAL_FORM, concurrency: '8' };
describe('picking a scenario', () => {
  const catalog = [scenario('pingpong-hog', 1), scenario('gomaxprocs-oversubscribe', 8), scenario('chan-sync-pingpong')];
  it('pre-fills the GOMAXPROCS it suggests, and goes back to the default for one without a suggestion', () => {
    const hog = pickScenario(FORM, catalog, 'pingpong-hog');
    expect(hog).toMatchObject({ scenarioId: 'pingpong-hog', gomaxprocs: '1' });
    expect(pickScenario(hog, catalog, 'gomaxprocs-oversubscribe').gomaxprocs).toBe('8');
    expect(pickScenario(hog, catalog, 'chan-sync-pingpong').gomaxprocs).toBe(PLAN_DEFAULTS.gomaxprocs);
  });
  it('never overrides a GOMAXPROCS the user typed', () => {
    expect(pickScenario({ ...FORM, gomaxprocs: '2' }, catalog, 'pingpong-hog').gomaxprocs).toBe('2');
    const typed = { ...pickScenario(FORM, catalog, 'pingpong-hog'), gomaxprocs: '1,2' };
    expect(pickScenario(typed, catalog, 'gomaxprocs-oversubscribe').gomaxprocs).toBe('1,2');
  });
  it('starts the parameters over', () => {
    expect(pickScenario({ ...FORM, scenarioId: 'pingpong-hog', params: { hogs: '4' } }, catalog, 'chan-sync-pingpong').params).toEqual({});
  });
});

describe('New run form', () => {
  it('builds a grid plan and previews its size and time', () => {
    const built = buildPlan({ ...FORM, scenarioId: 'pingpong-hog', gomaxprocs: '1,2,default', concurrency: '4,8', repeat: '3', duration: '2s', warmup: '500ms' }, []);
    expect(built.errors).toEqual({});
    expect(built.plan).toMatchObject({ target: { kind: 'scenario', id: 'pingpong-hog', params: {} }, gomaxprocs: [1, 2, 'default'], concurrency: [4, 8], repeat: 3 });
    expect(built.runs).toBe(18);
    expect(built.seconds).toBeCloseTo(45);
    expect(built.grid).toBe('GOMAXPROCS 1, 2, default × concurrency 4, 8 × 3 repetitions');
  });
  it('makes Go releases a dimension of the grid, named by the contract when one is wrong', () => {
    const built = buildPlan({ ...FORM, scenarioId: 'pingpong-hog', goVersion: 'local, 1.22.12', gomaxprocs: '2', concurrency: '4', repeat: '2' }, []);
    expect(built.plan).toMatchObject({ goVersion: ['local', '1.22.12'] });
    expect(built.runs).toBe(4);
    expect(built.grid).toBe('Go local, 1.22.12 × GOMAXPROCS 2 × concurrency 4 × 2 repetitions');
    expect(buildPlan({ ...FORM, scenarioId: 'x', goVersion: '' }, []).plan).not.toHaveProperty('goVersion');
    expect(buildPlan({ ...FORM, scenarioId: 'x', goVersion: 'local,1.19.1' }, []).errors['plan.goVersion.1']).toMatch(/"1.19.1" is older than Go 1.21/);
  });
  it("says a GOMAXPROCS out of range in the form's words, not the validator's", () => {
    const errors = buildPlan({ ...FORM, scenarioId: 'x', gomaxprocs: '0,2' }, []).errors;
    expect(Object.values(errors)).toContain('must be at least 1');
  });
  it('multiplies every dimension at once in the run count and the preview', () => {
    const form = { ...FORM, scenarioId: 'pingpong-hog', goVersion: 'local,1.24.x', hosts: ['local', 'lab'], gomaxprocs: '1,2', concurrency: '4', cpuLimit: 'max', repeat: '3' };
    const built = buildPlan(form, []);
    expect(built.runs).toBe(24);
    expect(built.grid).toBe('Go local, 1.24.x × hosts local, lab × GOMAXPROCS 1, 2 × concurrency 4 × 3 repetitions');
    expect(buildPlan({ ...form, hosts: ['local'], cpuLimit: '0.5,max' }, []).grid).toBe('Go local, 1.24.x × GOMAXPROCS 1, 2 × concurrency 4 × CPU limit 0.5, max × 3 repetitions');
  });
  it('makes the CPU limit a grid dimension; "max" alone is no limit and stays out of the preview', () => {
    const built = buildPlan({ ...FORM, scenarioId: 'pingpong-hog', gomaxprocs: '2', concurrency: '2', cpuLimit: '0.5, 1,max', repeat: '1' }, []);
    expect(built.plan?.cpuLimit).toEqual([0.5, 1, 'max']);
    expect(built.runs).toBe(3);
    expect(built.grid).toBe('GOMAXPROCS 2 × concurrency 2 × CPU limit 0.5, 1, max');
    expect(buildPlan({ ...FORM, scenarioId: 'x' }, []).grid).toBe('GOMAXPROCS default × concurrency 8');
    expect(buildPlan({ ...FORM, scenarioId: 'x', cpuLimit: 'half' }, []).errors['plan.cpuLimit']).toMatch(/"half"/);
    // The range is the contract's: 0 cores is refused in its words, on the list's entry.
    expect(errorAt(buildPlan({ ...FORM, scenarioId: 'x', cpuLimit: '0' }, []).errors, 'plan.cpuLimit')).toBe('a CPU limit of at least 0.01 cores');
  });
  it('gives the errors of fields that cannot go together apart, to show before Start; not a field being typed', () => {
    const remote = buildPlan({ ...FORM, scenarioId: 'pingpong-hog', hosts: ['lab'], cpuLimit: '0.5' }, []);
    expect(remote.conflicts).toEqual({ 'plan.cpuLimit': 'a CPU limit applies on this machine only (its cgroups); leave it at max for runs on hosts' });
    expect(remote.errors['plan.cpuLimit']).toBe(remote.conflicts['plan.cpuLimit']);
    expect(buildPlan({ ...FORM, scenarioId: 'pingpong-hog', hosts: ['local'], cpuLimit: '0.5' }, []).conflicts).toEqual({});
    const bench = buildPlan({ ...FORM, targetKind: 'bench', benchPkg: '/tmp/pkg', benchRegex: 'Benchmark(', hosts: ['lab'] }, []);
    expect(Object.keys(bench.conflicts)).toEqual(['plan.hosts']);
    expect(bench.errors['plan.target.bench']).toMatch(/not a regular expression go test takes: /);
    // A package go list would take for a flag is said on its field, whatever else is wrong.
    const flag = buildPlan({ ...FORM, targetKind: 'bench', benchPkg: '-toolexec=/bin/true', duration: 'xx' }, []);
    expect(flag.errors['plan.target.pkg']).toMatch(/^a Go package, not a flag/);
    expect(flag.errors['plan.duration']).toBeDefined();
  });
  it('asks before a grid of more than 100 runs and refuses one of more than 1000, naming repeat', () => {
    const grid = { ...FORM, scenarioId: 'pingpong-hog', gomaxprocs: '1,2,3,4,5,6,7,8,9,10', concurrency: '1,2,3,4,5,6,7,8,9,10', duration: '1s' };
    expect(confirmationFor(buildPlan({ ...grid, repeat: '1' }, []))).toBeNull(); // 100 runs
    expect(confirmationFor(buildPlan({ ...grid, repeat: '2' }, []))).toBe('Start 200 runs? They take at least 4 minutes, one at a time.');
    const absurd = buildPlan({ ...grid, repeat: '11' }, []);
    expect(absurd.plan).toBeNull();
    expect(absurd.errors['plan.repeat']).toMatch(/^this plan makes 1100 runs/);
  });
  it('GODEBUG presets add and remove their setting, replacing the same name and keeping the others', () => {
    expect(GODEBUG_PRESETS.map((p) => p.setting.split('=')[0])).toEqual(['schedtrace', 'asyncpreemptoff', 'containermaxprocs', 'updatemaxprocs', 'gctrace']);
    expect(toggleGodebug('', 'gctrace=1', true)).toBe('gctrace=1');
    expect(toggleGodebug('madvdontneed=1,gctrace=2', 'gctrace=1', true)).toBe('madvdontneed=1,gctrace=1');
    expect(toggleGodebug('gctrace=1,asyncpreemptoff=1', 'gctrace=1', false)).toBe('asyncpreemptoff=1');
    expect(hasGodebug('a=1, gctrace=1', 'gctrace=1')).toBe(true);
    expect(hasGodebug('gctrace=2', 'gctrace=1')).toBe(false);
  });
  it('starts from the plan defaults the CLI and the harness use', () => {
    expect(FORM.duration).toBe(PLAN_DEFAULTS.duration);
    expect(buildPlan({ ...FORM, scenarioId: 'x' }, []).plan).toMatchObject({ duration: '5s', warmup: '0s', repeat: 1 });
  });
  it("leaves an empty concurrency to the runner, each machine's CPU count, and says which in the grid", () => {
    expect(INITIAL_FORM.concurrency).toBe('');
    const here = buildPlan({ ...INITIAL_FORM, scenarioId: 'x' }, [], 2);
    expect(here.errors).toEqual({});
    expect(here.plan).not.toHaveProperty('concurrency');
    expect(here.grid).toBe('GOMAXPROCS default × concurrency 2');
    const two = buildPlan({ ...INITIAL_FORM, scenarioId: 'x', hosts: ['local', 'lab'], repeat: '1' }, [], 2);
    expect(two.plan).not.toHaveProperty('concurrency');
    expect(two.grid).toBe("hosts local, lab × GOMAXPROCS default × concurrency (each machine's CPU count)");
    expect(autoConcurrency(['local'], 2)).toBe(2);
    expect(autoConcurrency(['lab'], 2)).toBe("each machine's CPU count");
    // Before the core has said this machine's count, the grid does not guess it.
    expect(autoConcurrency(['local'], null)).toBe("each machine's CPU count");
    expect(buildPlan({ ...INITIAL_FORM, scenarioId: 'x', concurrency: ' ' }, [], 2).plan).not.toHaveProperty('concurrency');
  });
  it('names the offending fields by their path in runs.start, as the core does', () => {
    const built = buildPlan({ ...FORM, scenarioId: '', gomaxprocs: '0', duration: '2', env: 'not an env' }, []);
    expect(built.plan).toBeNull();
    expect(Object.keys(built.errors).sort()).toEqual(['plan.duration', 'plan.env', 'plan.gomaxprocs.0', 'plan.target.id']);
    expect(errorAt(built.errors, 'plan.gomaxprocs')).toBe(built.errors['plan.gomaxprocs.0']);
  });
  it('takes one concurrency or none for a scenario whose load is fixed, in the words the core refuses more with', () => {
    const fixed = { ignoresConcurrency: true };
    const two = buildPlan({ ...FORM, scenarioId: 'pingpong-hog', concurrency: '1,4' }, [], null, fixed);
    expect(two.plan).toBeNull();
    expect(two.errors['plan.concurrency']).toBe('pingpong-hog ignores the concurrency (its load is fixed), so runs at 1, 4 would be the same run: give one value or none');
    expect(buildPlan({ ...FORM, scenarioId: 'pingpong-hog', concurrency: '4' }, [], null, fixed).plan).not.toBeNull();
    expect(buildPlan({ ...FORM, scenarioId: 'pingpong-hog', concurrency: '' }, [], null, fixed).plan).not.toBeNull();
    expect(buildPlan({ ...FORM, scenarioId: 'chan-sync-pingpong', concurrency: '1,4' }, []).plan).not.toBeNull();
    // Its grid has no concurrency dimension to preview.
    expect(buildPlan({ ...FORM, scenarioId: 'pingpong-hog', concurrency: '4', gomaxprocs: '1,2', repeat: '1' }, [], null, fixed).grid).toBe('GOMAXPROCS 1, 2');
  });
  it("refuses captures and a flight recorder for a scenario whose child runs without the harness, in the core's words", () => {
    const bare = { bareChild: true };
    const captured = buildPlan({ ...FORM, scenarioId: 'deadlock-detection', capture: ['trace' as const] }, [], null, bare);
    expect(captured.errors['plan.capture']).toBe('deadlock-detection runs its child without the harness, by design (nothing may keep the runtime from declaring its outcome): it cannot capture trace');
    expect(buildPlan({ ...FORM, scenarioId: 'deadlock-detection', capture: [], flightRecorder: '1s' }, [], null, bare).errors['plan.flightRecorder']).toMatch(/it cannot keep a flight recorder$/);
    expect(buildPlan({ ...FORM, scenarioId: 'deadlock-detection', capture: [] }, [], null, bare).plan).not.toBeNull();
    // The preview names what to fix.
    expect(pendingFields(captured.errors)).toBe('capture');
    expect(pendingFields({ 'plan.target.id': 'pick one', 'plan.target.params.hogs': 'x', 'plan.duration': 'y' })).toBe('the target, duration');
  });

  it('refuses what the harness refuses, in the contract\'s words: a 5ms run, a warm-up past 1h, 2 million workers', () => {
    const base = { ...FORM, scenarioId: 'x' };
    expect(buildPlan({ ...base, duration: '5ms' }, []).errors['plan.duration']).toBe('5ms is out of range (accepted: 10ms..24h)');
    expect(buildPlan({ ...base, warmup: '2h' }, []).errors['plan.warmup']).toMatch(/out of range/);
    expect(errorAt(buildPlan({ ...base, concurrency: '8,2000000' }, []).errors, 'plan.concurrency')).toBeTruthy();
    expect(buildPlan({ ...base, concurrency: '8,x' }, []).errors['plan.concurrency']).toBe('"x" is not a whole number');
  });
  it('sends only changed params and checks them as the harness does', () => {
    const params = [
      { name: 'hogs', type: 'int' as const, default: '2', min: '1', max: '64' },
      { name: 'locked', type: 'bool' as const, default: 'false' },
    ];
    const ok = buildPlan({ ...FORM, scenarioId: 'x', params: { hogs: ' 4 ', locked: '1' } }, params);
    expect(ok.plan?.target).toEqual({ kind: 'scenario', id: 'x', params: { hogs: '4', locked: '1' } });
    const bad = buildPlan({ ...FORM, scenarioId: 'x', params: { hogs: '65', locked: 'yes' } }, params);
    expect(bad.errors).toEqual({
      'plan.target.params.hogs': '65 is out of range (accepted: int 1..64)',
      'plan.target.params.locked': '"yes" is not a bool (accepted: true or false)',
    });
  });
  it('parses env lines', () => {
    expect(parseEnv('GOGC=50\n# comment\nGODEBUG=a=1')).toEqual({ GOGC: '50', GODEBUG: 'a=1' });
  });
  it('offers a bench target only the captures go test can write', () => {
    const bench = { ...FORM, targetKind: 'bench' as const, benchPkg: '/tmp/pkg', capture: ['cpu' as const, 'goroutine' as const] };
    expect(buildPlan(bench, []).plan).toMatchObject({ capture: ['cpu'] });
    expect(buildPlan({ ...bench, benchtime: '0x' }, []).errors['plan.target.benchtime']).toMatch(/iteration count/);
  });
});

describe('run again with changes', () => {
  it('turns a stored config back into a form that plans the same run', () => {
    const config = {
      target: { kind: 'scenario' as const, id: 'pingpong-hog', params: { hogs: '4' } },
      concurrency: 4, duration: '5s', warmup: '1s', gomaxprocs: 2 as const, goVersion: 'go1.25.9', cpuLimit: 'max' as const, env: { GOGC: '50', GODEBUG: 'asyncpreemptoff=1' },
      capture: ['cpu' as const, 'trace' as const, 'flight' as const], metricsInterval: '100ms', flightRecorder: '10s', label: 'base', tags: ['a', 'b'], host: 'local',
    };
    const form = formFromConfig(config);
    expect(form).toMatchObject({ scenarioId: 'pingpong-hog', gomaxprocs: '2', goVersion: 'go1.25.9', cpuLimit: 'max', concurrency: '4', godebug: 'asyncpreemptoff=1', env: 'GOGC=50', tags: 'a, b' });
    const params = [{ name: 'hogs', type: 'int' as const, default: '2' }];
    expect(buildPlan(form, params).plan).toMatchObject({
      target: config.target, concurrency: [4], gomaxprocs: [2], goVersion: ['go1.25.9'], duration: '5s', warmup: '1s', env: config.env, capture: ['cpu', 'trace', 'flight'], flightRecorder: '10s', label: 'base', tags: ['a', 'b'], repeat: 1,
    });
  });
});

describe('flight recorder field', () => {
  it('is off when empty, sends the window when set, and drops the flight capture while off', () => {
    const base = { ...FORM, scenarioId: 'pingpong-hog', capture: ['cpu' as const, 'flight' as const] };
    expect(buildPlan(base, []).plan).toMatchObject({ flightRecorder: '0s', capture: ['cpu'] });
    expect(buildPlan({ ...base, flightRecorder: '0s' }, []).plan).toMatchObject({ flightRecorder: '0s', capture: ['cpu'] });
    expect(buildPlan({ ...base, flightRecorder: '10s' }, []).plan).toMatchObject({ flightRecorder: '10s', capture: ['cpu', 'flight'] });
  });
  it('rejects what the harness would refuse, and is ignored for bench targets', () => {
    const base = { ...FORM, scenarioId: 'pingpong-hog' };
    for (const bad of ['10', '50ms', '2h', 'soon']) expect(buildPlan({ ...base, flightRecorder: bad }, []).errors['plan.flightRecorder']).toBeTruthy();
    expect(flightRecorderOn({ ...base, flightRecorder: '10s' })).toBe(true);
    expect(flightRecorderOn({ ...base, flightRecorder: '0s' })).toBe(false);
    const bench = { ...base, targetKind: 'bench' as const, benchPkg: '/tmp/pkg', flightRecorder: '10s', capture: ['flight' as const] };
    expect(flightRecorderOn(bench)).toBe(false);
    expect(buildPlan(bench, []).plan).toMatchObject({ flightRecorder: '0s', capture: [] });
  });
});

describe('machines field', () => {
  const base = { ...FORM, scenarioId: 'pingpong-hog' };

  it('runs on this machine by default; several machines multiply the grid and are named in it', () => {
    expect(buildPlan(base, []).plan?.hosts).toEqual(['local']);
    const two = buildPlan({ ...base, hosts: ['local', 'lab'], gomaxprocs: '1,2', repeat: '3' }, []);
    expect(two.plan?.hosts).toEqual(['local', 'lab']);
    expect(two.runs).toBe(2 * 2 * 3);
    expect(two.grid).toBe('hosts local, lab × GOMAXPROCS 1, 2 × concurrency 8 × 3 repetitions');
  });

  it('needs one machine, and keeps Go benchmarks on this one (the contract\'s rules)', () => {
    expect(buildPlan({ ...base, hosts: [] }, []).errors['plan.hosts']).toBe('at least one host');
    const bench = { ...base, targetKind: 'bench' as const, benchPkg: '/tmp/pkg' };
    expect(buildPlan({ ...bench, hosts: ['lab'] }, []).errors['plan.hosts']).toMatch(/^bench targets run on this machine only/);
    expect(buildPlan({ ...bench, hosts: ['local'] }, []).errors['plan.hosts']).toBeUndefined();
  });

  it('runs a stored run again on the machine it ran on', () => {
    const config = {
      target: { kind: 'scenario' as const, id: 'pingpong-hog', params: {} }, concurrency: 8, duration: '2s', warmup: '0s', gomaxprocs: 'default' as const, goVersion: 'local', cpuLimit: 'max' as const,
      env: {}, capture: [], metricsInterval: '100ms', flightRecorder: '0s', label: '', tags: [], host: 'lab',
    };
    const form = formFromConfig(config);
    expect(form.hosts).toEqual(['lab']);
    expect(buildPlan(form, []).plan?.hosts).toEqual(['lab']);
  });
});

describe('repetitions', () => {
  it('left empty, are one for a single run and enough for a verdict in a grid', () => {
    const single = buildPlan({ ...FORM, scenarioId: 'x' }, []);
    expect([single.plan?.repeat, single.advice]).toEqual([1, null]);
    const grid = buildPlan({ ...FORM, scenarioId: 'x', gomaxprocs: '1,2', concurrency: '2,4' }, []);
    expect(grid.plan?.repeat).toBe(4);
    expect(grid.runs).toBe(16);
    expect(grid.advice).toEqual({ text: expect.stringMatching(/^4 repetitions per cell give verdicts but no confidence interval/), enough: true });
  });
  it('say at plan time when the count chosen gives no verdict', () => {
    const built = buildPlan({ ...FORM, scenarioId: 'x', gomaxprocs: '1,2', concurrency: '2,4', repeat: '3' }, []);
    expect(built.plan?.repeat).toBe(3);
    expect(built.advice).toEqual({ text: '3 repetitions per cell give no verdict: a verdict needs ≥ 4 repetitions a side, a 95% confidence interval ≥ 6', enough: false });
    expect(buildPlan({ ...FORM, scenarioId: 'x', repeat: '6' }, []).advice?.text).toBe('6 repetitions per cell give verdicts and 95% confidence intervals');
  });
});
