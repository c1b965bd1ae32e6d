// Reading files that something else wrote: a run's target, or a user's import. Only regular files
// are read. A FIFO would block its reader until a writer came, holding one of the few threads that
// every file operation of the process shares, a run that waits on it and the machine's run lock with
// it; a device such as /dev/zero never ends.
import { constants, lstatSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';

/** What a file that is not regular is, in words ("a FIFO"). */
function whatItIs(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** A file that is there but cannot be read as one: the message names it and says what it is. */
export class NotRegularFile extends Error {
  readonly what: string;
  constructor(path: string, info: Stats) {
    const what = whatItIs(info);
    super(`${basename(path)} is ${what}, not a regular file`);
    this.name = 'NotRegularFile';
    this.what = what;
  }
}

/**
 * Opens `path` for reading, without blocking (the open of a FIFO would wait for a writer), and
 * checks on the opened handle that it is a regular file, so that it cannot be swapped after the check.
 * `followLink: false` for a file in a folder the workbench owns, which is never a link (fileAt): one
 * put there since would hand out a file from elsewhere. Throws NotRegularFile, or the open's own
 * error (ENOENT; ELOOP for a link not followed …).
 */
export async function openRegularFile(path: string, { followLink = true } = {}): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (followLink ? 0 : (constants.O_NOFOLLOW ?? 0)));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFile(path, info);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * The whole file behind an open handle, from its first byte whatever the handle's position
 * (FileHandle.readFile reads on from where the last read stopped).
 */
export async function readFromStart(handle: FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  const buf = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await handle.read(buf, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf.subarray(0, at);
}

/** A text file of at most `maxBytes`, read whole; a larger one is refused before it is read. */
export async function readRegularTextFile(path: string, maxBytes: number): Promise<string> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new Error(`${basename(path)} is ${size.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} read`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * What is at `path` in a folder the workbench owns (a run's): 'file' for a regular file, 'missing',
 * or what else it is ("a FIFO", "a symbolic link": a link is not followed, as none is fetched from a
 * host). For deciding what to do with a path before it, or a child process, opens it.
 */
export function fileAt(path: string): 'file' | 'missing' | string {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info) return 'missing';
  return info.isFile() ? 'file' : whatItIs(info);
}
