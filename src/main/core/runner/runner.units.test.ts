// The runner's pure parts: grid expansion, metrics tailing, exit messages, the environment.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunConfig, RunPlan, type MetricsTick } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { failureLine } from './exit-message';
import { expandPlan, isExperiment } from './grid';
import { MachineLock } from './machine-lock';
import { MetricsTail } from './metrics-tail';
import { RunOwnership } from './ownership';
import { runEnvironment } from './run-env';

describe('grid', () => {
  it('interleaves cells across repetitions: A B C A B C', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [10, 100], gomaxprocs: [1, 'default'], repeat: 2 });
    const cells = expandPlan(plan).map((r) => r.cell);
    expect(cells).toEqual([
      'GOMAXPROCS=1 concurrency=10 #1',
      'GOMAXPROCS=1 concurrency=100 #1',
      'GOMAXPROCS=default concurrency=10 #1',
      'GOMAXPROCS=default concurrency=100 #1',
      'GOMAXPROCS=1 concurrency=10 #2',
      'GOMAXPROCS=1 concurrency=100 #2',
      'GOMAXPROCS=default concurrency=10 #2',
      'GOMAXPROCS=default concurrency=100 #2',
    ]);
    const single = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [2] });
    expect(isExperiment(single)).toBe(false);
    expect(expandPlan(single)).toEqual([{ config: expect.objectContaining({ concurrency: 4, gomaxprocs: 2, host: 'local' }), cell: null }]);
  });

  it('makes host a dimension when there are several, interleaved, and names it only then', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: ['default'], hosts: ['lab', 'local'], repeat: 2 });
    expect(isExperiment(plan)).toBe(true);
    expect(expandPlan(plan).map((r) => [r.config.host, r.cell])).toEqual([
      ['lab', 'host=lab GOMAXPROCS=default concurrency=2 #1'],
      ['local', 'host=local GOMAXPROCS=default concurrency=2 #1'],
      ['lab', 'host=lab GOMAXPROCS=default concurrency=2 #2'],
      ['local', 'host=local GOMAXPROCS=default concurrency=2 #2'],
    ]);
    const one = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [1, 2], hosts: ['lab'] });
    expect(expandPlan(one).map((r) => [r.config.host, r.cell])).toEqual([
      ['lab', 'GOMAXPROCS=1 concurrency=2 #1'],
      ['lab', 'GOMAXPROCS=2 concurrency=2 #1'],
    ]);
    expect(RunPlan.safeParse({ ...plan, hosts: ['lab', 'lab'] }).success).toBe(false);
  });
});

describe('metrics tail', () => {
  const tick = (t: number) => JSON.stringify({ schema: 1, t, phase: 'measure', ops: t * 10, gauges: {}, hist: {} });

  it('emits complete lines as they are written and ignores a cut last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-tail-'));
    const file = join(dir, 'metrics.jsonl');
    const seen: MetricsTick[] = [];
    const tail = new MetricsTail(file, (t) => seen.push(t));
    tail.start();
    writeFileSync(file, `${tick(0.1)}\n${tick(0.2)}\n`);
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.map((t) => t.t)).toEqual([0.1, 0.2]);
    // A line written in two pieces is read once it is whole; a killed writer leaves a cut line.
    const third = tick(0.3);
    appendFileSync(file, third.slice(0, 10));
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(file, `${third.slice(10)}\n{"schema":1,"t":0.4,"pha`);
    await tail.stop();
    expect(seen.map((t) => t.t)).toEqual([0.1, 0.2, 0.3]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('small helpers', () => {
  it('reads Go durations', () => {
    expect(goDurationSeconds('1m30s')).toBe(90);
    expect(goDurationSeconds('250ms')).toBeCloseTo(0.25);
    expect(goDurationSeconds('1.5h')).toBe(5400);
    expect(() => goDurationSeconds('5 seconds')).toThrow();
  });

  it('picks the panic line, else the last line, of a failed target', () => {
    expect(failureLine('starting\r\npanic: boom\r\n\r\ngoroutine 1 [running]:\r\nmain.main()\r\n')).toBe('panic: boom');
    expect(failureLine('\x1b[31mgmpstress: -duration: too long\x1b[0m\r\n')).toBe('gmpstress: -duration: too long');
  });

  it('unsets an inherited GOMAXPROCS for "default" and sets it for a number; config.env wins', () => {
    const config = (gomaxprocs: number | 'default') =>
      RunConfig.parse({ target: { kind: 'scenario', id: 's' }, concurrency: 3, duration: '1s', gomaxprocs, env: { GODEBUG: 'asyncpreemptoff=1' } });
    const base = { PATH: '/bin', GOMAXPROCS: '7', GODEBUG: 'x=1' };
    expect(runEnvironment(config('default'), {}, base)).toEqual({ PATH: '/bin', GODEBUG: 'asyncpreemptoff=1', GMPW_CONCURRENCY: '3' });
    expect(runEnvironment(config(2), {}, base).GOMAXPROCS).toBe('2');
  });
});

describe('sharing a data directory between processes', () => {
  const deadPid = (): number => spawnSync('true').pid!; // exited and reaped by the time we look
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-owners-'));

  it('treats a run as abandoned unless a live other process claims it', () => {
    const owners = new RunOwnership(join(dir, 'active'));
    writeFileSync(join(dir, 'active', 'dead'), String(deadPid()));
    writeFileSync(join(dir, 'active', 'parent'), String(process.ppid));
    owners.claim('mine');
    expect(owners.isAbandoned('dead')).toBe(true);
    expect(owners.isAbandoned('unclaimed')).toBe(true);
    expect(owners.isAbandoned('mine')).toBe(true); // this process is starting up: nothing of it runs yet
    expect(owners.isAbandoned('parent')).toBe(false);
  });

  it('takes over a lock whose holder died, waits for a live one, and releases only its own', async () => {
    const file = join(dir, 'runner.lock');
    writeFileSync(file, `${deadPid()} stale`);
    const a = new MachineLock(file);
    await a.acquire(new AbortController().signal);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    // A second holder in the same process (another core) waits, and a cancel ends its wait.
    const b = new MachineLock(file);
    const abort = new AbortController();
    let waitedFor = 0;
    const waiting = b.acquire(abort.signal, (pid) => (waitedFor = pid));
    await new Promise((r) => setTimeout(r, 300));
    expect(waitedFor).toBe(process.pid);
    abort.abort();
    await expect(waiting).rejects.toThrow();
    b.release(); // not its lock: a no-op
    expect(existsSync(file)).toBe(true);
    a.release();
    expect(existsSync(file)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
