// One run at a time on the machine, across the processes sharing a data directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MachineLock } from './machine-lock';
import { processStartTime } from './process-identity';

describe('machine lock', () => {
  const deadPid = (): number => spawnSync('true').pid!; // exited and reaped by the time we look

  it('takes over a lock whose pid now names another live process (start time differs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-lock-'));
    const file = join(dir, 'reused.lock');
    writeFileSync(file, `1 ${Number(processStartTime(1)) + 1} token`);
    const lock = new MachineLock(file);
    let waited = false;
    await lock.acquire(AbortSignal.timeout(2000), () => (waited = true));
    expect(waited).toBe(false);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} ${processStartTime(process.pid)} `));
    lock.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose holder died, waits for a live one, and releases only its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-lock-'));
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
  });});
