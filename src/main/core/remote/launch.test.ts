// Runs on a remote host end to end: a real sshd on 127.0.0.1 added as a host, the real core and
// runner, gmpstress and a user program cross-built for the host, real ssh sessions in a real pty.
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, liveProcessesMentioning, liveProcessesOfGroup, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { leaveRunning, startSshd, sshdAvailable, type TestSshd } from '../../../../test/support/sshd';
import { HEARTBEAT_S, LOST_AFTER_S, LOST_KILL_GRACE_S } from './layout';
import type { CommandOutput } from '../../../shared/contract';
import type { RunPlanInput } from '../../../shared/domain';
import { keptFilesHost } from '../../../shared/kept-files';

/** The run's folder on the host: in the home the test server gives its sessions, on this machine. */
const remoteDir = (sshd: TestSshd, id: string) => join(sshd.home, '.gmpw', 'runs', id);

async function eventually(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The run's remote process group, once the target has started there. */
async function remotePgid(sshd: TestSshd, id: string): Promise<number> {
  const file = join(remoteDir(sshd, id), 'pid');
  await eventually(`the run ${id} started on the host`, () => existsSync(file) && readFileSync(file, 'utf8').trim() !== '');
  return Number(readFileSync(file, 'utf8'));
}

const HOST_CPUS = availableParallelism() + 1;

/**
 * ssh options that notice a dead link within a few seconds rather than ssh's 15 (a host's options
 * win over the workbench's), so that a lost-link test ends its run quickly.
 */
const QUICK_TO_GIVE_UP = ['-o', 'ServerAliveInterval=1', '-o', 'ServerAliveCountMax=2', '-o', 'ConnectTimeout=2'];

describe.skipIf(!sshdAvailable())('runs on a remote host (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let sshd: TestSshd;
  let t: TestCore;
  beforeAll(async () => {
    // The loopback host says it has one CPU more than this machine, so that the two counts differ.
    sshd = await startSshd({ reportedCpus: HOST_CPUS });
    t = await openTestCore();
    await t.call('hosts.add', { name: 'loop', destination: sshd.destination, sshOptions: sshd.sshOptions });
  });
  afterAll(async () => {
    await t?.close();
    sshd?.stop();
  });

  it('runs a scenario there, streaming terminal and metrics live, and analyses its files here', async () => {
    const { runIds } = await t.call('runs.start', {
      plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [2], gomaxprocs: [2], capture: ['cpu', 'trace'], hosts: ['loop'] },
    });
    const id = runIds[0];
    // Live: metrics arrive while the target still runs, not with the files at the end.
    let metricsWhileRunning = 0;
    const off = t.core.events.on('run.metrics', (e) => {
      if (e.runId === id && t.events['run.state'].filter((s) => s.runId === id).at(-1)?.state === 'running') metricsWhileRunning++;
    });
    expect(await t.waitTerminal(id)).toBe('succeeded');
    off();
    // Checking the host and building for it shows as building, before the run starts there.
    expect(t.events['run.state'].filter((s) => s.runId === id).map((s) => s.state)).toEqual(['queued', 'building', 'running', 'analysing', 'succeeded']);
    expect(metricsWhileRunning).toBeGreaterThanOrEqual(5);
    const d = await t.call('runs.get', { id });
    expect(d.config.host).toBe('loop');
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    expect(d.provenance?.gomaxprocs).toBe(2);
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    const names = d.artifacts.map((a) => a.name);
    for (const name of ['terminal.log', 'result.json', 'metrics.jsonl', 'cpu.pprof', 'trace.out', 'analysis.json']) expect(names).toContain(name);
    // The fetch's landing folder went once its files were moved in.
    expect(readdirSync(join(t.dataDir, 'runs', id)).filter((name) => name.startsWith('.remote-files'))).toEqual([]);
    // The mirrored metrics.jsonl is the host's file, whole: as many ticks stored as lines written.
    const lines = readFileSync(join(t.dataDir, 'runs', id, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect((await t.call('runs.series', { id })).ticks.length).toBe(lines.length);
    const printed = t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
    expect(printed).toContain('ops/s');
    expect(printed).toContain('gmpw: host loop: linux/');
    expect(existsSync(remoteDir(sshd, id))).toBe(false);
  });

  it('runs a user program built for the host', async () => {
    const { ids, states } = await t.runPlan({
      target: { kind: 'program', path: join(FIXTURES, 'program'), params: { hops: '10' } },
      duration: '500ms', concurrency: [2], gomaxprocs: [2], hosts: ['loop'],
    });
    expect(states).toEqual(['succeeded']);
    const d = await t.call('runs.get', { id: ids[0] });
    expect(d.result?.scenario).toBe('token-ring');
    expect(d.result?.params.hops).toBe('10');
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
    expect(printed).toMatch(/GOOS=linux GOARCH=\w+ CGO_ENABLED=0 go build/);
    expect(existsSync(remoteDir(sshd, ids[0]))).toBe(false);
  });

  it('a run that fails there has the files it left analysed here, as a run that fails on this machine is', async () => {
    // The program's scenario ends its window in an error: the harness writes result.json, the trace
    // and the CPU profile, and exits 1. One run on the host, one here.
    const { ids, states } = await t.runPlan({
      target: { kind: 'program', path: join(FIXTURES, 'program') },
      duration: '500ms', concurrency: [2], gomaxprocs: [2], capture: ['cpu', 'trace'], hosts: ['loop', 'local'],
      env: { GMPW_FIXTURE_FAIL: 'the fixture failed as asked' },
    });
    expect(states).toEqual(['failed', 'failed']);
    // While what it left is analysed, each says so (and a cancel would stop that analysis).
    for (const id of ids) expect(t.events['run.state'].filter((e) => e.runId === id).map((e) => e.state).slice(-2)).toEqual(['analysing', 'failed']);
    const runs = await Promise.all(ids.map((id) => t.call('runs.get', { id })));
    const there = runs.find((d) => d.config.host === 'loop');
    const here = runs.find((d) => d.config.host === 'local');
    for (const d of [there!, here!]) {
      expect(d.run.exitCode).toBe(1);
      expect(d.run.error).toMatch(/^exit code 1: \S+: scenario: the fixture failed as asked$/);
      expect(d.result?.scenario).toBe('token-ring');
      expect(d.run.opsPerSec).toBeGreaterThan(0);
      expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
      expect(d.analysisNote).toBeNull();
      expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['result.json', 'trace.out', 'cpu.pprof', 'analysis.json', 'sched.pprof']));
    }
    // The same files, the same analysis of them, wherever the run failed.
    const names = (d: typeof here) => d!.artifacts.map((a) => a.name).sort();
    expect(names(there)).toEqual(names(here));
    expect(Object.keys(there!.analysis ?? {}).sort()).toEqual(Object.keys(here!.analysis ?? {}).sort());
    expect(existsSync(remoteDir(sshd, there!.run.id))).toBe(false);
  });

  it('cancel mid-run ends the remote process group and removes the remote folder', async () => {
    const { runIds } = await t.call('runs.start', {
      plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '30s', concurrency: [2], gomaxprocs: ['default'], hosts: ['loop'] },
    });
    const id = runIds[0];
    await t.waitState(id, 'running');
    const pgid = await remotePgid(sshd, id);
    expect(liveProcessesOfGroup(pgid).length).toBeGreaterThan(0);
    const started = Date.now();
    await t.call('runs.cancel', { id });
    expect(await t.waitTerminal(id)).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(liveProcessesOfGroup(pgid)).toEqual([]);
    expect(existsSync(remoteDir(sshd, id))).toBe(false);
  });

  it('a run first kills a target an earlier run left running on the host, and says so', async () => {
    // A run folder whose pid file names a live group with no beats file: a run from a workbench
    // without heartbeats, or one whose watchdog is gone, that nothing on the host would end.
    const leftId = '261204-120000-00aa';
    const left = await leaveRunning(sshd.home, leftId);
    try {
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', concurrency: [1], gomaxprocs: [1], hosts: ['loop'] });
      expect(states).toEqual(['succeeded']);
      const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
      expect(printed).toContain(`gmpw: killed the target of run ${leftId} (started 2026-12-04 12:00:00 UTC), left running on host loop: no workbench's heartbeat reached it, its link was lost\r\n`);
      // Said before the run's own target started.
      expect(printed.indexOf(`run ${leftId}`)).toBeLessThan(printed.indexOf('ops/s'));
      expect(liveProcessesOfGroup(left.pgid)).toEqual([]);
      expect(existsSync(left.dir)).toBe(false);
    } finally {
      left.end();
    }
  });

  it('the watchdog ends a remote target that ignores SIGTERM, with its group and folder', async () => {
    const { runIds } = await t.call('runs.start', {
      plan: { target: { kind: 'program', path: join(FIXTURES, 'hang') }, duration: '100ms', concurrency: [1], gomaxprocs: ['default'], hosts: ['loop'] },
    });
    const id = runIds[0];
    await t.waitState(id, 'running');
    const pgid = await remotePgid(sshd, id);
    expect(await t.waitTerminal(id)).toBe('timed-out');
    const printed = t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
    expect(printed).toContain('hanging');
    expect(liveProcessesOfGroup(pgid)).toEqual([]);
    expect(existsSync(remoteDir(sshd, id))).toBe(false);
  });

  it('a plan on the host and on this machine is one experiment whose cells compare host against host', async () => {
    const { ids, states } = await t.runPlan({
      target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '300ms', concurrency: [2], gomaxprocs: [2], hosts: ['loop', 'local'],
    });
    expect(states).toEqual(['succeeded', 'succeeded']);
    const runs = await Promise.all(ids.map((id) => t.call('runs.get', { id })));
    expect(runs.map((d) => [d.config.host, d.run.host, d.run.cell, d.provenance?.host])).toEqual([
      ['loop', 'loop', 'host=loop GOMAXPROCS=2 #1', 'loop'],
      ['local', 'local', 'host=local GOMAXPROCS=2 #1', 'local'],
    ]);
    const experimentId = runs[0].run.experimentId!;
    const compared = await t.call('compare.cells', { baseline: { experimentId, cell: 'host=local GOMAXPROCS=2' } });
    expect(compared.candidates.map((c) => c.cell)).toEqual(['host=loop GOMAXPROCS=2']);
    const ops = compared.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline.median).toBeCloseTo(runs[1].run.opsPerSec!, 6);
    expect(ops.candidates[0].stats.median).toBeCloseTo(runs[0].run.opsPerSec!, 6);
    // The host differs by design; nothing says otherwise.
    expect(compared.warnings.filter((w) => w.includes('host'))).toEqual([]);
  });

  it('a target a signal ends there is recorded as here (ssh exits 255 for it); with its shell, its status is unknown', async () => {
    /** Starts a long run on the host, hands its process group to `end`, and returns the run once it ended. */
    const endedThere = async (end: (pgid: number) => void) => {
      const { runIds } = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '30s', concurrency: [2], gomaxprocs: [2], hosts: ['loop'] } });
      const id = runIds[0]!;
      const pgid = await remotePgid(sshd, id);
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      end(pgid);
      return { state: await t.waitTerminal(id), run: (await t.call('runs.get', { id })).run };
    };
    // The kernel's out-of-memory killer ends the target alone, as here.
    const oomKilled = await endedThere((pgid) => {
      const target = liveProcessesOfGroup(pgid).find((pid) => readlinkSync(`/proc/${pid}/exe`).endsWith('/bin/target'));
      process.kill(target!, 'SIGKILL');
    });
    expect([oomKilled.state, oomKilled.run.exitCode, oomKilled.run.error]).toEqual(['failed', 137, expect.stringMatching(/^killed by signal 9/)]);
    // A SIGKILL to the whole group leaves no one there to record the target's end.
    const groupKilled = await endedThere((pgid) => process.kill(-pgid, 'SIGKILL'));
    expect([groupKilled.state, groupKilled.run.exitCode]).toEqual(['failed', null]);
    expect(groupKilled.run.error).toBe("the session on host loop ended with ssh's status 255 and the host recorded no exit status for the target: a SIGKILL ended it with its shell there, or ssh failed without saying why");
  });

  it('a plan without a concurrency runs each machine at its own CPU count', async () => {
    const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', gomaxprocs: ['default'], hosts: ['loop', 'local'] });
    expect(states).toEqual(['succeeded', 'succeeded']);
    const runs = await Promise.all(ids.map((id) => t.call('runs.get', { id })));
    const here = availableParallelism();
    expect(runs.map((d) => [d.config.host, d.config.concurrency, d.run.cell])).toEqual([
      ['loop', HOST_CPUS, `host=loop GOMAXPROCS=default concurrency=${HOST_CPUS} #1`],
      ['local', here, `host=local GOMAXPROCS=default concurrency=${here} #1`],
    ]);
    // What ran says which machine is which host, though both are this machine by name.
    const experimentId = runs[0]!.run.experimentId!;
    const cells = await t.call('compare.cells', { baseline: { experimentId, cell: runs[0]!.run.cell! }, candidates: [{ experimentId, cell: runs[1]!.run.cell! }] });
    const machine = hostname();
    expect(cells.facts.map((f) => f.machines[0]?.split(':')[0])).toEqual([`loop (${machine})`, machine]);
  });

  it('refuses a plan without a concurrency when a host cannot tell its CPU count, storing nothing', async () => {
    await t.call('hosts.add', { name: 'gone', destination: '127.0.0.1', sshOptions: ['-p', '1', '-o', 'ConnectTimeout=5', '-o', 'BatchMode=yes'] });
    const before = (await t.call('runs.list', {})).total;
    const refused = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '1s', gomaxprocs: ['default'], hosts: ['gone'] } }).catch((e: { detail: unknown }) => e.detail);
    expect(refused).toMatchObject({ field: 'plan.concurrency', message: expect.stringMatching(/host gone cannot tell it \(it is unreachable: .*refused.*\); give a concurrency/) });
    expect((await t.call('runs.list', {})).total).toBe(before);
    // A scenario that ignores the concurrency needs no CPU count: its run is stored, and fails on the connection.
    const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '1s', gomaxprocs: ['default'], hosts: ['gone'] });
    expect(states).toEqual(['failed']);
    const { run } = await t.call('runs.get', { id: ids[0]! });
    expect(run.error).toMatch(/gone/);
    // 255 was ssh's own failure: the target never ran.
    expect(run.exitCode).toBeNull();
  });

  it('refuses unknown hosts and targets that cannot run on a host, naming the field', async () => {
    const unknown = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [1], gomaxprocs: ['default'], hosts: ['nowhere'] } }).catch((e: { detail: unknown }) => e.detail);
    expect(unknown).toMatchObject({ field: 'plan.hosts.0' });
    const bench = await t.call('runs.start', { plan: { target: { kind: 'bench', pkg: join(FIXTURES, 'bench') }, duration: '1s', concurrency: [1], gomaxprocs: ['default'], hosts: ['loop'] } }).catch((e: { detail: unknown }) => e.detail);
    expect(bench).toMatchObject({ field: 'plan.hosts' });
  });
});

