// The files gmpw writes where -o says (export-bench, report): a path that cannot take the file is
// one line naming it, said before the work when it can be, never a raw "ENOENT … open".
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './types';

/**
 * Refuses, naming the path, an output path whose folder does not exist, or that is a folder: the
 * path typed is the mistake (exit 2), found before anything is exported.
 */
export function checkOutputPath(path: string): void {
  if (path === '') throw new UsageError('-o needs a file name');
  const folder = dirname(path);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) throw new UsageError(`cannot write ${path}: there is no folder ${folder}`);
  if (!folderStat.isDirectory()) throw new UsageError(`cannot write ${path}: ${folder} is not a folder`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder (give a file name)`);
}

/** Writes the file; a failure is one line naming the path (a path's mistake exits 2, the rest 1). */
export function writeOutputFile(path: string, data: string): void {
  checkOutputPath(path);
  try {
    writeFileSync(path, data);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system', ENOSPC: 'no space left on the device' };
    throw new Error(`cannot write ${path}: ${why[e.code ?? ''] ?? e.message}`);
  }
}

/** Whether the first few KB of the file hold `marker` (a report's generator meta); false for no file. */
export function headHolds(path: string, marker: string, within = 4096): boolean {
  // Only a regular file can be an earlier report: opening a FIFO to look would wait for a writer.
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return false;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(within);
    const n = readSync(fd, buf, 0, within, 0);
    return buf.subarray(0, n).toString('utf8').includes(marker);
  } finally {
    closeSync(fd);
  }
}
