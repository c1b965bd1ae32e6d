import { describe, expect, it } from 'vitest';
import { MAX_PLAN_RUNS, parseTick, planRunCount, RunConfig, RunPlan } from './domain';

describe('parseTick', () => {
  it('reads a metrics.jsonl line, and gives null for a blank, cut or foreign one', () => {
    const line = JSON.stringify({ schema: 1, t: 0.1, phase: 'measure', ops: 10, gauges: { g: 1 }, hist: {} });
    expect(parseTick(line)).toEqual({ t: 0.1, phase: 'measure', ops: 10, gauges: { g: 1 }, hist: {} });
    expect(parseTick('  ')).toBeNull();
    expect(parseTick(line.slice(0, 20))).toBeNull();
    expect(parseTick('{"t":"soon"}')).toBeNull();
  });
});


const plan = (extra: Record<string, unknown>) => ({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [1], gomaxprocs: ['default'], ...extra });
const issues = (input: unknown) => {
  const parsed = RunPlan.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('RunPlan', () => {
  it('refuses a NUL in anything handed to a process, naming the field, instead of cutting the text there', () => {
    expect(issues(plan({ env: { GODEBUG: 'gctrace=1\0asyncpreemptoff=1' } }))).toEqual([{ path: 'env.GODEBUG', message: 'must not contain a NUL character' }]);
    expect(issues(plan({ target: { kind: 'program', path: '/bin/x', args: ['-a', 'b\0c'] } }))).toEqual([{ path: 'target.args.1', message: 'must not contain a NUL character' }]);
    expect(issues(plan({ target: { kind: 'program', path: '/bin/x\0y' } }))).toEqual([{ path: 'target.path', message: 'must not contain a NUL character' }]);
    expect(issues(plan({ target: { kind: 'scenario', id: 's', params: { n: '1\0' } } }))).toEqual([{ path: 'target.params.n', message: 'must not contain a NUL character' }]);
    expect(issues(plan({ env: { GODEBUG: 'gctrace=1' } }))).toEqual([]);
  });

  it('refuses a bench package that begins with "-": go list would take it for a flag of its own', () => {
    expect(issues(plan({ target: { kind: 'bench', pkg: '-toolexec=/bin/touch /tmp/x' } }))).toEqual([
      { path: 'target.pkg', message: 'a Go package, not a flag: it must not begin with "-" (a directory of that name is written ./-dir)' },
    ]);
    expect(issues(plan({ target: { kind: 'bench', pkg: './-dir' } }))).toEqual([]);
    // A run stored before the rule still reads: the rule is a new plan's.
    expect(RunConfig.safeParse({ target: { kind: 'bench', pkg: '-toolexec=/bin/true' }, duration: '1s', concurrency: 1, gomaxprocs: 'default' }).success).toBe(true);
  });

  it('refuses a value listed twice on an axis of the grid: it would make two cells of one name', () => {
    expect(issues(plan({ gomaxprocs: [1, 1] }))).toEqual([{ path: 'gomaxprocs', message: 'a GOMAXPROCS value is listed twice' }]);
    expect(issues(plan({ gomaxprocs: ['default', 'default'] }))).toEqual([{ path: 'gomaxprocs', message: 'a GOMAXPROCS value is listed twice' }]);
    expect(issues(plan({ concurrency: [2, 4, 2] }))).toEqual([{ path: 'concurrency', message: 'a concurrency is listed twice' }]);
    expect(issues(plan({ cpuLimit: [0.5, 'max', 0.5] }))).toEqual([{ path: 'cpuLimit', message: 'a CPU limit is listed twice' }]);
    expect(issues(plan({ capture: ['trace', 'cpu', 'trace'] }))).toEqual([{ path: 'capture', message: 'a capture is listed twice' }]);
    expect(issues(plan({ gomaxprocs: [1, 'default'], concurrency: [2, 4], cpuLimit: [0.5, 'max'] }))).toEqual([]);
  });

  it('refuses the flight recorder with a Go release that has none, before anything is built', () => {
    expect(issues(plan({ flightRecorder: '5s', goVersion: ['go1.25.x', 'go1.24.13'] }))).toEqual([
      { path: 'goVersion.1', message: 'the flight recorder needs Go 1.25 or newer (go1.24.13 has none); turn it off (0s) for that release' },
    ]);
    expect(issues(plan({ flightRecorder: '0s', goVersion: ['go1.24.13'] }))).toEqual([]);
  });

  it('refuses several concurrencies for a kind that takes none: its runs would be alike', () => {
    const bench = { target: { kind: 'bench', pkg: 'runtime', bench: '^BenchmarkChanSync$' } };
    expect(issues(plan({ ...bench, concurrency: [1, 2] }))).toEqual([
      { path: 'concurrency', message: "bench targets take no concurrency (go test's benchmarks run their own loop), so runs at 1, 2 would be the same run: give one value or none" },
    ]);
    expect(issues(plan({ ...bench, concurrency: [4] }))).toEqual([]);
    expect(issues(plan({ concurrency: [1, 2] }))).toEqual([]);
  });

  it(`refuses a plan of more than ${MAX_PLAN_RUNS} runs, naming repeat and the count`, () => {
    const grid = { concurrency: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], gomaxprocs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    expect(planRunCount({ ...grid, repeat: 10 })).toBe(1000);
    expect(issues(plan({ ...grid, repeat: 10 }))).toEqual([]);
    expect(issues(plan({ ...grid, repeat: 11 }))).toEqual([{ path: 'repeat', message: expect.stringContaining('this plan makes 1100 runs') }]);
    // Hosts multiply the grid too.
    expect(planRunCount({ ...grid, hosts: ['local', 'lab'], repeat: 5 })).toBe(1000);
    expect(issues(plan({ ...grid, hosts: ['local', 'lab'], repeat: 6 }))).toEqual([{ path: 'repeat', message: expect.stringContaining('this plan makes 1200 runs') }]);
    // So do Go releases and CPU limits, every dimension at once.
    expect(planRunCount({ ...grid, goVersion: ['local', 'go1.24.x'], hosts: ['local', 'lab'], cpuLimit: ['max', 0.5], repeat: 1 })).toBe(800);
    const releasesAndLimits = { ...grid, goVersion: ['local', 'go1.24.x'], cpuLimit: ['max', 0.5] };
    expect(issues(plan({ ...releasesAndLimits, repeat: 2 }))).toEqual([]);
    expect(issues(plan({ ...releasesAndLimits, repeat: 3 }))).toEqual([{ path: 'repeat', message: expect.stringContaining('this plan makes 1200 runs (Go releases × hosts') }]);
  });
});
