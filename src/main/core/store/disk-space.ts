// How much the workbench may write into a data directory's disk for files that come from elsewhere
// (an import's copies, a remote run's files): its free space less a reserve, so that a large file
// never fills the disk that runs, the history and its own small reserve for endings need.
import { statfs } from 'node:fs/promises';

/** Free space files from elsewhere must leave on the disk of the run folders. */
export const RESERVE_BYTES = 256 * 1024 ** 2;

/** How many bytes of files from elsewhere may go into `dir`: its disk's free space less the reserve. */
export async function spaceAllowance(dir: string): Promise<number> {
  const disk = await statfs(dir);
  return Math.max(0, disk.bavail * disk.bsize - RESERVE_BYTES);
}
