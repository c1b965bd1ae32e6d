// What a host sends back is untrusted: the target, another job on the same login or whoever controls
// the host can leave anything in the run's out/ folder. Before fetched files join the run folder,
// everything that is not a plain directory or a plain, singly linked file is removed, so that no
// later read or write of the run folder (the analysis, the history, a report) follows a link out of it.
// Nor may the host send more than the disk holds: unpacking stops past the free space, less a reserve.
import { spawn } from 'node:child_process';
import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESERVE_BYTES } from '../store/disk-space';
import { closed } from './ssh';

export interface UnpackFailure {
  /** The archive was cut off at the limit (its sender should be stopped). */
  overLimit: boolean;
  text: string;
}

class OverLimit extends Error {}

/**
 * Unpacks the tar stream `archive` into `landing`, stopping once more than `limitBytes` have come.
 * The files become this user's, with this user's umask, whatever the archive says (tar run as root
 * would otherwise keep the host's owners and set-user-ID bits). Resolves with why it failed, or null.
 */
export async function unpackArchive(archive: Readable, landing: string, limitBytes: number): Promise<UnpackFailure | null> {
  const tar = spawn('tar', ['-xf', '-', '--no-same-owner', '--no-same-permissions', '-C', landing], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const tarClosed = closed(tar);
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > limitBytes ? new OverLimit() : null, chunk);
    },
  });
  // A tar that ends early (a broken archive) fails the pipe too; its exit code says why below.
  const failed = await pipeline(archive, counted, tar.stdin).then(() => null, (err: unknown) => err);
  if (failed instanceof OverLimit) {
    tar.kill('SIGKILL');
    await tarClosed;
    return { overLimit: true, text: `the host sent more than ${(limitBytes / 1024 ** 2).toFixed(0)} MiB, all this disk can take while keeping ${RESERVE_BYTES / 1024 ** 2} MiB free; the rest was not fetched` };
  }
  const code = await tarClosed;
  return code === 0 ? null : { overLimit: false, text: `tar could not unpack them: ${stderr.trim() || `exit ${code}`}` };
}

/** Removes from dir every entry that is not a directory or a regular file with one link; says what went. */
export async function dropUnsafeEntries(dir: string, root = dir): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const st = await lstat(path);
    if (st.isDirectory()) {
      dropped.push(...(await dropUnsafeEntries(path, root)));
      continue;
    }
    if (st.isFile() && st.nlink === 1) continue;
    dropped.push(`${relative(root, path)} (${await describe(path, st)})`);
    await rm(path, { recursive: true, force: true });
  }
  return dropped;
}

async function describe(path: string, st: Awaited<ReturnType<typeof lstat>>): Promise<string> {
  if (st.isSymbolicLink()) return `a symbolic link to ${await readlink(path)}`;
  if (st.isFile()) return 'a hard link';
  return 'not a regular file';
}
