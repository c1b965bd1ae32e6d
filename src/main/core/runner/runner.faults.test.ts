// The fault matrix on real processes (test/fixtures/go/faults in a pty): each way a target can fail
// ends in one terminal state, with its partial artifacts, a clear message and no process left.
// (Panic, compile error and a hang that ignores SIGTERM: runner.targets.test.ts. Truncated traces,
// corrupt and decompression-bomb profiles: import.test.ts and flame.test.ts. Strays that escape
// the process group: the per-run cgroup's tests.)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXTURES, liveProcessesMentioning, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { tmpfs } from '../../../../test/support/tmpfs';
import { checkResult, Store } from '../store';
import { UserError } from '../errors';
import { isTerminal } from '../../../shared/domain';
import { MAX_LOG_CHARS } from './terminal-sink';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

/** The duration is only the watchdog's budget here: the target ends on its own, a flood within it. */
const faulty = (env: Record<string, string>) => ({ target: { kind: 'program' as const, path: join(FIXTURES, 'faults') }, duration: '60s', concurrency: [1], gomaxprocs: ['default' as const], env });
const terminal = (core: TestCore, id: string) => readFileSync(join(core.dataDir, 'runs', id, 'terminal.log'), 'utf8');

describe('fault matrix', () => {
  it.each([
    ['a non-zero exit', 'exit3', 3, /exit(ed)? .*3|code 3/i],
    ['death by a signal', 'sigkill', 128 + 9, /SIGKILL|signal|killed/i],
    ['running out of memory', 'oom', 2, /out of memory/],
  ])('%s: failed, with the exit code and the reason', async (_what, fault, exitCode, reason) => {
    const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: fault }));
    expect(states).toEqual(['failed']);
    const { run } = await t.call('runs.get', { id: ids[0]! });
    expect(run.exitCode).toBe(exitCode);
    expect(run.error).toMatch(reason);
    expect(terminal(t, ids[0]!)).toContain(`fault: ${fault}`);
    expect(liveProcessesMentioning(join(t.dataDir, 'runs', ids[0]!))).toEqual([]);
  });

  it('100 MB of terminal output: the log is capped with a note, the core stays responsive, the run ends as usual', async () => {
    let worstLagMs = 0;
    let last = Date.now();
    const tick = setInterval(() => {
      worstLagMs = Math.max(worstLagMs, Date.now() - last - 20);
      last = Date.now();
    }, 20);
    const slowestCallMs: number[] = [];
    const poll = setInterval(() => {
      const asked = Date.now();
      void t.call('runs.list', { limit: 5 } as never).then(() => slowestCallMs.push(Date.now() - asked));
    }, 250);
    try {
      const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: 'flood', GMPW_FLOOD_MB: '100' }));
      // It ends as any target without the harness protocol does; the flood changed nothing about that.
      expect(states).toEqual(['failed']);
      expect((await t.call('runs.get', { id: ids[0]! })).run.error).toMatch(/wrote no result\.json/);
      const log = join(t.dataDir, 'runs', ids[0]!, 'terminal.log');
      expect(statSync(log).size).toBeLessThan(MAX_LOG_CHARS + 4096);
      expect(statSync(log).size).toBeGreaterThan(MAX_LOG_CHARS - 4096);
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('gmpw: output passed 64 MiB; the rest is not kept (the run goes on)');
      expect(text).toMatch(/gmpw: \d+ characters of output past the cap were not kept/);
      expect(liveProcessesMentioning(join(t.dataDir, 'runs', ids[0]!))).toEqual([]);
    } finally {
      clearInterval(tick);
      clearInterval(poll);
    }
    expect(slowestCallMs.length).toBeGreaterThan(0);
    expect(Math.max(...slowestCallMs)).toBeLessThan(2000);
    expect(worstLagMs).toBeLessThan(2000);
  });
});