describe.skipIf(!sshdAvailable())('a connection lost mid-run (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let t: TestCore;
  /** Each piece of a run's terminal as it came here, and when; when each run started running. */
  const printedAt: { runId: string; data: string; at: number }[] = [];
  const runningAt = new Map<string, number>();
  beforeAll(async () => {
    t = await openTestCore();
    t.core.events.on('run.output', (e) => printedAt.push({ ...e, at: Date.now() }));
    t.core.events.on('run.state', (e) => e.state === 'running' && runningAt.set(e.runId, Date.now()));
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * The N of a stall's "in the N s before SIGTERM was sent" is what it says: the seconds, as seen
   * here, from the last byte the host sent to the run's terminal (a piece that is more than this
   * workbench's own "gmpw:" lines) to the watchdog's "stopping the target (SIGTERM)"; or, when no
   * byte came at all, no more than the time since the run started running.
   */
  function expectQuietSaid(error: string | null, id: string): void {
    const said = Number(/no byte had come from it to the run's terminal in the (\d+) s before SIGTERM was sent/.exec(error ?? '')?.[1]);
    const pieces = printedAt.filter((p) => p.runId === id);
    const stop = pieces.find((p) => p.data.includes('stopping the target (SIGTERM)'));
    expect(stop).toBeDefined();
    const fromHost = pieces.filter((p) => p.at <= stop!.at && p !== stop && p.data.split(/\r?\n/).some((line) => line.trim() !== '' && !line.startsWith('gmpw: ')));
    if (fromHost.length === 0) {
      const running = (stop!.at - runningAt.get(id)!) / 1000;
      console.log(`a stall's message says ${said} s without a byte to the run's terminal; none came in the ${running.toFixed(2)} s it ran`);
      expect(said).toBeLessThanOrEqual(Math.ceil(running));
      return;
    }
    const seen = (stop!.at - fromHost.at(-1)!.at) / 1000;
    console.log(`a stall's message says ${said} s without a byte to the run's terminal; ${seen.toFixed(2)} s seen here`);
    expect(Math.abs(said - seen)).toBeLessThanOrEqual(1);
  }

  /**
   * Starts `plan` on a host of its own (a fresh sshd, started with `server`, added as `name` with
   * `extraOptions`) and hands `body` the server and the run's id once the run is running; the
   * server is stopped after it, whatever happened.
   */
  async function runOnOwnHost(
    name: string,
    plan: Omit<RunPlanInput, 'hosts'>,
    body: (sshd: TestSshd, id: string) => Promise<void>,
    opts: { extraOptions?: string[]; server?: Parameters<typeof startSshd>[0]; sshSaysWhy?: boolean } = {},
  ): Promise<void> {
    const sshd = await startSshd(opts.server);
    // ssh says why it gave up on a link ("Timeout, server … not responding.") at its default
    // LogLevel, INFO, which the server's options' LogLevel=ERROR silences (ssh keeps the first value).
    const serverOptions = opts.sshSaysWhy ? sshd.sshOptions.filter((o, i, all) => o !== 'LogLevel=ERROR' && all[i + 1] !== 'LogLevel=ERROR') : sshd.sshOptions;
    try {
      await t.call('hosts.add', { name, destination: sshd.destination, sshOptions: [...serverOptions, ...(opts.extraOptions ?? [])] });
      const { runIds } = await t.call('runs.start', { plan: { ...plan, hosts: [name] } });
      const id = runIds[0]!;
      await t.waitState(id, 'running');
      await body(sshd, id);
    } finally {
      sshd.stop();
    }
  }

  it('ends the run failed with the reason, and leaves no process of it on the host', async () => {
    await runOnOwnHost('flaky', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '30s', concurrency: [2], gomaxprocs: ['default'] }, async (sshd, id) => {
      const pgid = await remotePgid(sshd, id);
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      sshd.kill();
      expect(await t.waitTerminal(id)).toBe('failed');
      const run = (await t.call('runs.get', { id })).run;
      // ssh's own words for the hang-up, which it says even at the server's LogLevel=ERROR.
      expect(run.error).toMatch(/^the connection to host flaky was lost \(Connection to \S+ closed by remote host\.\); the run's files could not be fetched: .*Connection refused/);
      // The status seen here was the ssh client's (255), not the target's.
      expect(run.exitCode).toBeNull();
      // sshd's hang-up ended the target: nothing of the run is left running on the host.
      await eventually('the remote process group ended', () => liveProcessesOfGroup(pgid).length === 0, 5000);
      // Its folder could not be removed over a dead link: the host's next run clears such folders
      // once a day old (layout.ts); the server's stop() clears it now.
      expect(existsSync(remoteDir(sshd, id))).toBe(true);
    });
  });

  it('a link sshd does not notice is lost: the host\'s watchdog ends the target and its follower', async () => {
    await runOnOwnHost('frozen', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '120s', concurrency: [2], gomaxprocs: [2] }, async (sshd, id) => {
      const pgid = await remotePgid(sshd, id);
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      // sshd stops, its sessions with it, but not what they run: the hang-up that would end the
      // target never comes, as when a network cut leaves sshd waiting (ClientAliveInterval 0).
      sshd.freeze();
      const frozenAt = Date.now();
      expect(await t.waitTerminal(id)).toBe('failed');
      const run = (await t.call('runs.get', { id })).run;
      // The host's watchdog got no heartbeat for LOST_AFTER_S: it ended the target (SIGTERM, a grace,
      // SIGKILL), and the follower's session with the reader and itself, while sshd still sleeps.
      const bound = (LOST_AFTER_S + LOST_KILL_GRACE_S + 3) * 1000;
      await eventually('the remote process group ended', () => liveProcessesOfGroup(pgid).length === 0, bound - (Date.now() - frozenAt));
      const orphanLived = (Date.now() - frozenAt) / 1000;
      await eventually('no process of the run left on either side', () => liveProcessesMentioning(`.gmpw/runs/${id}`).length === 0, bound - (Date.now() - frozenAt));
      console.log(`remote target ended ${orphanLived.toFixed(1)} s after the link froze; the run failed ${((Date.parse(run.endedAt!) - frozenAt) / 1000).toFixed(1)} s after it`);
      expect(orphanLived).toBeGreaterThanOrEqual(LOST_AFTER_S - HEARTBEAT_S - 1);
      // A frozen link is one ssh gives up on at LogLevel INFO, which the server's options lower to
      // ERROR: that is said, not the target's last line.
      expect(run.error).toMatch(/^the connection to host frozen was lost \(ssh gave no reason: this host's option LogLevel=ERROR keeps it from saying why\); the run's files could not be fetched: .+; its process group there may still be running: the host's watchdog ends it 15 s after the last heartbeat it got, and the next run on the host if it has not$/);
      expect(run.exitCode).toBeNull();
      sshd.thaw();
      expect(existsSync(remoteDir(sshd, id))).toBe(true);
    }, { extraOptions: QUICK_TO_GIVE_UP });
  });

  it("a link lost after the target ended by itself: the host's watchdog does not say it cut the run short", async () => {
    await runOnOwnHost('late', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '2s', concurrency: [2], gomaxprocs: [2] }, async (sshd, id) => {
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      sshd.freeze();
      const frozenAt = Date.now();
      expect(await t.waitTerminal(id)).toBe('failed');
      // The target ends after its 2 s; the host's watchdog, without heartbeats, ends what is left.
      const bound = (LOST_AFTER_S + LOST_KILL_GRACE_S + 5) * 1000;
      await eventually('no process of the run left on the host', () => liveProcessesMentioning(`.gmpw/runs/${id}`).length === 0, bound - (Date.now() - frozenAt));
      sshd.thaw();
      const fetched = await t.call('runs.fetchKept', { id });
      // A new user's fetch said "the host's watchdog had ended the target …: the run was cut short" of a
      // target whose result.json said it ran its whole window.
      expect(fetched.notes.join('\n')).not.toMatch(/cut short/);
      const { result } = await t.call('runs.get', { id });
      expect(result?.stopped).toBe(false);
    }, { extraOptions: QUICK_TO_GIVE_UP });
  });

  it('cancel over a link sshd does not notice says the host could not be signalled, and does not wait on it', async () => {
    // ssh's own keep-alive bounds, as a user's host has them: the link's loss is not noticed first.
    await runOnOwnHost('mute', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '120s', concurrency: [2], gomaxprocs: [2] }, async (sshd, id) => {
      const pgid = await remotePgid(sshd, id);
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      sshd.freeze();
      const started = Date.now();
      await t.call('runs.cancel', { id });
      expect(await t.waitTerminal(id)).toBe('cancelled');
      // The stop signal's ssh gives up within 4 s; no fetch then waits on the same silent host.
      expect(Date.now() - started).toBeLessThan(9000);
      // The record says so too, with no exit status: 137 was the ssh client's, not the target's.
      const { run } = await t.call('runs.get', { id });
      expect(run.exitCode).toBeNull();
      expect(run.error).toMatch(/^the run's process group on host mute could not be signalled/);
      // The host keeps its files, and says where: the Run page offers to fetch them.
      expect(run.error).toMatch(new RegExp(`; its files are kept on host mute in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old$`));
      expect(keptFilesHost(run)).toBe('mute');
      const printed = t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
      expect(printed).toMatch(/\r\ngmpw: could not send SIGTERM to the run's process group on host mute: .+\r\n/);
      expect(printed).toMatch(
        /\r\ngmpw: the run's process group on host mute could not be signalled \(.+\), and its files were not fetched; its process group there may still be running: the host's watchdog ends it 15 s after the last heartbeat it got, and the next run on the host if it has not; exit 137 is this machine's ssh client's, not the target's; its files are kept on host mute in ~\/.+\r\n/,
      );
      // As said: it still runs there (sshd sleeps; the watchdog's bound is tested above), and
      // nothing of the run is left here.
      expect(liveProcessesOfGroup(pgid).length).toBeGreaterThan(0);
      expect(liveProcessesMentioning(`.gmpw/runs/${id}`).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ssh')).toEqual([]);
    });
  });

  it('a follower the host refused is said to guard nothing, and the run goes on to its end', async () => {
    const sshd = await startSshd({ refuseCommandsWith: 'metrics.jsonl' });
    try {
      await t.call('hosts.add', { name: 'strict', destination: sshd.destination, sshOptions: sshd.sshOptions });
      // Long enough to outlast the refused session by the notice's 2 s on a loaded machine.
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '6s', concurrency: [1], gomaxprocs: [1], hosts: ['strict'] });
      expect(states).toEqual(['succeeded']);
      const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
      expect(printed).toContain('gmpw: the session that follows the run on host strict could not start (session refused): no live metrics, and no watchdog on the host ends the target should the link be lost\r\n');
      expect(printed).not.toContain('watchdog ends the target within');
      // Its results came with the fetch all the same.
      expect((await t.call('runs.get', { id: ids[0]! })).run.opsPerSec).toBeGreaterThan(0);
    } finally {
      sshd.stop();
    }
  });

  it('a fetch that cannot reach the host after the target ended is tried again, and the run keeps its results', async () => {
    // The first fetch session fails as a dropped link does (ssh's 255); the next one is let through.
    const sshd = await startSshd({ refuse: { text: 'tar -cf', times: 1, status: 255 } });
    try {
      await t.call('hosts.add', { name: 'glitch', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '500ms', concurrency: [1], gomaxprocs: [1], hosts: ['glitch'] });
      expect(states).toEqual(['succeeded']);
      const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
      expect(printed).toMatch(/gmpw: the run's files could not be fetched from host glitch \(.*session refused.*\): trying again in 2 s/);
      const { run, result } = await t.call('runs.get', { id: ids[0]! });
      expect([run.error, result?.ops]).toEqual([null, expect.any(Number)]);
    } finally {
      sshd.stop();
    }
  });

  it("a copy of the files the host could not remove after they came is said in the terminal, not passed over; the run succeeds", async () => {
    // The fetch comes through; the session that then removes the run's folder there is refused.
    const sshd = await startSshd({ refuse: { text: 'rm -rf .gmpw/runs/', times: 1 } });
    try {
      await t.call('hosts.add', { name: 'sticky', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', concurrency: [1], gomaxprocs: [1], hosts: ['sticky'] });
      expect(states).toEqual(['succeeded']);
      const id = ids[0]!;
      const printed = t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
      expect(printed).toContain(`gmpw: a copy of its files stays on host sticky in ~/.gmpw/runs/${id} (removing it failed: session refused), until a run there finds it more than 1 day old\r\n`);
      expect(existsSync(join(remoteDir(sshd, id), 'out', 'result.json'))).toBe(true);
      const { run, result } = await t.call('runs.get', { id });
      expect([run.error, result?.ops]).toEqual([null, expect.any(Number)]);
    } finally {
      sshd.stop();
    }
  });

  it('a fetch that never reaches the host fails the run after three attempts, saying where the host keeps its files', async () => {
    const sshd = await startSshd({ refuse: { text: 'tar -cf', status: 255 } });
    try {
      await t.call('hosts.add', { name: 'cutoff', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', concurrency: [1], gomaxprocs: [1], hosts: ['cutoff'] });
      expect(states).toEqual(['failed']);
      const { run } = await t.call('runs.get', { id: ids[0]! });
      expect(run.error).toBe(`the run's files could not be fetched from host cutoff: session refused (3 attempts); its files are kept on host cutoff in ~/.gmpw/runs/${ids[0]}/out, until a run there finds them more than 1 day old`);
      // And so they are: the run's only copy.
      expect(existsSync(join(remoteDir(sshd, ids[0]!), 'out', 'result.json'))).toBe(true);
    } finally {
      sshd.stop();
    }
  });

  it('a cancel during a pause before the fetch is tried again ends the run at once, cancelled, its files kept on the host', async () => {
    const sshd = await startSshd({ refuse: { text: 'tar -cf', status: 255 } });
    try {
      await t.call('hosts.add', { name: 'paused', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { runIds } = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '200ms', concurrency: [1], gomaxprocs: [1], hosts: ['paused'] } });
      const id = runIds[0]!;
      const printed = () => t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
      // The second pause, the longer: 5 s. Reaching it takes the build, the copy to the host and two
      // refused fetches: up to a minute on a machine busy with other tests.
      await eventually('the fetch paused for 5 s', () => printed().includes('trying again in 5 s'), 60_000);
      const cancelledAt = Date.now();
      await t.call('runs.cancel', { id });
      expect(await t.waitTerminal(id)).toBe('cancelled');
      const took = Date.now() - cancelledAt;
      console.log(`cancel during the fetch's 5 s pause took effect in ${took} ms`);
      expect(took).toBeLessThan(1500);
      const { run } = await t.call('runs.get', { id });
      expect(run.error).toBe(`the run's files could not be fetched from host paused: session refused (2 attempts; not tried again: the run was cancelled); its files are kept on host paused in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old`);
      expect(printed()).toContain(`gmpw: ${run.error}`);
      expect(existsSync(join(remoteDir(sshd, id), 'out', 'result.json'))).toBe(true);
      expect(liveProcessesMentioning(`.gmpw/runs/${id}`)).toEqual([]);
    } finally {
      sshd.stop();
    }
  });

  it('a run whose follower the host refused, its link then lost, says that no watchdog guards what it left', async () => {
    await runOnOwnHost('unguarded', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '30s', concurrency: [2], gomaxprocs: [2] }, async (sshd, id) => {
      await eventually('the follower was refused', () => t.events['run.output'].filter((e) => e.runId === id).some((e) => e.data.includes('could not start (session refused)')));
      sshd.kill();
      expect(await t.waitTerminal(id)).toBe('failed');
      const { run } = await t.call('runs.get', { id });
      expect(run.error).toMatch(/; its process group there may still be running: no watchdog guards it \(the session that follows the run never started one\), and the next run on the host ends it$/);
      expect(run.exitCode).toBeNull();
    }, { server: { refuseCommandsWith: 'metrics.jsonl' } });
  });

  it('a run whose host stops answering before its deadline is not said to time out: the link stalled, and what is left there is said', async () => {
    await runOnOwnHost('hushed', { target: { kind: 'program', path: join(FIXTURES, 'hang') }, duration: '100ms', concurrency: [1], gomaxprocs: ['default'] }, async (sshd, id) => {
      await remotePgid(sshd, id);
      await eventually('the target started', () => t.events['run.output'].filter((e) => e.runId === id).some((e) => e.data.includes('hanging')));
      sshd.freeze();
      expect(await t.waitTerminal(id)).toBe('failed');
      const { run } = await t.call('runs.get', { id });
      expect(run.error).toMatch(
        new RegExp(
          `^the connection to host hushed stalled \\(no byte had come from it to the run's terminal in the \\d+ s before SIGTERM was sent, and a new connection got no answer: .+\\): the run's deadline passed, but whether its target finished is unknown; ` +
            `its process group there may still be running: .+; its files are kept on host hushed in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old$`,
        ),
      );
      expectQuietSaid(run.error, id);
      expect(run.exitCode).toBeNull();
    });
  });

  it('a run whose host answered the deadline\'s SIGTERM, the target still running, and not the SIGKILL after it timed out', async () => {
    // A grace of 5 s between the signals, as the app has (the other tests' 1 s): room to stop the
    // host once the SIGTERM's ssh has come back, before the SIGKILL's starts.
    const own = await openTestCore({ timings: { termGraceS: 1, killGraceS: 5 } });
    const sshd = await startSshd();
    try {
      await own.call('hosts.add', { name: 'deaf', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { runIds } = await own.call('runs.start', { plan: { target: { kind: 'program', path: join(FIXTURES, 'hang') }, duration: '100ms', concurrency: [1], gomaxprocs: ['default'], hosts: ['deaf'] } });
      const id = runIds[0]!;
      const pgid = await remotePgid(sshd, id);
      const printed = () => own.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
      await eventually('the deadline\'s SIGTERM went out', () => printed().includes('stopping the target (SIGTERM)'), 60_000);
      // Its ssh is answered (the target ignores SIGTERM and runs on); then the host stops answering.
      const termSent = () => liveProcessesMentioning(`.gmpw/runs/${id}/pid`).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kill -s TERM');
        } catch {
          return false; // gone meanwhile
        }
      });
      await eventually('the SIGTERM\'s ssh came back', () => termSent().length === 0, 4000);
      sshd.freeze();
      expect(await own.waitTerminal(id)).toBe('timed-out');
      expect(printed()).not.toContain('could not send SIGTERM');
      expect(printed()).toMatch(/\r\ngmpw: could not send SIGKILL to the run's process group on host deaf: .+\r\n/);
      const { run } = await own.call('runs.get', { id });
      expect(run.error).toMatch(
        new RegExp(
          `^did not finish within [\\d.]+s; the run's process group on host deaf got SIGTERM but could not be sent SIGKILL \\(.+\\), and its files were not fetched; ` +
            `its process group there may still be running: .+; exit 137 is this machine's ssh client's, not the target's; its files are kept on host deaf in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old$`,
        ),
      );
      expect(run.exitCode).toBeNull();
      expect(keptFilesHost(run)).toBe('deaf');
      // As said: it runs on there, SIGTERM ignored, until the host's watchdog (sshd sleeps here).
      expect(liveProcessesOfGroup(pgid).length).toBeGreaterThan(0);
    } finally {
      sshd.stop();
      await own.close();
    }
  });

  /** The sshd process that serves the run's session (the target's parent, pgid its leader): SIGSTOP to it stalls that link alone. */
  function runSession(pgid: number): number {
    const stat = readFileSync(`/proc/${pgid}/stat`, 'utf8');
    const session = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    expect(readFileSync(`/proc/${session}/comm`, 'utf8')).toMatch(/^sshd/);
    return session;
  }

  /**
   * Runs `check` with the run's session stalled (its sshd process SIGSTOPped, always woken after),
   * then waits until nothing of the run is left on either side: woken, the session finds its
   * client gone and ends.
   */
  async function withSessionStalled(sshd: TestSshd, id: string, check: (stalledAt: number) => Promise<void>): Promise<void> {
    const pgid = await remotePgid(sshd, id);
    const session = runSession(pgid);
    process.kill(session, 'SIGSTOP');
    try {
      await check(Date.now());
    } finally {
      process.kill(session, 'SIGCONT');
    }
    await eventually('no process of the run left on either side', () => liveProcessesMentioning(`.gmpw/runs/${id}`).length === 0 && liveProcessesOfGroup(pgid).length === 0, 10_000);
  }

  /**
   * What a run whose files were fetched, its end unseen, holds: the target's result.json stored
   * and its trace analysed, as for any run whose target ran and failed (docs/REMOTE.md, Files back).
   */
  function expectStoredAndAnalysed(d: CommandOutput<'runs.get'>): void {
    expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['result.json', 'trace.out', 'analysis.json']));
    expect(d.result?.scenario).toBe('chan-sync-pingpong');
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(d.analysisNote).toBeNull();
  }

  it('a run session that stalls on a short run is said to have stalled, not timed out, and the target that ended there unseen is fetched, stored and analysed', async () => {
    await runOnOwnHost('stalled', { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '1s', concurrency: [1], gomaxprocs: [1], capture: ['trace'] }, async (sshd, id) => {
      // The run's session stops: that link carries nothing more, and ssh's keep-alives would notice
      // only after 15 s, past the run's deadline.
      await withSessionStalled(sshd, id, async (stoppedAt) => {
        // Timed to the stall's being seen (the run leaves 'running' to analyse what it fetched): the
        // analysis after it is as long as the machine's load makes it (37 s once on a loaded CI).
        await Promise.race([t.waitState(id, 'analysing'), t.waitTerminal(id)]);
        const took = Date.now() - stoppedAt;
        console.log(`a stalled run session was seen ${(took / 1000).toFixed(1)} s after the stall`);
        expect(took).toBeLessThan(25_000);
        expect(await t.waitTerminal(id)).toBe('failed');
        const d = await t.call('runs.get', { id });
        expect(d.run.error).toMatch(/^the connection to host stalled stalled \(no byte had come from it to the run's terminal in the \d+ s before SIGTERM was sent, though the host answered a new connection\): the target had ended there before the run's deadline; its files and its exit status were fetched$/);
        expectQuietSaid(d.run.error, id);
        // The host recorded the target's end, which the stalled session could not bring.
        expect(d.run.exitCode).toBe(0);
        expectStoredAndAnalysed(d);
        expect(existsSync(remoteDir(sshd, id))).toBe(false);
      });
    });
  });

  it('a run session whose ssh gives up on its link before the deadline, the target ended there unseen, has its files fetched, stored and analysed', async () => {
    // ssh's keep-alives give up after about 3 s here, before the deadline (1 s of run, 5 s of slack):
    // ssh's 255 ends the run's session, and the fetch over a new connection brings the files.
    await runOnOwnHost('dropped', { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '1s', concurrency: [1], gomaxprocs: [1], capture: ['trace'] }, async (sshd, id) => {
      await withSessionStalled(sshd, id, async () => {
        expect(await t.waitTerminal(id)).toBe('failed');
        const d = await t.call('runs.get', { id });
        expect(d.run.error).toMatch(/^the connection to host dropped was lost \(Timeout, server \S+ not responding\.?\) before the target's end was seen: its files and its exit status were fetched$/);
        expect(d.run.exitCode).toBe(0);
        expectStoredAndAnalysed(d);
        expect(existsSync(remoteDir(sshd, id))).toBe(false);
      });
    }, { extraOptions: QUICK_TO_GIVE_UP, sshSaysWhy: true });
  });

  it('a follower session that ends alone stops the heartbeats: the host ends the target, and the run fails saying why', async () => {
    await runOnOwnHost('halved', { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '60s', concurrency: [2], gomaxprocs: [2] }, async (sshd, id) => {
      const pgid = await remotePgid(sshd, id);
      await eventually('metrics streamed', () => t.events['run.metrics'].some((e) => e.runId === id));
      // The follower's ssh client here dies; the target's session goes on.
      const followers = liveProcessesMentioning(`.gmpw/runs/${id}`).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ssh' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('exec 3<&0'));
      expect(followers).toHaveLength(1);
      process.kill(followers[0], 'SIGKILL');
      const killedAt = Date.now();
      const printed = () => t.events['run.output'].filter((e) => e.runId === id).map((e) => e.data).join('');
      await eventually('the terminal said so', () => printed().includes(`gmpw: the session that follows the run on host halved ended (`), 5000);
      await eventually('the remote process group ended', () => liveProcessesOfGroup(pgid).length === 0, (LOST_AFTER_S + LOST_KILL_GRACE_S + 3) * 1000);
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual((LOST_AFTER_S - HEARTBEAT_S - 1) * 1000);
      expect(await t.waitTerminal(id)).toBe('failed');
      const run = (await t.call('runs.get', { id })).run;
      // The watchdog said it in the run's folder, which the fetch brought: the run was cut short, and why.
      expect(run.error).toMatch(/^the host's watchdog ended the target after 1[5-9] s without a heartbeat \(the session carrying its heartbeats ended \(.+\)\): the run was cut short$/);
      expect(existsSync(remoteDir(sshd, id))).toBe(false);
    });
  });

  it('a host that refuses the target before reading all of it (no room for its folder) fails the run with its reason, and the workbench goes on', async () => {
    const sshd = await startSshd();
    try {
      // Where the run folders go is a file: mkdir fails, and the session ends while the target is still being sent.
      writeFileSync(join(sshd.home, '.gmpw'), 'not a folder');
      await t.call('hosts.add', { name: 'nofolder', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [2], gomaxprocs: [2], hosts: ['nofolder'] });
      expect(states).toEqual(['failed']);
      expect((await t.call('runs.get', { id: ids[0]! })).run.error).toMatch(/^could not copy the target to host nofolder: .*Not a directory/s);
      // The target's file, half sent, is not left open.
      const open = readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return [];
        }
      });
      expect(open.filter((path) => path.includes('gmpstress'))).toEqual([]);
      // The core lives on: another call is answered.
      expect((await t.call('hosts.list', {})).hosts.map((h) => h.name)).toContain('nofolder');
    } finally {
      sshd.stop();
    }
  });
});
