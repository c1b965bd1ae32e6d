// Flame trees for the read side: decoded off the main thread, cached by the artifact's sha256 in
// memory (a few recent trees) and on disk under <data>/cache/flame (decoding is the slow part;
// reading a cached tree back is a JSON parse).
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { FlameTree, LabelFocus } from '../../../shared/domain';
import { readCachedTree } from './cache-file';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from './decode';
import { WorkerDecoder, defaultWorkerUrl, inThreadDecoder, type Decode, type DecoderBudget } from './decoder';
import type { DecodeJob } from './worker-protocol';

/** Bump when the tree a decode produces changes, so old cache entries are not reused. */
const TREE_FORMAT = 5;

export interface FlameServiceOptions {
  /** The data directory's cache folder. */
  cacheDir: string;
  /** Worker entry; null decodes on the calling thread. Defaults to defaultWorkerUrl(). */
  workerUrl?: URL | null;
  /** How many decoded trees to keep in memory. */
  memoryEntries?: number;
  /** Limits on one decode (size also on the calling thread; time and parallelism on workers). */
  maxDecompressedBytes?: number;
  timeoutMs?: number;
  maxWorkers?: number;
  maxHeapMb?: number;
}

/** Generous for real profiles (300k stacks decode in seconds), short of a hung-looking UI. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A worker's JavaScript heap. Real profiles of tens of megabytes decode in a few hundred; a crafted
 * one of 128 MB (millions of samples) took 4.25 GB before its time ran out, and two decode at once.
 */
const DEFAULT_MAX_HEAP_MB = 1024;

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
    const budget: DecoderBudget = {
      maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxWorkers: options.maxWorkers ?? 2,
      maxHeapMb: options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB,
    };
    this.worker = url ? new WorkerDecoder(url, budget) : null;
    this.decode = this.worker?.decode ?? inThreadDecoder(budget);
    this.memoryEntries = options.memoryEntries ?? 8;
  }

  /**
   * The tree of the profile at `file`, whose content hashes to `sha256`; `kind` picks the sample
   * type; `focus` keeps the samples carrying that label.
   */
  async tree(file: string, sha256: string, kind: string, focus: LabelFocus | null = null): Promise<FlameTree> {
    // A label's key and value are anyone's text: hashed into the cache file's name, not written in it.
    const focused = focus ? `-${createHash('sha256').update(JSON.stringify([focus.key, focus.value])).digest('hex').slice(0, 32)}` : '';
    const key = `v${TREE_FORMAT}-${sha256}-${kind}${focused}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(key, { file, kind, focus, cacheFile: join(this.dir, `${key}.json`) }).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    // Identical content may sit in several runs under different names.
    return { ...(await pending), profile: basename(file) };
  }

  private async load(key: string, job: DecodeJob): Promise<FlameTree> {
    const remembered = this.memory.get(key);
    if (remembered) {
      this.remember(key, remembered);
      return remembered;
    }
    const tree = (await readCachedTree(job.cacheFile)) ?? (await this.decode(job));
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
