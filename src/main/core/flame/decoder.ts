// Decoding off the main thread, in a small pool of worker threads. Each request has a time budget:
// a worker still decoding past it is terminated (a thread cannot be interrupted any other way,
// and terminating also gives its memory back) and a fresh one takes the next request. With more
// than one worker, one slow or hostile profile never holds up the others. Idle workers end after
// a while, returning what a large decode left on their heaps.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FlameTree } from '../../../shared/domain';
import { UserError } from '../errors';
import { writeCachedTree } from './cache-file';
import { decodeProfileFile, type DecodeLimits } from './decode';
import type { DecodeJob, DecodeReply, DecodeRequest } from './worker-protocol';

/** Decode the job's file and keep the tree in its `cacheFile`. */
export type Decode = (job: DecodeJob) => Promise<FlameTree>;

export interface DecoderBudget extends DecodeLimits {
  /** Longest a single decode may take on a worker. */
  timeoutMs: number;
  /** Decodes that may run at once. */
  maxWorkers: number;
  /** A worker's JavaScript heap (V8's old generation): past it the worker is stopped, the decode refused. */
  maxHeapMb: number;
}

const IDLE_EXIT_MS = 30_000;

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

/** Decoding on the calling thread: the size limit applies, a time budget cannot. */
export function inThreadDecoder(limits: DecodeLimits): Decode {
  return async ({ file, kind, focus, cacheFile }) => {
    const tree = await decodeProfileFile(file, kind, limits, focus);
    writeCachedTree(cacheFile, tree);
    return tree;
  };
}

interface Job {
  request: DecodeRequest;
  resolve: (tree: FlameTree) => void;
  reject: (err: Error) => void;
}

export class WorkerDecoder {
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private readonly running = new Set<Worker>();
  private readonly queue: Job[] = [];
  /** Set when a worker could not even start (a missing or broken entry): decode in-thread from then on. */
  private unusable = false;
  private everReplied = false;
  private closed = false;
  private nextId = 1;
  private readonly inThread: Decode;

  constructor(
    private readonly url: URL,
    private readonly budget: DecoderBudget,
  ) {
    this.inThread = inThreadDecoder(budget);
  }

  readonly decode: Decode = (job) => {
    if (this.unusable) return this.inThread(job);
    return new Promise<FlameTree>((resolve, reject) => {
      this.queue.push({ request: { ...job, id: this.nextId++, maxDecompressedBytes: this.budget.maxDecompressedBytes }, resolve, reject });
      this.pump();
    });
  };

  private pump(): void {
    while (!this.closed && this.queue.length > 0 && (this.idle.length > 0 || this.running.size < this.budget.maxWorkers)) {
      const job = this.queue.shift()!;
      if (this.unusable) {
        this.inThread(job.request).then(job.resolve, job.reject);
        continue;
      }
      const spare = this.idle.pop();
      if (spare) clearTimeout(spare.timer);
      this.run(spare?.worker ?? new Worker(this.url, { resourceLimits: { maxOldGenerationSizeMb: this.budget.maxHeapMb } }), job);
    }
  }

  private run(worker: Worker, job: Job): void {
    this.running.add(worker);
    const { file } = job.request;
    let done = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (outcome: FlameTree | Error, reusable: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      this.running.delete(worker);
      if (reusable && !this.closed) this.park(worker);
      else void worker.terminate();
      if (outcome instanceof Error) job.reject(outcome);
      else job.resolve(outcome);
      this.pump();
    };
    const onMessage = (reply: DecodeReply): void => {
      this.everReplied = true;
      if ('started' in reply) deadline = setTimeout(overBudget, this.budget.timeoutMs);
      else if ('tree' in reply) finish(reply.tree, true);
      else finish(new UserError(reply.error.message, null, reply.error.code), true);
    };
    const onError = (err: Error): void => {
      if (!this.everReplied) {
        // It never worked: slower in-thread decoding beats no flame graphs at all.
        this.unusable = true;
        done = true;
        clearTimeout(deadline);
        this.running.delete(worker);
        this.inThread(job.request).then(job.resolve, job.reject);
        this.pump();
        return;
      }
      // A crash (out of memory on a huge profile, a bug) fails this request; the next gets a fresh worker.
      if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(new UserError(`Decoding ${file} needed more than ${this.budget.maxHeapMb} MiB of memory and was stopped (a profile this large, or a crafted one?)`, null, 'profile-too-large'), false);
        return;
      }
      finish(new Error(`Decoding ${file} failed: the flame worker crashed: ${err.message}`), false);
    };
    const onExit = (code: number): void => finish(new Error(`Decoding ${file} failed: the flame worker exited with code ${code}`), false);
    const overBudget = (): void =>
      finish(new UserError(`Decoding ${file} took longer than ${this.budget.timeoutMs / 1000} s and was stopped (a profile this large, or a decompression bomb?)`, null, 'decode-timeout'), false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.ref();
    worker.postMessage(job.request);
  }

  /** Keeps a worker for the next request; it holds the process open only while it decodes. */
  private park(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((w) => w.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, IDLE_EXIT_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.running, ...this.idle.splice(0).map(({ worker, timer }) => (clearTimeout(timer), worker))];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
