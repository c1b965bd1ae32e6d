// A small tmpfs for the tests of a describe block that need a disk to fill (root only).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Whether this process may mount a tmpfs: root, and a kernel that has one. */
function canMountTmpfs(): boolean {
  try {
    return process.getuid?.() === 0 && /\ttmpfs$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * A tmpfs of `size` (e.g. "24m") for the calling describe block: its path, and whether it can be
 * mounted here (not root, or no tmpfs: the tests that need it are skipped, and their names say what
 * they need). It is mounted before the block's tests and unmounted after them, so that a run whose
 * filter leaves the block out mounts nothing (mounted as the block was collected, it outlived them).
 */
export function tmpfs(size: string): { path: string; mounted: boolean } {
  const path = join(tmpdir(), `gmpw-tmpfs-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  const mounted = canMountTmpfs();
  if (!mounted) return { path, mounted };
  beforeAll(() => {
    mkdirSync(path, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'pipe' });
  });
  afterAll(() => {
    try {
      execFileSync('umount', ['--lazy', path], { stdio: 'pipe' });
    } catch {
      // beforeAll did not get as far as mounting it
    }
    rmSync(path, { recursive: true, force: true });
  });
  return { path, mounted };
}
