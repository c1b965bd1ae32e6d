// File operations every per-run group needs, on v1 and v2 alike: reading its members, waiting for
// it to empty, removing it.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a group may take to empty after its processes were killed (exiting, reaped by their parent). */
const EMPTY_TIMEOUT_MS = 5000;
const POLL_MS = 10;

export const readText = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8').trim();

export const writeText = (dir: string, file: string, text: string): void => writeFileSync(join(dir, file), text);

/**
 * Creates a group's directory (its parent must exist); one that exists is kept. Not recursive on
 * purpose: Node's recursive mkdir never returns below some pseudo file systems (/proc).
 */
export function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** The pids in a group's cgroup.procs; none when the group is gone. */
export function groupPids(dir: string): number[] {
  let text: string;
  try {
    text = readText(dir, 'cgroup.procs');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text ? text.split('\n').map(Number) : [];
}

export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/** Waits until no process is left in `dir`, then removes it; throws naming what is left after the timeout. */
export async function removeWhenEmpty(dir: string): Promise<void> {
  if (!(await waitUntil(() => groupPids(dir).length === 0, EMPTY_TIMEOUT_MS))) {
    throw new Error(`processes ${groupPids(dir).join(', ')} still in ${dir} ${EMPTY_TIMEOUT_MS / 1000}s after they were killed`);
  }
  try {
    rmdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The quota for `cores` in a CFS period, in microseconds; the kernel refuses less than 1 ms. */
export function quotaFor(cores: number, periodUs: number): number {
  return Math.max(1000, Math.round(cores * periodUs));
}