describe('a target stopped by someone else', () => {
  // A FIFO is opened without blocking and refused: opening one blocked a thread of the process until
  // a writer came, the run never ended, Ctrl-C and cancel with it, and the machine's run lock stayed held.
  it('a result.json left as a FIFO: failed at once, saying so, with the exit code', async () => {
    const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: 'fifo-result' }));
    expect(states).toEqual(['failed']);
    const { run } = await t.call('runs.get', { id: ids[0]! });
    expect(run.exitCode).toBe(0);
    expect(run.error).toBe('the target left result.json as a FIFO, not a regular file: not read');
  });

  it('a metrics.jsonl left as a FIFO is not followed, and the run ends as it would without it', async () => {
    const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: 'fifo-metrics' }));
    expect(states).toEqual(['failed']);
    expect((await t.call('runs.get', { id: ids[0]! })).run.error).toMatch(/wrote no result\.json/);
    expect(terminal(t, ids[0]!)).toContain('gmpw: runtime metrics not read: metrics.jsonl is a FIFO, not a regular file');
  });

  it('a trace.out left as a FIFO is not analysed: a cancelled run still ends, saying why', async () => {
    const { runIds } = await t.call('runs.start', { plan: faulty({ GMPW_FAULT: 'fifo-trace' }) });
    const id = runIds[0]!;
    await t.waitState(id, 'running');
    for (let i = 0; i < 100 && !terminal(t, id).includes('fifo made'); i++) await new Promise((r) => setTimeout(r, 100));
    await t.call('runs.cancel', { id });
    const ended = await t.waitTerminal(id);
    expect(ended, `${(await t.call('runs.get', { id })).run.error} / ${terminal(t, id)}`).toBe('cancelled');
    expect((await t.call('runs.get', { id })).analysisNote).toBe('trace not analysed: trace.out is a FIFO, not a regular file');
    expect(liveProcessesMentioning(join(t.dataDir, 'runs', id))).toEqual([]);
  });

  it("another run's result.json passed off as its own: failed, saying what differs from what the run asked", async () => {
    const { ids: real } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '300ms', concurrency: [2], gomaxprocs: ['default'] });
    const from = join(t.dataDir, 'runs', real[0]!, 'result.json');
    const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: 'copy-result', GMPW_RESULT_FROM: from }));
    expect(states).toEqual(['failed']);
    const d = await t.call('runs.get', { id: ids[0]! });
    expect(d.run.error).toBe("result.json is not this run's: it says a duration of 0.3s (the run asked 60s), concurrency 2 (the run asked 1)");
    // None of its figures stand as this run's: not in the row the history lists, not in the detail.
    expect([d.run.opsPerSec, d.run.gcPauseP99, d.run.goVersionInForce, d.result, d.provenance]).toEqual([null, null, null, null, null]);
    const [listed] = (await t.call('runs.list', { filter: { text: ids[0]! } })).runs;
    expect(listed?.opsPerSec).toBeNull();
  });

  it('a result.json this workbench cannot read (its figures impossible): failed, saying why, the file kept', async () => {
    const { ids: real } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '300ms', concurrency: [1], gomaxprocs: ['default'] });
    const forged = join(t.dataDir, 'forged-result.json');
    writeFileSync(forged, JSON.stringify({ ...JSON.parse(readFileSync(join(t.dataDir, 'runs', real[0]!, 'result.json'), 'utf8')), ops: -5 }));
    const { ids, states } = await t.runPlan(faulty({ GMPW_FAULT: 'copy-result', GMPW_RESULT_FROM: forged }));
    expect(states).toEqual(['failed']);
    const d = await t.call('runs.get', { id: ids[0]! });
    expect(d.run.error).toMatch(/^its result\.json is not one this workbench reads \(kept in the run's folder\): result\.json does not match schema 1: ops: /);
    expect(d.run.exitCode).toBe(0);
    expect(d.artifacts.map((a) => a.name)).toContain('result.json');
    expect(d.run.opsPerSec).toBeNull();
  });

  it('figures that cannot have been measured (negative, infinite, not agreeing) are kept but not shown as measured', async () => {
    const { ids } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '300ms', concurrency: [1], gomaxprocs: ['default'] });
    const real = JSON.parse(readFileSync(join(t.dataDir, 'runs', ids[0]!, 'result.json'), 'utf8')) as { ops: number; wall_s: number; ops_per_s: number; provenance: object };
    expect(checkResult(real).problem).toBeNull();
    const forged: Array<[string, object]> = [
      ['negative ops', { ops: -5, ops_per_s: -5 / real.wall_s }],
      ['a negative window', { wall_s: -1 }],
      ['ops/s not ops over the window', { ops_per_s: real.ops_per_s * 1000 + 1 }],
      ['an infinite rate', { ops_per_s: Infinity }],
      ['no CPUs', { provenance: { ...real.provenance, num_cpu: 0 } }],
      ['a rate over no window', { wall_s: 0, ops: 1, ops_per_s: 1e300 }],
      ['a rate over a moment', { wall_s: 1e-6, ops: 1, ops_per_s: 1e300 }],
      ['a window shorter than the microsecond it is rounded to', { wall_s: 1e-7, ops: 1, ops_per_s: 1e300 }],
      ['a negative count of samples', { metrics: { '/sched/latencies:seconds': { kind: 'histogram', unit: 's', count: -995, bins: [] } } }],
      ['a negative GOMAXPROCS in force', { gomaxprocs: { configured: 2, in_force: -5, changes: [] } }],
    ];
    for (const [what, change] of forged) expect(checkResult(JSON.parse(JSON.stringify({ ...real, ...change }))).problem, what).not.toBeNull();
  });

  it('fails, saying its window was cut short, though the harness wrote its results and exited 0', async () => {
    const { runIds } = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '30s', gomaxprocs: ['default'] } });
    const id = runIds[0]!;
    await t.waitState(id, 'running');
    const dir = join(t.dataDir, 'runs', id);
    // The harness's process: the one whose command line names the run's -out folder.
    let target: number | undefined;
    for (let i = 0; i < 100 && target === undefined; i++) {
      target = liveProcessesMentioning(dir)[0];
      if (target === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(target, 'the target runs').toBeDefined();
    await new Promise((r) => setTimeout(r, 500)); // inside its measured window
    process.kill(target!, 'SIGTERM');
    expect(await t.waitTerminal(id)).toBe('failed');
    const { run, result } = await t.call('runs.get', { id });
    expect(result?.stopped).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(run.error).toBe('a signal stopped the target before its measured window ended (the workbench did not): its figures cover a shortened window');
  });
});

