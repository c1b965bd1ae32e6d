// Sharing a data directory between processes: which process owns an active run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunOwnership } from './ownership';
import { processStartTime } from '../process/process-identity';

describe('run ownership', () => {
  const deadPid = (): number => spawnSync('true').pid!; // exited and reaped by the time we look

  it('treats a run as abandoned unless a live other process claims it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-owners-'));
    const owners = new RunOwnership(join(dir, 'active'));
    writeFileSync(join(dir, 'active', 'dead'), String(deadPid()));
    writeFileSync(join(dir, 'active', 'parent'), String(process.ppid));
    owners.claim('mine');
    expect(owners.isAbandoned('dead')).toBe(true);
    expect(owners.isAbandoned('unclaimed')).toBe(true);
    expect(owners.isAbandoned('mine')).toBe(true); // this process is starting up: nothing of it runs yet
    expect(owners.isAbandoned('parent')).toBe(false);
    // PID 1 lives, but not since the moment recorded: its pid was reused, the run is abandoned.
    writeFileSync(join(dir, 'active', 'reused'), `1 ${Number(processStartTime(1)) + 1}`);
    expect(owners.isAbandoned('reused')).toBe(true);
    writeFileSync(join(dir, 'active', 'parent-now'), `${process.ppid} ${processStartTime(process.ppid)}`);
    expect(owners.isAbandoned('parent-now')).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
