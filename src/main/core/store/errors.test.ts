import { describe, expect, it } from 'vitest';
import { diskFullError, storageError } from './errors';

const fsError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('storage errors', () => {
  it('says which disk is full and what to do, for an error of a write that names no file', () => {
    const full = diskFullError(fsError('ENOSPC', 'ENOSPC: no space left on device, write'), 'run r1', '/data/runs/r1');
    expect(full?.code).toBe('disk-full');
    expect(full?.message).toBe('Could not run r1: the disk holding /data/runs/r1 is full (ENOSPC: no space left on device, write). Nothing stored before was lost; free some space and try again.');
  });

  it('leaves every other error to its own words: a target not executable is no read-only disk', () => {
    expect(diskFullError(fsError('EACCES', 'spawn /x EACCES'), 'run r1', '/data/runs/r1')).toBeNull();
    expect(diskFullError(new Error('go build failed'), 'run r1', '/data/runs/r1')).toBeNull();
    // An I/O error of SQLite is the full disk's only when the disk has next to no space left: this one has room.
    expect(diskFullError(fsError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'save', process.cwd())).toBeNull();
    expect(storageError(fsError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'save', process.cwd()).message).toBe('disk I/O error');
  });
});
