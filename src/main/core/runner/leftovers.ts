// What a run's processes could leave behind if the workbench died mid-run (kill -9, a crash, a
// power cut): a target that ignores SIGTERM and SIGHUP, and whatever it started. Each running
// target has a record <data>/processes/<run id>.json naming its owner (this process), its target
// and its cgroup; the run removes it once everything has ended. At start-up the records of owners
// that are gone are acted on: the group's processes are ended (every one of them, setsid or not),
// or where there was no group, the target's process group, but only if the recorded pid is still
// the process that was recorded (same start time) or is gone, never a process that reused its pid.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRecorded, type CgroupRecord } from './cgroup';
import { identify, isAlive, isSameProcess, processStartTime, type ProcessId } from '../process/process-identity';

export interface LeftoverRecord {
  owner: ProcessId;
  target: ProcessId | null;
  cgroup: CgroupRecord | null;
}

const RECORD = '.json';
/**
 * A record being written, renamed to .json once complete: <run id>.json.<writer's pid>.tmp, so that
 * a start-up can tell one whose writer died mid-write (a kill -9) from one being written now.
 * Versions before the pid wrote <run id>.json.tmp.
 */
const WRITING = /^(.+)\.json(?:\.(\d+))?\.tmp$/;
/** An unreadable record being written for longer than this was left by a writer that died. */
const WRITING_GRACE_MS = 10_000;

/** A record being written: its file, and its writer when the name says (null for older names). */
interface Writing {
  file: string;
  writer: number | null;
}

function readRecord(file: string): LeftoverRecord | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LeftoverRecord;
  } catch {
    return null; // missing or unreadable: nothing can be identified safely
  }
}

export class RunLeftovers {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Records (or updates) what a run of this process has running. */
  record(runId: string, what: Omit<LeftoverRecord, 'owner'>): void {
    // Written aside and renamed: a crash mid-write never leaves a half record that would be ignored.
    const writing = join(this.dir, `${runId}${RECORD}.${process.pid}.tmp`);
    writeFileSync(writing, JSON.stringify({ owner: identify(process.pid), ...what }));
    renameSync(writing, this.file(runId));
  }

  forget(runId: string): void {
    rmSync(this.file(runId), { force: true });
  }

  /**
   * Ends what owners that are gone left running; returns the runs it ended. A group that does not
   * empty keeps its record, to be tried again at the next start rather than stop this one. A record
   * still named .tmp was being written when its owner died (between the write and the rename): it is
   * the newer one, and acted on with the .json it was to replace. One cut mid-write is unreadable:
   * passed over when its writer is gone, else left for the next start while it may be being written.
   * At start-up every record is looked at (this process has no run yet, so one it seems to own was a
   * dead process's that had its pid); a process already running runs looks only at the runs `of`
   * names, those of other processes whose owners it found gone.
   */
  async endAbandoned(of?: (runId: string) => boolean): Promise<string[]> {
    const ended: string[] = [];
    const names = readdirSync(this.dir);
    const writings = new Map<string, Writing[]>();
    const runIds = new Set<string>();
    for (const name of names) {
      const writing = WRITING.exec(name);
      if (writing) {
        runIds.add(writing[1]!);
        writings.set(writing[1]!, [...(writings.get(writing[1]!) ?? []), { file: join(this.dir, name), writer: writing[2] === undefined ? null : Number(writing[2]) }]);
      } else if (name.endsWith(RECORD)) runIds.add(name.slice(0, -RECORD.length));
    }
    for (const runId of runIds) {
      if (of && !of(runId)) continue;
      const unfinished = writings.get(runId) ?? [];
      const written = unfinished.map((w) => readRecord(w.file));
      if (unfinished.some((w, i) => written[i] === null && mayBeWriting(w))) continue; // the next start looks again
      const records = [...written, readRecord(this.file(runId))].filter((r): r is LeftoverRecord => !!r);
      const owner = records[0]?.owner;
      if (owner && owner.pid !== process.pid && isSameProcess(owner)) continue; // its owner still runs it
      try {
        for (const record of records) await endLeftover(record);
      } catch {
        continue;
      }
      this.forget(runId);
      for (const w of unfinished) rmSync(w.file, { force: true });
      ended.push(runId);
    }
    return ended;
  }

  private file(runId: string): string {
    return join(this.dir, runId + RECORD);
  }
}

/**
 * Whether an unreadable record may be being written now: its writer (by the name) is alive and not
 * this process, which is starting up; a name without one, while it is recent.
 */
function mayBeWriting(w: Writing): boolean {
  if (w.writer !== null) return w.writer !== process.pid && isAlive(w.writer);
  return Date.now() - statSync(w.file).mtimeMs < WRITING_GRACE_MS;
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
