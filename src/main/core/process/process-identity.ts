// Process identity from /proc on Linux: a pid alone may have been reused by an unrelated process
// since it was recorded (after a crash, a reboot, or simply a busy machine), so every record of a
// process also keeps its start time, and only a live process with both is the one recorded.
import { readFileSync } from 'node:fs';

/** A process as recorded: its pid and its start time (clock ticks after boot; null where /proc has none). */
export interface ProcessId {
  pid: number;
  start: string | null;
}

/**
 * Field 22 of /proc/PID/stat (starttime), or null when the process does not exist or /proc is
 * unavailable. The command name (field 2) may contain spaces and parentheses, so fields are
 * counted from the last ')'.
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // fields[0] is field 3 (state)
}

/** This process or another, as it should be recorded. */
export function identify(pid: number): ProcessId {
  return { pid, start: processStartTime(pid) };
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the recorded process still runs: the pid is alive and, where a start time was recorded
 * and /proc can tell, it started at that moment (else the pid was reused).
 */
export function isSameProcess(recorded: ProcessId): boolean {
  if (!Number.isInteger(recorded.pid) || recorded.pid <= 0 || !isAlive(recorded.pid)) return false;
  if (recorded.start === null) return true;
  const now = processStartTime(recorded.pid);
  return now === null || now === recorded.start;
}

/** Parses "<pid> <start>" (start optional, as older files were written) into a ProcessId, or null. */
export function parseProcessId(text: string): ProcessId | null {
  const [pidText, start] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, start: start && /^\d+$/.test(start) ? start : null };
}

export const formatProcessId = (p: ProcessId): string => (p.start === null ? String(p.pid) : `${p.pid} ${p.start}`);
