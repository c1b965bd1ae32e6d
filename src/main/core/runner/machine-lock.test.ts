// The run lock: one run at a time across processes, whatever data folders they keep.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { MachineLock } from './machine-lock';

const ROOT = resolve(__dirname, '../../../..');
const RACER = join(ROOT, 'test/support/lock-racer.mjs');
const dir = mkdtempSync(join(tmpdir(), 'gmpw-lock-'));
const bundle = join(dir, 'machine-lock.cjs');
buildSync({ entryPoints: [join(__dirname, 'machine-lock.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3'], outfile: bundle, logLevel: 'error' });
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A contender process, and its stdout lines one at a time. */
function contender(args: string[]): { child: ChildProcessWithoutNullStreams; next: () => Promise<string> } {
  const child = spawn(process.execPath, [RACER, bundle, ...args], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  // 'close', not 'exit': a child's exit can be reported before its last line has been read.
  child.on('close', () => waiters.splice(0).forEach((w) => w(`exited ${child.exitCode ?? child.signalCode}`)));
  const next = () => (lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise<string>((r) => waiters.push(r)));
  return { child, next };
}

describe('the machine lock', () => {
  it('is held by one of 120 processes started at once at a time, and passed on', async () => {
    const lockFile = join(dir, 'race.lock');
    const inside = join(dir, 'inside');
    const racers = Array.from({ length: 120 }, () => contender(['race', lockFile, inside, '5', '3000']));
    for (const racer of racers) expect(await racer.next()).toBe('ready');
    for (const racer of racers) racer.child.stdin.write('go\n');
    const outcomes = await Promise.all(racers.map((racer) => racer.next()));
    const count = (what: string) => outcomes.filter((o) => o === what).length;
    const other = outcomes.filter((o) => !['held', 'gave-up', 'overlap'].includes(o));
    expect({ overlap: count('overlap'), other }).toEqual({ overlap: 0, other: [] });
    expect(count('held')).toBeGreaterThan(10);
  });

  it('is free again the moment its holder is killed, whatever pid the lock file named', async () => {
    const lockFile = join(dir, 'killed.lock');
    const holder = contender(['hold', lockFile]);
    expect(await holder.next()).toBe('ready');
    holder.child.stdin.write('go\n');
    expect(await holder.next()).toBe('holding');

    const mine = new MachineLock(lockFile);
    let waitedFor: number | null = null;
    const abort = new AbortController();
    const waiting = mine.acquire(abort.signal, (pid) => (waitedFor = pid));
    await new Promise((r) => setTimeout(r, 300));
    expect(waitedFor).toBe(holder.child.pid);
    holder.child.kill('SIGKILL');
    await waiting; // no takeover logic involved: the kernel dropped the dead holder's lock
    mine.release();
  });

  it('makes a second holder in the same process wait; a cancel ends the wait; release frees only its own', async () => {
    const lockFile = join(dir, 'same-process.lock');
    const a = new MachineLock(lockFile);
    await a.acquire(new AbortController().signal);
    const b = new MachineLock(lockFile);
    const abort = new AbortController();
    let waitedFor: number | null = null;
    const waiting = b.acquire(abort.signal, (pid) => (waitedFor = pid));
    await new Promise((r) => setTimeout(r, 300));
    expect(waitedFor).toBe(process.pid);
    abort.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    b.release(); // not its lock: a no-op
    const c = new MachineLock(lockFile);
    await expect(c.acquire(AbortSignal.timeout(400))).rejects.toThrow(); // still a's
    a.release();
    await c.acquire(AbortSignal.timeout(400));
    c.release();
  });
});
