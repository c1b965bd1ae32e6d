// What a dead session's targets left is ended at the next start, judged by the recorded start
// time, never by the pid alone; a live owner's run is left alone. Real processes, no cgroup (the
// process-group path; groups are covered in cgroup/cgroup.test.ts and the runner's tests).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { liveProcessesMentioning, liveProcessesOfGroup } from '../../../../test/support/run-core';
import { RunLeftovers, type LeftoverRecord } from './leftovers';
import { identify, type ProcessId } from '../process/process-identity';
import { scratchDir } from '../../../../test/support/scratch';

/** A pid no process has now. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

/** A process-group leader (detached) ignoring SIGTERM/SIGHUP, found by its marker. */
async function straysTarget(marker: string): Promise<ProcessId> {
  const child = spawn('/bin/sh', ['-c', 'trap "" TERM HUP; sleep 300 & sleep 300; :', marker], { detached: true, stdio: 'ignore' });
  child.unref();
  // Ready once the shell has forked both sleeps: the group is then the three processes counted below.
  while (liveProcessesOfGroup(child.pid!).length < 3) await sleep(10);
  return identify(child.pid!);
}

const markers: string[] = [];
afterAll(() => {
  for (const m of markers) {
    for (const pid of liveProcessesMentioning(m)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch (err) {
        // Listed, then gone before the signal (its group already ended): nothing left to stop.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
  }
});

describe('leftovers', () => {
  const dir = scratchDir('gmpw-leftovers-');
  const write = (runId: string, record: LeftoverRecord) => writeFileSync(join(dir, `${runId}.json`), JSON.stringify(record));
  const marker = () => {
    const m = `gmpw-leftover-${randomBytes(4).toString('hex')}`;
    markers.push(m);
    return m;
  };

  it('ends the process group of a dead owner, only while the pid is still the recorded process', async () => {
    const gone: ProcessId = { pid: deadPid(), start: '1' };
    const ours = marker();
    const reused = marker();
    const ourTarget = await straysTarget(ours);
    const reusedTarget = await straysTarget(reused);
    write('ours', { owner: gone, target: ourTarget, cgroup: null });
    // The recorded pid now names another process (another start time): not ours to kill.
    write('reused', { owner: gone, target: { pid: reusedTarget.pid, start: String(Number(reusedTarget.start) - 1) }, cgroup: null });
    const ended = await new RunLeftovers(dir).endAbandoned();
    expect(ended.sort()).toEqual(['ours', 'reused']);
    for (let i = 0; i < 100 && liveProcessesOfGroup(ourTarget.pid).length > 0; i++) await sleep(10);
    expect(liveProcessesOfGroup(ourTarget.pid)).toEqual([]);
    expect(liveProcessesOfGroup(reusedTarget.pid)).toHaveLength(3); // the shell and its two sleeps
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves the run of a live owner alone, and records this process as the owner', async () => {
    const live = marker();
    const target = await straysTarget(live);
    write('live', { owner: identify(process.ppid), target, cgroup: null });
    const leftovers = new RunLeftovers(dir);
    leftovers.record('mine', { target: null, cgroup: null });
    expect(await leftovers.endAbandoned()).toEqual(['mine']); // its owner (this process) is starting up: nothing of it runs
    expect(liveProcessesOfGroup(target.pid)).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(['live.json']);
  });

  it('acts on a record its dead owner wrote but never renamed, and drops a half-written one only once it is old', async () => {
    rmSync(join(dir, 'live.json'));
    const gone: ProcessId = { pid: deadPid(), start: '1' };
    // Killed between the write and the rename of the update that named the started target.
    const caught = marker();
    const target = await straysTarget(caught);
    write('caught', { owner: gone, target: null, cgroup: null });
    writeFileSync(join(dir, 'caught.json.tmp'), JSON.stringify({ owner: gone, target, cgroup: null }));
    // Killed mid-write long ago, and (maybe) being written by a live owner right now.
    writeFileSync(join(dir, 'old.json.tmp'), '{"owner":');
    utimesSync(join(dir, 'old.json.tmp'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    writeFileSync(join(dir, 'fresh.json.tmp'), '{"owner":');
    // A live owner's update in flight is left alone.
    writeFileSync(join(dir, 'busy.json.tmp'), JSON.stringify({ owner: identify(process.ppid), target: null, cgroup: null }));

    // Killed mid-write a moment ago, as a crash soak's last kill can be: the name says its writer is
    // gone, so the start-up acts on the record it was to replace (a start-up right after the kill
    // once left it, waiting for a writer that was dead).
    write('cut', { owner: gone, target: null, cgroup: null });
    writeFileSync(join(dir, `cut.json.${gone.pid}.tmp`), '{"owner":');
    // Being written by a live process now: left alone, however recent.
    writeFileSync(join(dir, `writing.json.${process.ppid}.tmp`), '{"owner":');

    expect((await new RunLeftovers(dir).endAbandoned()).sort()).toEqual(['caught', 'cut', 'old']);
    for (let i = 0; i < 100 && liveProcessesOfGroup(target.pid).length > 0; i++) await sleep(10);
    expect(liveProcessesOfGroup(target.pid)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['busy.json.tmp', 'fresh.json.tmp', `writing.json.${process.ppid}.tmp`]);
  });
});
