// What a host sends back is untrusted: the target, another job on the same login or whoever controls
// the host can leave anything in the run's out/ folder. Before fetched files join the run folder,
// everything that is not a plain directory or a plain, singly linked file is removed, so that no
// later read or write of the run folder (the analysis, the history, a report) follows a link out of it.
import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';

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
