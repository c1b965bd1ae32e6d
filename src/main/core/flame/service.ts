// Flame trees for the read side: decoded off the main thread, cached by the artifact's sha256 in
// memory (a few recent trees) and on disk under <data>/cache/flame (decoding is the slow part;
// reading a cached tree back is a JSON parse).
import { basename, join } from 'node:path';
import type { FlameTree } from '../../../shared/domain';
import { readCachedTree } from './cache-file';
import { WorkerDecoder, decodeInThread, defaultWorkerUrl, type Decode } from './decoder';

/** Bump when the tree a decode produces changes, so old cache entries are not reused. */
const TREE_FORMAT = 1;

export interface FlameServiceOptions {
  /** The data directory's cache folder. */
  cacheDir: string;
  /** Worker entry; null decodes on the calling thread. Defaults to defaultWorkerUrl(). */
  workerUrl?: URL | null;
  /** How many decoded trees to keep in memory. */
  memoryEntries?: number;
}

export class FlameService {
  private readonly dir: string;
  private readonly worker: WorkerDecoder | null;
  private readonly decode: Decode;
  private readonly memory = new Map<string, FlameTree>();
  private readonly inflight = new Map<string, Promise<FlameTree>>();
  private readonly memoryEntries: number;

  constructor(options: FlameServiceOptions) {
    this.dir = join(options.cacheDir, 'flame');
    const url = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
    this.worker = url ? new WorkerDecoder(url) : null;
    this.decode = this.worker?.decode ?? decodeInThread;
    this.memoryEntries = options.memoryEntries ?? 8;
  }

  /** The tree of the profile at `file`, whose content hashes to `sha256`; `kind` picks the sample type. */
  async tree(file: string, sha256: string, kind: string): Promise<FlameTree> {
    const key = `v${TREE_FORMAT}-${sha256}-${kind}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(key, file, kind).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    // Identical content may sit in several runs under different names.
    return { ...(await pending), profile: basename(file) };
  }

  private async load(key: string, file: string, kind: string): Promise<FlameTree> {
    const remembered = this.memory.get(key);
    if (remembered) {
      this.remember(key, remembered);
      return remembered;
    }
    const cacheFile = join(this.dir, `${key}.json`);
    const tree = (await readCachedTree(cacheFile)) ?? (await this.decode(file, kind, cacheFile));
    this.remember(key, tree);
    return tree;
  }

  private remember(key: string, tree: FlameTree): void {
    this.memory.delete(key); // re-insert: Map order is the LRU order
    this.memory.set(key, tree);
    while (this.memory.size > this.memoryEntries) this.memory.delete(this.memory.keys().next().value as string);
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
