// Decoding off the main thread: one long-lived worker thread, started on first use, with requests
// matched to replies by id. It holds the process open only while a request is pending.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FlameTree } from '../../../shared/domain';
import { UserError } from '../errors';
import { writeCachedTree } from './cache-file';
import { decodeFlameTree } from './decode';
import type { DecodeReply, DecodeRequest } from './worker-protocol';

/** Decode `file` and keep the tree in `cacheFile`. */
export type Decode = (file: string, kind: string, cacheFile: string) => Promise<FlameTree>;

/**
 * Where the worker entry is: next to this file as TypeScript sources (tests, tsx), or, in a bundle,
 * `flame-worker.js` beside the bundle (the build emits src/main/core/flame/worker.ts under that
 * name). null when neither exists: decode on the calling thread.
 */
export function defaultWorkerUrl(): URL | null {
  // tsx and CommonJS bundles have __filename but no import.meta; ES module bundles the reverse.
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  if (here.endsWith('.ts')) return new URL('./worker-source.cjs', here);
  const built = new URL('./flame-worker.js', here);
  return existsSync(fileURLToPath(built)) ? built : null;
}

export const decodeInThread: Decode = async (file, kind, cacheFile) => {
  const tree = decodeFlameTree(await readFile(file), file, kind);
  writeCachedTree(cacheFile, tree);
  return tree;
};

interface Pending {
  request: DecodeRequest;
  resolve: (tree: FlameTree) => void;
  reject: (err: Error) => void;
}

export class WorkerDecoder {
  private worker: Worker | null = null;
  /** Set when a worker could not even start (a missing or broken entry): decode in-thread from then on. */
  private unusable = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly url: URL) {}

  readonly decode: Decode = (file, kind, cacheFile) => {
    if (this.unusable) return decodeInThread(file, kind, cacheFile);
    return new Promise<FlameTree>((resolve, reject) => {
      const worker = this.worker ?? this.start();
      const request: DecodeRequest = { id: this.nextId++, file, kind, cacheFile };
      this.pending.set(request.id, { request, resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  };

  private start(): Worker {
    const worker = new Worker(this.url);
    let replied = false;
    worker.on('message', (reply: DecodeReply) => {
      replied = true;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('tree' in reply) waiting.resolve(reply.tree);
      else waiting.reject(new UserError(reply.error.message, null, reply.error.code));
    });
    const fail = (why: string): void => {
      if (this.worker === worker) this.worker = null;
      const failed = [...this.pending.values()];
      this.pending.clear();
      if (!replied) {
        // It never worked: slower in-thread decoding beats no flame graphs at all.
        this.unusable = true;
        for (const { request, resolve, reject } of failed) decodeInThread(request.file, request.kind, request.cacheFile).then(resolve, reject);
        return;
      }
      // A crash of a working worker (out of memory on a huge profile, a bug) fails what was asked;
      // the next request starts a fresh worker.
      for (const { request, reject } of failed) reject(new Error(`Decoding ${request.file} failed: the flame worker ${why}`));
    };
    worker.on('error', (err) => fail(`crashed: ${err.message}`));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