describe('a disk that fills up while the run writes', () => {
  const { path: mount, mounted } = tmpfs('24m');

  it.skipIf(!mounted)('still records how the run ended, saying the log could not be written (needs root to mount a 24 MB tmpfs)', async () => {
    mkdirSync(join(mount, 'data'));
    const full = await openTestCore({ dataDir: join(mount, 'data') });
    try {
      const { ids, states } = await full.runPlan(faulty({ GMPW_FAULT: 'flood', GMPW_FLOOD_MB: '100' }));
      expect(states).toEqual(['failed']);
      const { run } = await full.call('runs.get', { id: ids[0]! });
      expect(run.state).toBe('failed');
      // The target had ended (0, after its flood) when the history found the disk full: its status stays.
      expect(run.exitCode).toBe(0);
      expect(run.error).toMatch(/^workbench error: Could not record that run .* is analysing: the disk holding .*gmpw\.db is full/);
      expect(terminal(full, ids[0]!)).toContain('fault: flood');
      expect(full.events['run.output'].map((e) => e.data).join('')).toMatch(/terminal\.log cannot be written \(.*ENOSPC/);
      expect(liveProcessesMentioning(join(full.dataDir, 'runs', ids[0]!))).toEqual([]);
    } finally {
      await full.core.close();
    }
  }, 90_000);
});

describe('an ending the history cannot record', () => {
  it('is still said, as it was, with why the history lacks it; the queue goes on', async () => {
    // The disk full past the reserve when the run's ending is written: made so by failing that write.
    const transition = Store.prototype.transition;
    const spy = vi.spyOn(Store.prototype, 'transition').mockImplementation(function (this: Store, id, to, fields) {
      if (isTerminal(to)) throw new UserError(`Could not record that run ${id} is ${to}: the disk holding gmpw.db is full`, null, 'disk-full');
      return transition.call(this, id, to, fields);
    });
    let id = '';
    try {
      const started = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '100ms', concurrency: [1], gomaxprocs: ['default'] } });
      id = started.runIds[0]!;
      expect(await t.waitTerminal(id)).toBe('succeeded');
    } finally {
      spy.mockRestore();
    }
    const said = t.events['run.state'].filter((e) => e.runId === id && isTerminal(e.state));
    expect(said).toEqual([{ runId: id, state: 'succeeded', exitCode: null, error: expect.stringMatching(/^succeeded; the history could not record it: Could not record that run .* is succeeded: the disk holding gmpw\.db is full$/) }]);
    // The queue goes on: the next run starts and ends, recorded.
    const { states } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '100ms', concurrency: [1], gomaxprocs: ['default'] });
    expect(states).toEqual(['succeeded']);
  });
});
