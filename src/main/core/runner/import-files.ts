// `runs.import`: existing trace and pprof files become a run without running anything. The run is a
// `program` target (the first file's path) tagged 'imported', so every view treats it like any run.
import { copyFile, open } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { RunConfig } from '../../../shared/domain';
import type { EventBus } from '../events';
import { UserError } from '../errors';
import type { Store } from '../store';
import type { Toolchain } from '../toolchain';
import { RunControl } from './run-control';
import { saveTraceAnalysis } from './run-outputs';
import type { RunOwnership } from './ownership';

export const IMPORTED_TAG = 'imported';

type FileKind = 'trace' | 'pprof';

async function sniff(path: string, field: string): Promise<FileKind> {
  let head: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      head = Buffer.alloc(16);
      await file.read(head, 0, 16, 0);
    } finally {
      await file.close();
    }
  } catch {
    throw new UserError(`cannot read ${path}`, field);
  }
  if (head.subarray(0, 5).toString('latin1') === 'go 1.') return 'trace';
  // Go writes pprof files as gzipped profile.proto (go tool pprof does too); nothing else is taken.
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pprof';
  throw new UserError(`${path} is neither a Go execution trace nor a pprof profile`, field);
}

/** The name a profile gets in the run folder: its own, ending in .pprof. */
function profileName(path: string): string {
  const base = basename(path).replace(/\.(pb\.gz|prof|pprof|pb)$/, '');
  return `${base || basename(path, extname(path))}.pprof`;
}

export interface ImportRequest {
  files: string[];
  label: string;
  tags: string[];
}

export async function importFiles(req: ImportRequest, deps: { store: Store; events: EventBus; toolchain: Toolchain; ownership: RunOwnership }): Promise<string> {
  const files = req.files.map((f) => resolve(f));
  const kinds = await Promise.all(files.map((f, i) => sniff(f, `files.${i}`)));
  if (kinds.filter((k) => k === 'trace').length > 1) throw new UserError('a run holds one execution trace; import the others separately', 'files');
  const names = files.map((f, i) => (kinds[i] === 'trace' ? 'trace.out' : profileName(f)));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new UserError(`two files would both be stored as ${dup}`, 'files');

  const { store, events } = deps;
  // Nothing ran: no duration; everything else is the plan defaults.
  const config = RunConfig.parse({
    target: { kind: 'program', path: files[0] },
    concurrency: 1,
    duration: '0s',
    label: req.label || files.map((f) => basename(f)).join(' '),
    tags: [...new Set([...req.tags, IMPORTED_TAG])],
  });
  const id = store.createRun({ config });
  deps.ownership.claim(id);
  const setState = (state: 'running' | 'analysing' | 'succeeded' | 'failed', error: string | null = null): void => {
    store.transition(id, state, { error });
    events.emit('run.state', { runId: id, state, exitCode: null, error });
  };
  try {
    setState('running');
    await Promise.all(files.map((f, i) => copyFile(f, join(store.runDir(id), names[i]))));
    setState('analysing');
    await saveTraceAnalysis(id, new RunControl(), deps);
    await store.registerFolder(id);
    setState('succeeded');
  } catch (err) {
    await store.registerFolder(id).catch(() => undefined);
    setState('failed', `import failed: ${(err as Error).message}`);
  }
  deps.ownership.release(id);
  events.emit('runs.changed', {});
  return id;
}
