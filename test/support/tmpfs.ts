// A small tmpfs for the tests of a describe block that need a disk to fill (root only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A tmpfs of `size` (e.g. "24m") mounted for the calling describe block and unmounted after it:
 * its path, and whether it mounted (not root, or no tmpfs: the tests that need it are skipped, and
 * their names say what they need).
 */
export function tmpfs(size: string): { path: string; mounted: boolean } {
  const path = mkdtempSync(join(tmpdir(), 'gmpw-tmpfs-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'pipe' });
    mounted = true;
  } catch {
    // not root, or no tmpfs
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', ['--lazy', path]);
    rmSync(path, { recursive: true, force: true });
  });
  return { path, mounted };
}
