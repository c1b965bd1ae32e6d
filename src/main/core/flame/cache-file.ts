// Decoded trees on disk, one JSON file each. Written by whoever decoded the tree (the worker, so
// the main thread never stringifies a large tree), atomically, so a reader never sees half a tree.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { FlameTree } from '../../../shared/domain';

export async function readCachedTree(cacheFile: string): Promise<FlameTree | null> {
  return readFile(cacheFile, 'utf8').then((text) => JSON.parse(text) as FlameTree, () => null);
}

/**
 * A focus that keeps no sample is not kept on disk: any label text can be asked for, and each would
 * leave a file; one the profile carries makes a tree worth its file.
 */
export function writeCachedTree(cacheFile: string, tree: FlameTree): void {
  if (tree.focus && tree.total === 0) return;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, JSON.stringify(tree));
    renameSync(tmp, cacheFile);
  } catch {
    // The cache only saves time: on a full or read-only disk the tree is simply decoded again next time.
  }
}
