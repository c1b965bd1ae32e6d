// The runner end to end with the bundled gmpstress: real Go processes in a real pty, a real SQLite
// file, real trace analysis.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, liveProcessesMentioning, liveProcessesOfGroup, openTestCore, type TestCore } from '../../../../test/support/run-core';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('scenario runs', () => {
  it('runs a scenario with cpu and trace capture and stores throughput, both latency sources and artifacts', async () => {
    const { ids, states } = await t.runPlan({
      target: { kind: 'scenario', id: 'pingpong-hog' },
      duration: '1s',
      concurrency: [2],
      gomaxprocs: [2],
      capture: ['cpu', 'trace'],
    });
    expect(states).toEqual(['succeeded']);
    const detail = await t.call('runs.get', { id: ids[0] });
    expect(detail.run.opsPerSec).toBeGreaterThan(0);
    expect(detail.run.exitCode).toBe(0);
    expect(detail.provenance?.gomaxprocs).toBe(2);
    expect(detail.provenance?.gomaxprocsDefault).toBe(false);
    expect(detail.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(detail.schedLatency.sampled?.p99).toBeGreaterThan(0);
    expect(detail.run.schedP99).toBe(detail.schedLatency.exact?.p99);
    const names = detail.artifacts.map((a) => a.name);
    for (const name of ['terminal.log', 'result.json', 'metrics.jsonl', 'cpu.pprof', 'trace.out', 'analysis.json', 'sched.pprof']) {
      expect(names).toContain(name);
    }
    for (const a of detail.artifacts) {
      expect(a.size).toBeGreaterThan(0);
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // Live data went out while it ran, and the terminal log holds what the target printed.
    expect(t.events['run.metrics'].filter((e) => e.runId === ids[0]).length).toBeGreaterThanOrEqual(5);
    expect(t.events['run.progress'].some((e) => e.runId === ids[0] && e.progress.of === 1)).toBe(true);
    const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
    expect(printed).toContain('ops/s');
    expect(readFileSync(join(t.dataDir, 'runs', ids[0], 'terminal.log'), 'utf8')).toBe(printed);
    expect((await t.call('runs.series', { id: ids[0] })).ticks.length).toBeGreaterThanOrEqual(5);
    const stateOrder = t.events['run.state'].filter((e) => e.runId === ids[0]).map((e) => e.state);
    expect(stateOrder.at(-1)).toBe('succeeded');
    expect(stateOrder.filter((s) => s === 'succeeded')).toHaveLength(1);
  });

  it('expands a grid into interleaved runs that never overlap, with GOMAXPROCS unset for "default"', async () => {
    const { ids, states } = await t.runPlan({
      target: { kind: 'scenario', id: 'pingpong-hog' },
      duration: '200ms',
      concurrency: [2],
      gomaxprocs: [1, 'default'],
      repeat: 2,
    });
    expect(states).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const runs = await Promise.all(ids.map(async (id) => (await t.call('runs.get', { id })).run));
    expect(runs.map((r) => r.cell)).toEqual([
      // pingpong-hog ignores the concurrency: its cells are named without one.
      'GOMAXPROCS=1 #1',
      'GOMAXPROCS=default #1',
      'GOMAXPROCS=1 #2',
      'GOMAXPROCS=default #2',
    ]);
    expect(new Set(runs.map((r) => r.experimentId)).size).toBe(1);
    for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt! >= runs[i - 1].endedAt!).toBe(true);
    const defaultRun = await t.call('runs.get', { id: ids[1] });
    expect(defaultRun.provenance?.gomaxprocsDefault).toBe(true);
  });

  it('rejects an invalid config before anything runs, naming the field', async () => {
    const before = (await t.call('runs.list', {})).total;
    const unknown = await failureOf(t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'no-such-scenario' }, duration: '1s', concurrency: [1], gomaxprocs: ['default'] } }));
    expect(unknown.detail.field).toBe('plan.target.id');
    expect(unknown.detail.message).toContain('no-such-scenario');
    const badParam = await failureOf(
      t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog', params: { nope: '1' } }, duration: '1s', concurrency: [1], gomaxprocs: ['default'] } }),
    );
    expect(badParam.detail.field).toBe('plan.target.params.nope');
    const badDuration = await failureOf(t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: 'soon', concurrency: [1], gomaxprocs: ['default'] } }));
    expect(badDuration.detail.field).toBe('plan.duration');
    const badConcurrency = await failureOf(t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [0], gomaxprocs: ['default'] } }));
    expect(badConcurrency.detail.field).toBe('plan.concurrency.0');
    // A scenario whose child runs without the harness can capture nothing: refused, not a run without its files.
    const bare = (asks: { capture?: Array<'trace' | 'cpu'>; flightRecorder?: string }) => ({ target: { kind: 'scenario' as const, id: 'deadlock-detection' }, duration: '200ms', concurrency: [1], gomaxprocs: ['default' as const], ...asks });
    const captured = await failureOf(t.call('runs.start', { plan: bare({ capture: ['trace', 'cpu'] }) }));
    expect(captured.detail).toMatchObject({ field: 'plan.capture', message: expect.stringContaining('deadlock-detection runs its child without the harness, by design') });
    expect(captured.detail.message).toMatch(/it cannot capture trace, cpu$/);
    const flight = await failureOf(t.call('runs.start', { plan: bare({ flightRecorder: '1s' }) }));
    expect(flight.detail).toMatchObject({ field: 'plan.flightRecorder', message: expect.stringMatching(/it cannot keep a flight recorder$/) });
    expect((await t.call('runs.list', {})).total).toBe(before);
  });

  it('a scenario that ignores the concurrency: refused with two values, stored as not using the one it was given', async () => {
    const refused = await failureOf(t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '200ms', concurrency: [1, 4], gomaxprocs: ['default'] } }));
    expect(refused.detail.field).toBe('plan.concurrency');
    expect(refused.detail.message).toContain('idle ignores the concurrency');
    const ids = (await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '200ms', concurrency: [3], gomaxprocs: ['default'] } })).runIds;
    // Known from the catalog from the start, so a page that shows the run while it runs shows no concurrency either.
    expect((await t.call('runs.get', { id: ids[0] })).run.concurrencyUsed).toBe(false);
    expect(await t.waitTerminal(ids[0])).toBe('succeeded');
    const used = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', concurrency: [3], gomaxprocs: ['default'] });
    expect(used.states).toEqual(['succeeded']);
    const idle = await t.call('runs.get', { id: ids[0] });
    const pingpong = await t.call('runs.get', { id: used.ids[0] });
    // What the harness wrote is what the history says: result.json's config, then the summary row.
    const resultOf = (id: string) => JSON.parse(readFileSync(join(t.dataDir, 'runs', id, 'result.json'), 'utf8')) as { config: { concurrency: number; concurrency_used: boolean } };
    expect(resultOf(ids[0]).config).toMatchObject({ concurrency: 3, concurrency_used: false });
    expect(resultOf(used.ids[0]).config).toMatchObject({ concurrency: 3, concurrency_used: true });
    expect([idle.run.concurrencyUsed, pingpong.run.concurrencyUsed]).toEqual([false, true]);
    const listed = (await t.call('runs.list', {})).runs;
    expect(listed.find((r) => r.id === ids[0])?.concurrencyUsed).toBe(false);
    expect(listed.find((r) => r.id === used.ids[0])?.concurrencyUsed).toBe(true);
  });

  it('records a number parameter as the harness runs it, trimmed of white space', async () => {
    const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'burst-release', params: { burst: ' 5 ', at: '50ms\t' } }, duration: '200ms', concurrency: [1], gomaxprocs: ['default'] });
    expect(states).toEqual(['succeeded']);
    const detail = await t.call('runs.get', { id: ids[0]! });
    expect(detail.config.target).toMatchObject({ params: { burst: '5', at: '50ms' } });
    // The harness's own record of what it ran says the same.
    const result = JSON.parse(readFileSync(join(t.dataDir, 'runs', ids[0]!, 'result.json'), 'utf8')) as { params: Record<string, string> };
    expect(result.params).toMatchObject({ burst: '5', at: '50ms' });
  });

  it('cancels a running run (no process of it left) and a queued one', async () => {
    const { runIds } = await t.call('runs.start', {
      plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '60s', concurrency: [2], gomaxprocs: ['default'], repeat: 2 },
    });
    const [running, queued] = runIds;
    await t.waitState(running, 'running');
    const runDir = join(t.dataDir, 'runs', running);
    let pids: number[] = [];
    for (let i = 0; i < 50 && pids.length === 0; i++) {
      pids = liveProcessesMentioning(runDir);
      if (pids.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pids.length).toBeGreaterThan(0);
    // A page that opens now learns the run is this process's, with the progress it last reported.
    const progressed = () => t.events['run.progress'].filter((e) => e.runId === running);
    for (let i = 0; i < 50 && progressed().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const asked = await t.call('runs.progress', { id: running });
    expect(asked.here).toBe(true);
    expect(progressed().map((e) => e.progress)).toContainEqual(asked.progress);
    expect(asked.progress!.total).toBeGreaterThanOrEqual(60);
    expect(await t.call('runs.progress', { id: queued })).toEqual({ here: true, progress: null });
    await t.call('runs.cancel', { id: queued });
    expect(await t.waitTerminal(queued)).toBe('cancelled');
    await t.call('runs.cancel', { id: running });
    expect(await t.waitTerminal(running)).toBe('cancelled');
    for (const pid of pids) {
      expect(liveProcessesOfGroup(pid)).toEqual([]);
      expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')).toBe(false);
    }
    const run = (await t.call('runs.get', { id: running })).run;
    expect(run.state).toBe('cancelled');
    expect(run.endedAt).not.toBeNull();
    // Ended, it is no longer this runner's: nothing of it runs here.
    expect(await t.call('runs.progress', { id: running })).toEqual({ here: false, progress: null });
    // A cancelled run keeps what it wrote.
    expect((await t.call('runs.get', { id: running })).artifacts.map((a) => a.name)).toContain('terminal.log');
  });

  it('lists the catalog from gmpstress -list -json', async () => {
    const catalog = await t.call('catalog.list', {});
    expect(catalog.scenarios.map((s) => s.id)).toContain('pingpong-hog');
    // A scenario written for GOMAXPROCS 1 suggests it; one without a preference says nothing.
    expect(catalog.scenarios.find((s) => s.id === 'pingpong-hog')?.suggested_gomaxprocs).toBe(1);
    expect(catalog.scenarios.find((s) => s.id === 'chan-sync-pingpong')?.suggested_gomaxprocs).toBeUndefined();
    // Whether the load depends on the concurrency: pingpong-hog always runs two pairs.
    expect(catalog.scenarios.filter((s) => s.ignores_concurrency).map((s) => s.id)).toEqual(expect.arrayContaining(['pingpong-hog', 'idle']));
    expect(catalog.scenarios.find((s) => s.id === 'chan-sync-pingpong')?.ignores_concurrency).toBeUndefined();
  });
});
