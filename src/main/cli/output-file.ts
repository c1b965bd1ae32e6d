// The files gmpw writes where -o says (export-bench, report, export-perfetto, cut-trace): a path that
// cannot take the file is one line naming it, said before the work when it can be, never a raw
// "ENOENT … open"; a file already there is replaced only when it is an earlier output of the same
// command (one whose files carry a mark of it), or with --force.
import { closeSync, copyFileSync, existsSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataPaths } from '../core/paths';
import { UsageError } from './types';

/** What a command writes, as far as -o needs to know it: how its files begin, and what to call one. */
export interface OwnOutput {
  /**
   * Text the head of every file the command writes holds (a report's generator meta, an export's
   * first line); null when its files cannot carry one (a Go trace, byte for byte): then only --force
   * replaces a file.
   */
  marker: string | null;
  /** "a gmpw report": said when a file there is something else. */
  what: string;
  /**
   * Why a regular file there is refused, when "is not <what>" would not say it: an earlier version's
   * output that lacks the marker is one, and its user must learn what was looked for.
   */
  lacking?: string;
}

/** A path as the file system names it: its links followed (a link to a file too), in the case the disk keeps. */
const realOrSame = (path: string): string => (existsSync(path) ? realpathSync.native(path) : path);

/**
 * Where a write to `path` lands: through its links, a dangling one included (writeFileSync creates
 * the file it points to), and in the real folder that receives it.
 */
function writtenAt(path: string): string {
  let at = resolve(path);
  for (let hops = 0; hops < 40 && lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink(); hops++) at = resolve(dirname(at), readlinkSync(at));
  return existsSync(at) ? realOrSame(at) : join(realOrSame(dirname(at)), basename(at));
}

/** Whether a write to `path` would land on a file of the workbench's own in the data folder `history`. */
function workbenchOwn(path: string, history: string): boolean {
  return new DataPaths(realOrSame(history)).holds(writtenAt(path));
}

/**
 * Refuses, naming the path, an output path whose folder does not exist, or that is a folder, or
 * where a file stands that is not an earlier output of the command (`own`), unless `force`: -o
 * notes.txt by mistake would lose the notes. No file of the workbench's own history (`history`, the
 * data folder) is written, --force or not: a run's own trace.out replaced by its cut was lost. The path typed
 * is the mistake (exit 2), found before anything is exported when the path is known then.
 */
export function checkOutputPath(path: string, own: OwnOutput, force: boolean, history: string): void {
  if (path === '') throw new UsageError('-o needs a file name');
  const folder = dirname(path);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) throw new UsageError(`cannot write ${path}: there is no folder ${folder}`);
  if (!folderStat.isDirectory()) throw new UsageError(`cannot write ${path}: ${folder} is not a folder`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder (give a file name)`);
  if (workbenchOwn(path, history)) throw new UsageError(`cannot write ${path}: it is the workbench's own, in its history (${history}), whose files only the workbench writes; give another path`);
  if (!force && existsSync(path) && (own.marker === null || !headHolds(path, own.marker))) {
    const regular = statSync(path, { throwIfNoEntry: false })?.isFile() === true;
    if (own.marker === null) throw new UsageError(`${path} exists: give another -o, or --force to replace it`);
    const why = regular && own.lacking !== undefined ? own.lacking : `is not ${own.what}`;
    throw new UsageError(`${path} exists and ${why}: give another -o, or --force to replace it`);
  }
}

/** Writes the file, checked again as checkOutputPath checks it; a failure is one line naming the path (a path's mistake exits 2, the rest 1). */
export function writeOutputFile(path: string, data: string, own: OwnOutput, force: boolean, history: string): void {
  outputTo(path, own, force, history, () => writeFileSync(path, data));
}

/** Copies the file `from` to the output path, as writeOutputFile writes one; a `from` gone meanwhile is said as such, not blamed on the path. */
export function copyOutputFile(from: string, path: string, own: OwnOutput, force: boolean, history: string): void {
  if (!existsSync(from)) throw new Error(`cannot copy ${from}: it is gone (removed since it was made); ask again`);
  outputTo(path, own, force, history, () => copyFileSync(from, path));
}

function outputTo(path: string, own: OwnOutput, force: boolean, history: string, write: () => void): void {
  checkOutputPath(path, own, force, history);
  try {
    write();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system', ENOSPC: 'no space left on the device' };
    throw new Error(`cannot write ${path}: ${why[e.code ?? ''] ?? e.message}`);
  }
}

/** Whether the first few KB of the file hold `marker`; false for no file. */
function headHolds(path: string, marker: string, within = 4096): boolean {
  // Only a regular file can be an earlier output: opening a FIFO to look would wait for a writer.
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
