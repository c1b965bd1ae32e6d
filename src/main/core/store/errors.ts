// Storage failures the user can act on (a full disk, a read-only or missing directory) become
// UserErrors that say what happened and what to do; anything else is left as it is.
import { statfsSync } from 'node:fs';
import { UserError } from '../errors';

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'EROFS', 'EACCES', 'EPERM']);
const CANNOT_OPEN = new Set(['SQLITE_CANTOPEN', 'ENOENT', 'ENOTDIR']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Below this many free bytes, a write's I/O error is the full disk's. */
const NEARLY_FULL = 64 << 10;

/**
 * Whether a failure is a full disk's. SQLite says SQLITE_FULL for most; with no byte left it fails
 * to grow its shared memory or journal first, with an I/O error (SQLITE_IOERR_…), which is the full
 * disk's only when the disk holding `where` has next to no space left.
 */
function isFull(code: string, where: string): boolean {
  if (FULL.has(code)) return true;
  if (!code.startsWith('SQLITE_IOERR')) return false;
  try {
    const fs = statfsSync(where);
    return fs.bavail * fs.bsize < NEARLY_FULL;
  } catch {
    return false;
  }
}

/** The error of a full disk that `err` is, saying what it stopped and where; null when it is none. */
export function diskFullError(err: unknown, doing: string, where: string): UserError | null {
  const code = codeOf(err);
  if (err instanceof UserError || !code || !isFull(code, where)) return null;
  const detail = err instanceof Error ? err.message : String(err);
  return new UserError(`Could not ${doing}: the disk holding ${where} is full (${detail}). Nothing stored before was lost; free some space and try again.`, null, 'disk-full');
}

/** `doing` says what was being attempted, e.g. "save the result of run X". */
export function storageError(err: unknown, doing: string, where: string): Error {
  if (err instanceof UserError) return err;
  const code = codeOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  const full = diskFullError(err, doing, where);
  if (full) return full;
  if (code && READ_ONLY.has(code)) {
    return new UserError(`Could not ${doing}: ${where} is read-only or not writable (${detail}). Choose a writable data directory (--data-dir).`, null, 'read-only');
  }
  if (code && CANNOT_OPEN.has(code)) {
    return new UserError(`Could not ${doing}: ${where} cannot be opened (${detail}).`, null, 'cannot-open');
  }
  return err instanceof Error ? err : new Error(detail);
}

/** Run `fn`; map storage failures to clear errors. */
export function guarded<T>(doing: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storageError(err, doing, where);
  }
}
