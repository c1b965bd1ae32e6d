// Each target kind end to end (bench, program, endpoint) and the ways a target can go wrong:
// a compile error, a panic, a hang. Real go builds, real processes in a pty.
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBenchstat } from '../../../../test/support/benchstat';
import { opsPerSecond, parseBenchfmt } from '../benchfmt';
import { CommandFailure } from '../errors';
import { FIXTURES, liveProcessesMentioning, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { freePort } from '../../../../test/support/free-port';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

const base = { duration: '1s', concurrency: [2], gomaxprocs: [2] as (number | 'default')[] };
const terminal = (id: string) => readFileSync(join(t.dataDir, 'runs', id, 'terminal.log'), 'utf8');

describe('target kinds', () => {
  it('bench: builds the test binary once per experiment and stores ops/s from the benchmark lines', async () => {
    const { ids, states } = await t.runPlan({
      ...base,
      duration: '200ms',
      gomaxprocs: [1, 2],
      target: { kind: 'bench', pkg: join(FIXTURES, 'bench'), bench: 'Sum' },
      capture: ['cpu'],
    });
    expect(states).toEqual(['succeeded', 'succeeded']);
    const details = await Promise.all(ids.map((id) => t.call('runs.get', { id })));
    for (const d of details) {
      expect(d.run.opsPerSec).toBeGreaterThan(1000);
      expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['bench.txt', 'bench.json', 'cpu.pprof', 'terminal.log']));
    }
    // -test.cpu carries GOMAXPROCS: the benchmark name gets its -P suffix.
    expect(readFileSync(join(t.dataDir, 'runs', ids[0], 'bench.txt'), 'utf8')).toMatch(/^BenchmarkSum\s/m);
    expect(readFileSync(join(t.dataDir, 'runs', ids[1], 'bench.txt'), 'utf8')).toMatch(/^BenchmarkSum-2\s/m);
    const bench = JSON.parse(readFileSync(join(t.dataDir, 'runs', ids[1], 'bench.json'), 'utf8'));
    expect(bench.schema).toBe(2);
    expect(opsPerSecond(bench.results[0])).toBeCloseTo(details[1].run.opsPerSec!, 3);
    // Built once: only the first run of the experiment went through building.
    const building = t.events['run.state'].filter((e) => ids.includes(e.runId) && e.state === 'building');
    expect(building.map((e) => e.runId)).toEqual([ids[0]]);
    expect(terminal(ids[0])).toContain('go test -c');
  });

  it("bench: at GOMAXPROCS default the run records the GOMAXPROCS go test ran at (its names' -N), not 'default'", async () => {
    const { ids, states } = await t.runPlan({
      ...base,
      gomaxprocs: ['default'],
      duration: '100ms',
      target: { kind: 'bench', pkg: join(FIXTURES, 'bench'), bench: 'Sum', benchtime: '100x' },
      capture: [],
    });
    expect(states).toEqual(['succeeded']);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.run.gomaxprocs).toBe('default');
    const printed = Number(/-(\d+)$/.exec(d.benchmarks[0]!.name)?.[1] ?? 1);
    expect(d.run.gomaxprocsInForce).toBe(printed);
  });

  it('bench: every matched benchmark is a result with every metric and the header; the export gives their lines, and benchstat reads them', async () => {
    const { ids, states } = await t.runPlan({
      ...base,
      duration: '100ms',
      target: { kind: 'bench', pkg: join(FIXTURES, 'bench'), bench: 'Sum|Product', benchtime: '2000x' },
      capture: [],
    });
    expect(states).toEqual(['succeeded']);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.benchmarks.map((b) => b.name)).toEqual(['Sum-2', 'Product-2']);
    // No one number stands for two benchmarks: each has its own ns/op.
    expect(d.run.opsPerSec).toBeNull();
    const units = (name: string) => d.benchmarks.find((b) => b.name === name)!.values.map((v) => v.unit);
    expect(units('Sum-2')).toEqual(['ns/op', 'B/op', 'allocs/op']);
    expect(units('Product-2')).toEqual(['ns/op', 'items/op', 'B/op', 'allocs/op']);
    expect(Object.keys(d.benchmarks[0].config)).toEqual(['goos', 'goarch', 'pkg', 'cpu']);
    expect(d.benchmarks[0].config.pkg).toBe('example.com/gmpw-fixture/bench');

    const { text, runs, skipped } = await t.call('compare.exportBenchfmt', { runIds: ids });
    expect([runs, skipped]).toEqual([1, []]);
    // go test's own lines (names, iterations, every value and unit, the header), read back from the
    // export, with the Go that built the test binary, which go test does not print.
    const printed = parseBenchfmt(readFileSync(join(t.dataDir, 'runs', ids[0], 'bench.txt'), 'utf8')).results;
    expect(d.builtWith).toMatch(/^go1\.\d+/);
    expect(parseBenchfmt(text).results).toEqual(printed.map((r) => ({ ...r, config: { ...r.config, go: d.builtWith } })));
    const benchstat = installBenchstat();
    try {
      const table = benchstat.run({ bench: text });
      for (const expected of ['Sum-2', 'Product-2', 'sec/op', 'items/op', 'pkg: example.com/gmpw-fixture/bench']) expect(table).toContain(expected);
    } finally {
      benchstat.cleanup();
    }
  });

  it("a scenario's export names the processor as go test's header does", async () => {
    const { ids } = await t.runPlan({ ...base, duration: '100ms', target: { kind: 'bench', pkg: join(FIXTURES, 'bench'), bench: 'Sum', benchtime: '10x' }, capture: [] });
    const printed = (await t.call('runs.get', { id: ids[0] })).benchmarks[0]!.config.cpu;
    expect(printed, "go test's cpu: line (it prints one where it knows the processor)").toBeTruthy();
    const scenario = await t.runPlan({ ...base, duration: '100ms', target: { kind: 'scenario', id: 'pingpong-hog' }, capture: [] });
    expect(scenario.states).toEqual(['succeeded']);
    const { text } = await t.call('compare.exportBenchfmt', { runIds: scenario.ids });
    expect(parseBenchfmt(text).results[0]!.config.cpu).toBe(printed);
  });

  it('program: a package that is not main fails saying so, not with execvp\'s "Permission denied"', async () => {
    const { ids, states } = await t.runPlan({ ...base, target: { kind: 'program', path: join(FIXTURES, 'library') }, capture: [] });
    expect(states).toEqual(['failed']);
    const { run } = await t.call('runs.get', { id: ids[0] });
    expect(run.error).toContain(`${join(FIXTURES, 'library')} is not a main package`);
    expect(run.error).not.toMatch(/execvp|Permission denied/);
  });

  it('program: builds a main package on the harness and runs it with the protocol flags', async () => {
    const { ids, states } = await t.runPlan({
      ...base,
      target: { kind: 'program', path: join(FIXTURES, 'program'), params: { hops: '10' } },
      capture: ['trace'],
    });
    expect(states).toEqual(['succeeded']);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.result?.scenario).toBe('token-ring');
    // The built program is no artifact of the run, and goes once the plan is over.
    expect(d.artifacts.map((a) => a.name)).not.toContain('program');
    expect(readdirSync(join(t.dataDir, 'builds'))).toEqual([]);
    expect(d.result?.params.hops).toBe('10');
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    expect(d.schedLatency.exact?.p50).not.toBeNull();
    expect(d.provenance?.gomaxprocs).toBe(2);
  });

  it('endpoint: captures cpu profile and trace over loopback pprof HTTP for the run duration', async () => {
    const port = await freePort();
    const { ids, states } = await t.runPlan({
      ...base,
      target: { kind: 'endpoint', path: join(FIXTURES, 'endpoint'), args: ['-addr', `127.0.0.1:${port}`], pprofUrl: `http://127.0.0.1:${port}/debug/pprof/` },
      capture: ['cpu', 'trace', 'goroutine'],
    });
    const d = await t.call('runs.get', { id: ids[0] });
    expect(states, d.run.error ?? '').toEqual(['succeeded']);
    expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['cpu.pprof', 'trace.out', 'goroutine.pprof', 'analysis.json']));
    expect(d.schedLatency.exact?.p99).not.toBeNull();
    expect(d.analysis?.meta.gomaxprocs[0]?.n).toBe(2);
  });

  it('endpoint: a target that ends before the capture is done fails, whatever its exit code', async () => {
    const port = await freePort();
    const { ids, states } = await t.runPlan({
      ...base,
      target: { kind: 'endpoint', path: join(FIXTURES, 'panic'), pprofUrl: `http://127.0.0.1:${port}/debug/pprof/` },
      capture: ['cpu'],
    });
    expect(states).toEqual(['failed']);
    expect((await t.call('runs.get', { id: ids[0] })).run.error).toMatch(/^ended before the capture was done: exit code 2: panic: fixture panic/);
  });

  it('endpoint: refuses to start while another process answers at its pprof URL, whose profiles would be taken for the run\'s', async () => {
    const port = await freePort();
    const stale = createServer((_req, res) => res.end('stale\0-addr\0elsewhere'));
    await new Promise<void>((r) => stale.listen(port, '127.0.0.1', r));
    try {
      const { ids, states } = await t.runPlan({
        ...base,
        target: { kind: 'endpoint', path: join(FIXTURES, 'endpoint'), args: ['-addr', `127.0.0.1:${port}`], pprofUrl: `http://127.0.0.1:${port}/debug/pprof/` },
        capture: ['cpu'],
      });
      expect(states).toEqual(['failed']);
      const d = await t.call('runs.get', { id: ids[0] });
      expect(d.run.error).toBe(`http://127.0.0.1:${port}/debug/pprof/ answers before the run's program has started: another process holds the address (an earlier copy of the program?); stop it, or give the program another address`);
      expect(d.artifacts.map((a) => a.name)).not.toContain('cpu.pprof');
    } finally {
      stale.close();
    }
  });

  it('endpoint: refuses a pprof URL that is not loopback', async () => {
    const err = await t
      .call('runs.start', { plan: { ...base, target: { kind: 'endpoint', path: join(FIXTURES, 'endpoint'), pprofUrl: 'http://10.1.2.3:6060/debug/pprof/' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailure);
    expect((err as CommandFailure).detail.field).toBe('plan.target.pprofUrl');
  });

  it('compile error: every run of the plan fails and its terminal.log keeps the compiler output', async () => {
    const { ids, states } = await t.runPlan({ ...base, repeat: 2, target: { kind: 'program', path: join(FIXTURES, 'compile-error') } });
    expect(states).toEqual(['failed', 'failed']);
    for (const id of ids) {
      const d = await t.call('runs.get', { id });
      expect(d.run.error).toContain('main.go:4');
      expect(terminal(id)).toContain('cannot use "not a number"');
    }
    expect((await t.call('runs.terminal', { id: ids[0] })).text).toContain('cannot use "not a number"');
  });

  it('program: the harness\'s "measure" region is the measured window, not the scenario\'s slow stop after it', async () => {
    const { ids, states } = await t.runPlan({ ...base, duration: '500ms', capture: ['trace'], env: { GMPW_FIXTURE_STOP_DELAY: '300ms' }, target: { kind: 'program', path: join(FIXTURES, 'program') } });
    expect(states).toEqual(['succeeded']);
    const runDir = join(t.dataDir, 'runs', ids[0]!);
    const wall = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')).wall_s as number;
    const regions = JSON.parse(readFileSync(join(runDir, 'analysis.json'), 'utf8')).user_annotations.regions as Array<{ type: string; count: number; duration: { sum_s: number } }>;
    const measure = regions.find((r) => r.type === 'measure');
    expect(measure?.count).toBe(1);
    // From just before the window's clock starts to just after it stops: the 300 ms stop is not in it.
    expect(measure!.duration.sum_s).toBeGreaterThanOrEqual(wall);
    expect(measure!.duration.sum_s).toBeLessThan(wall + 0.1);
  });

  it('panic: the run fails with its exit code and the panic kept', async () => {
    const { ids, states } = await t.runPlan({ ...base, target: { kind: 'program', path: join(FIXTURES, 'panic') } });
    expect(states).toEqual(['failed']);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.run.exitCode).toBe(2);
    expect(d.run.error).toContain('panic: fixture panic');
    expect(terminal(ids[0])).toContain('starting up');
    expect(terminal(ids[0])).toContain('goroutine 1 [running]');
  });

  it("a failed run's analysis of what its target left can be cancelled: the run ends failed, its note says the analysis was cancelled, and nothing of it is left running", async () => {
    // The program's scenario ends its window in an error after 3 s of tracing: its trace takes gmptrace a while.
    const { runIds } = await t.call('runs.start', {
      plan: { ...base, duration: '3s', capture: ['trace'], env: { GMPW_FIXTURE_FAIL: 'the fixture failed as asked' }, target: { kind: 'program', path: join(FIXTURES, 'program') } },
    });
    const id = runIds[0];
    await t.waitState(id, 'analysing');
    const asked = Date.now();
    await t.call('runs.cancel', { id });
    expect(await t.waitTerminal(id)).toBe('failed');
    expect(Date.now() - asked).toBeLessThan(2000);
    const d = await t.call('runs.get', { id });
    expect(d.run.error).toMatch(/the fixture failed as asked$/);
    expect(d.analysisNote).toBe('trace analysis was cancelled');
    expect(liveProcessesMentioning(join(t.dataDir, 'runs', id))).toEqual([]);
  });

  it('cancel while building: the run is cancelled without waiting for the build', async () => {
    const { runIds } = await t.call('runs.start', { plan: { ...base, target: { kind: 'program', path: join(FIXTURES, 'program') } } });
    await t.waitState(runIds[0], 'building');
    const asked = Date.now();
    await t.call('runs.cancel', { id: runIds[0] });
    expect(await t.waitTerminal(runIds[0])).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(t.events['run.state'].filter((e) => e.runId === runIds[0]).map((e) => e.state)).not.toContain('running');
  });

  it('hang: the watchdog stops it (SIGTERM ignored, then SIGKILL of the group) and the run is timed-out', async () => {
    const started = Date.now();
    const { ids, states } = await t.runPlan({ ...base, duration: '100ms', target: { kind: 'program', path: join(FIXTURES, 'hang') } });
    expect(states).toEqual(['timed-out']);
    // deadline (0.1 s + 5 s harness slack) + 1 s term grace + 1 s kill grace, plus the build.
    expect(Date.now() - started).toBeLessThan(30_000);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.run.exitCode).toBe(128 + 9);
    expect(terminal(ids[0])).toContain('hanging');
    expect(liveProcessesMentioning(join(t.dataDir, 'runs', ids[0]))).toEqual([]);
  });
});
