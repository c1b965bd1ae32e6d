// gmpw run's flags as a plan, without running anything.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../shared/domain';
import type { CatalogScenario } from '../../shared/results';
import { openTestCore } from '../../../test/support/run-core';
import { planAdvice, planFrom, suggestGomaxprocs } from './commands/run';

describe('gmpw run arguments', () => {
  it('leaves what is not given to the contract\'s defaults, the app\'s and the harness\'s', () => {
    const plan = RunPlan.parse(planFrom(['--scenario', 'pingpong-hog']).plan);
    expect(plan).toMatchObject({ duration: '5s', warmup: '0s', metricsInterval: '100ms', flightRecorder: '0s', gomaxprocs: ['default'], goVersion: ['local'], repeat: 1 });
  });

  it("leaves no --concurrency to the runner, which runs at the machine's CPU count, the form's hint", async () => {
    expect(planFrom(['--scenario', 'idle']).plan.concurrency).toBeUndefined();
    expect(planFrom(['--scenario', 'idle', '--concurrency', '3']).plan.concurrency).toEqual([3]);
    const t = await openTestCore();
    try {
      const { defaultConcurrency } = await t.call('runner.capabilities', {});
      expect(defaultConcurrency).toBe(availableParallelism());
      const { ids, states } = await t.runPlan({ ...planFrom(['--scenario', 'idle', '--duration', '100ms']).plan });
      expect(states).toEqual(['succeeded']);
      expect((await t.call('runs.get', { id: ids[0]! })).config.concurrency).toBe(defaultConcurrency);
    } finally {
      await t.close();
    }
  });

  it('refuses an option given twice, a parameter given twice, and an option of another kind of target: none is dropped silently', () => {
    expect(() => planFrom(['--scenario', 'idle', '--scenario', 'pingpong-hog'])).toThrow('run: --scenario is given 2 times (idle, pingpong-hog): give it once');
    expect(() => planFrom(['--scenario', 'idle', '--duration', '1s', '--duration=2s'])).toThrow('run: --duration is given 2 times (1s, 2s): give it once');
    expect(() => planFrom(['--scenario', 'timer-storm', '--param', 'timers=1', '--param', 'timers=2'])).toThrow('--param: timers is given twice (1, 2): give it once');
    expect(() => planFrom(['--scenario', 'idle', '--bench-regex', 'X'])).toThrow('run: --bench-regex applies to --bench targets, not --scenario');
    expect(() => planFrom(['--bench', 'runtime', '--param', 'a=1'])).toThrow('run: --param applies to --scenario and --program targets, not --bench');
    expect(() => planFrom(['--scenario', 'idle', '--pprof-url', 'http://127.0.0.1:6060/debug/pprof/'])).toThrow('run: --pprof-url applies to --endpoint targets, not --scenario');
    // Options that take several, and flags, may come again.
    expect(planFrom(['--scenario', 'idle', '--tag', 'a', '--tag', 'b', '--verbose', '--verbose']).plan.tags).toEqual(['a', 'b']);
  });

  it('--flight-recorder sets the plan field; flight is a capture kind', () => {
    const { plan } = planFrom(['--scenario', 'pingpong-hog', '--flight-recorder', '10s', '--capture', 'cpu,flight']);
    expect(plan.flightRecorder).toBe('10s');
    expect(plan.capture).toEqual(['cpu', 'flight']);
  });

  it('--go-version lists the releases of the plan, in the contract\'s one spelling', () => {
    const plan = RunPlan.parse(planFrom(['--scenario', 'pingpong-hog', '--go-version', 'local, 1.22.12,go1.24.x']).plan);
    expect(plan.goVersion).toEqual(['local', 'go1.22.12', 'go1.24.x']);
    expect(RunPlan.safeParse(planFrom(['--scenario', 'pingpong-hog', '--go-version', '1.24']).plan).error?.issues[0].path).toEqual(['goVersion', 0]);
  });

  it('says whether --gomaxprocs was given, so a scenario\'s suggestion never overrides one', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).gomaxprocsGiven).toBe(false);
    expect(planFrom(['--scenario', 'pingpong-hog', '--gomaxprocs', 'default']).gomaxprocsGiven).toBe(true);
  });

  it('runs a scenario at the GOMAXPROCS it suggests and says so; one without a suggestion keeps Go\'s default', () => {
    const entry = (id: string, suggested?: number): CatalogScenario => ({
      id, group: 'g', title: id, mechanism: '', source: '', fresh_process: false, params: [], signals: [],
      ...(suggested === undefined ? {} : { suggested_gomaxprocs: suggested }),
    });
    const catalog = { schema: 1 as const, scenarios: [entry('pingpong-hog', 1), entry('chan-sync-pingpong')] };
    const hog = suggestGomaxprocs(planFrom(['--scenario', 'pingpong-hog']).plan, catalog);
    expect(hog.plan.gomaxprocs).toEqual([1]);
    expect(hog.note).toBe('GOMAXPROCS 1, the value pingpong-hog suggests (--gomaxprocs overrides it)');
    const plain = suggestGomaxprocs(planFrom(['--scenario', 'chan-sync-pingpong']).plan, catalog);
    expect(plain).toEqual({ plan: planFrom(['--scenario', 'chan-sync-pingpong']).plan, note: null });
  });

  it('--cpu-limit lists cores and max; anything else is a usage error naming the flag', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).plan.cpuLimit).toBeUndefined(); // the contract's default: max
    expect(planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', '0.5,1,max']).plan.cpuLimit).toEqual([0.5, 1, 'max']);
    for (const bad of ['half', 'Infinity', '0x10', '1e3']) {
      expect(() => planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', bad])).toThrow(new RegExp(`^--cpu-limit: "${bad}" is neither "max" nor a number of cores \\(e\\.g\\. --cpu-limit 0\\.5,1,max\\)$`));
    }
    expect(() => planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', '0.5,,1'])).toThrow('--cpu-limit: "0.5,,1" has an empty item');
    // The range is the contract's, as in the app: 0 cores reads, and the plan refuses it.
    expect(planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', '0']).plan.cpuLimit).toEqual([0]);
  });

  it('a list flag given empty is refused, not taken for one left out (the scenario\'s GOMAXPROCS was silently dropped)', () => {
    expect(() => planFrom(['--scenario', 'pingpong-hog', '--gomaxprocs', ''])).toThrow(/^--gomaxprocs: give "default", a number, or a list/);
    expect(() => planFrom(['--scenario', 'pingpong-hog', '--concurrency', ''])).toThrow(/^--concurrency: give a whole number/);
  });

  it('--host takes a list of hosts, and leaves the plan on this machine when absent', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).plan.hosts).toBeUndefined();
    expect(planFrom(['--scenario', 'pingpong-hog', '--host', 'lab, local']).plan.hosts).toEqual(['lab', 'local']);
  });

  it('asks for --yes before a plan of more than 100 runs', () => {
    const grid = ['--scenario', 'pingpong-hog', '--gomaxprocs', '1,2,3,4', '--concurrency', '1,2,3,4,5'];
    expect(planFrom([...grid, '--repeat', '5']).plan.repeat).toBe(5); // 100 runs
    expect(() => planFrom([...grid, '--repeat', '6'])).toThrow('run: this plan makes 120 runs (Go releases × GOMAXPROCS values × concurrency values × CPU limits × hosts × --repeat); add --yes to start them');
    expect(planFrom([...grid, '--repeat', '6', '--yes']).plan.repeat).toBe(6);
    // A plan the contract refuses is not asked about: runs.start says what is wrong with it.
    expect(planFrom(['--scenario', 'pingpong-hog', '--repeat', '12345678901234567890']).plan.repeat).toBe(12345678901234567890);
    expect(planFrom([...grid, '--repeat', '60']).plan.repeat).toBe(60);
    // Go releases multiply the grid like every other dimension.
    expect(() => planFrom([...grid, '--go-version', 'local,1.24.x', '--repeat', '3'])).toThrow('run: this plan makes 120 runs');
  });

  it('says at plan time what the repetitions will answer', () => {
    const advice = (...argv: string[]) => planAdvice(planFrom(['--scenario', 'idle', ...argv]).plan);
    expect(advice()).toBeNull();
    expect(advice('--gomaxprocs', '1,2', '--concurrency', '2,4', '--repeat', '3')).toBe(
      '3 repetitions per cell give no verdict: a verdict needs ≥ 4 repetitions a side, a 95% confidence interval ≥ 6 (--repeat 4 or more)',
    );
    expect(advice('--gomaxprocs', '1,2', '--repeat', '6')).toBe('6 repetitions per cell give verdicts and 95% confidence intervals');
  });

  it('--scenario without a value says so, whether it ends the line or another flag follows', () => {
    for (const argv of [['--scenario'], ['--scenario', '--duration', '1s']]) {
      expect(() => planFrom(argv)).toThrow('run: --scenario needs a value (e.g. --scenario pingpong-hog)');
    }
    expect(() => planFrom(['--scenario', 'pingpong-hog', '--duration'])).toThrow('run: --duration needs a value (e.g. --duration VALUE)');
  });
});
