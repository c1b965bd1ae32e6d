// What a run's processes could leave behind if the workbench died mid-run (kill -9, a crash, a
// power cut): a target that ignores SIGTERM and SIGHUP, and whatever it started. Each running
// target has a record <data>/processes/<run id>.json naming its owner (this process), its target
// and its cgroup; the run removes it once everything has ended. At start-up the records of owners
// that are gone are acted on: the group's processes are ended (every one of them, setsid or not),
// or where there was no group, the target's process group, but only if the recorded pid is still
// the process that was recorded (same start time) or is gone, never a process that reused its pid.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRecorded, type CgroupRecord } from './cgroup';
import { identify, isAlive, isSameProcess, processStartTime, type ProcessId } from './process-identity';

export interface LeftoverRecord {
  owner: ProcessId;
  target: ProcessId | null;
  cgroup: CgroupRecord | null;
}

export class RunLeftovers {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Records (or updates) what a run of this process has running. */
  record(runId: string, what: Omit<LeftoverRecord, 'owner'>): void {
    const file = this.file(runId);
    // Written aside and renamed: a crash mid-write never leaves a half record that would be ignored.
    writeFileSync(`${file}.tmp`, JSON.stringify({ owner: identify(process.pid), ...what }));
    renameSync(`${file}.tmp`, file);
  }

  forget(runId: string): void {
    rmSync(this.file(runId), { force: true });
  }

  /**
   * Ends what owners that are gone left running; returns the runs it ended. A group that does not
   * empty keeps its record, to be tried again at the next start rather than stop this one.
   */
  async endAbandoned(): Promise<string[]> {
    const ended: string[] = [];
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json'))) {
      const runId = name.slice(0, -'.json'.length);
      const record = this.read(runId);
      if (record && record.owner.pid !== process.pid && isSameProcess(record.owner)) continue; // its owner still runs it
      try {
        if (record) await endLeftover(record);
      } catch {
        continue;
      }
      this.forget(runId);
      ended.push(runId);
    }
    return ended;
  }

  private read(runId: string): LeftoverRecord | null {
    try {
      return JSON.parse(readFileSync(this.file(runId), 'utf8')) as LeftoverRecord;
    } catch {
      return null; // unreadable: nothing can be identified safely
    }
  }

  private file(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }
}

async function endLeftover(record: LeftoverRecord): Promise<void> {
  if (record.cgroup) {
    await openRecorded(record.cgroup).end();
    return;
  }
  const target = record.target;
  // Its pid now names another process: the target's group ended with it, and that pid is not ours to kill.
  if (!target || (isAlive(target.pid) && processStartTime(target.pid) !== target.start)) return;
  try {
    process.kill(-target.pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
