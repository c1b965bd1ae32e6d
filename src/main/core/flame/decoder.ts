// Decoding off the main thread: one long-lived worker thread, started on first use, with requests
// matched to replies by id. It holds the process open only while a request is pending.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FlameTree } from '../../../shared/domain';
import { UserError } from '../handlers/dispatch';
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
  file: string;
  resolve: (tree: FlameTree) => void;
  reject: (err: Error) => void;
}

export class WorkerDecoder {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly url: URL) {}

  readonly decode: Decode = (file, kind, cacheFile) =>
    new Promise<FlameTree>((resolve, reject) => {
      const worker = this.worker ?? this.start();
      const id = this.nextId++;
      this.pending.set(id, { file, resolve, reject });
      worker.ref();
      worker.postMessage({ id, file, kind, cacheFile } satisfies DecodeRequest);
    });

  private start(): Worker {
    const worker = new Worker(this.url);
    worker.on('message', (reply: DecodeReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('tree' in reply) waiting.resolve(reply.tree);
      else waiting.reject(new UserError(reply.error.message, null, reply.error.code));
    });
    // A crash (out of memory on a huge profile, a bug) fails what was asked; the next request starts a fresh worker.
    const fail = (why: string): void => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        waiting.reject(new Error(`Decoding ${waiting.file} failed: the flame worker ${why}`));
        this.pending.delete(id);
      }
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
