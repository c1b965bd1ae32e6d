// `runs.import`: existing trace and pprof files become a run without running anything. The run is a
// `program` target (the first file's path) tagged 'imported', so every view treats it like any run.
import { createWriteStream } from 'node:fs';
import { rm, type FileHandle } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { RunConfig, type FlameTree } from '../../../shared/domain';
import { MAX_LABEL } from '../../../shared/tags';
import { IMPORTED_TAG } from '../../../shared/imported';
import type { EventBus } from '../events';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../flame/decode';
import { profileKind, readSampleTypes, type SampleTypes } from '../flame/profile-kind';
import type { FlameService } from '../flame/service';
import { UserError } from '../errors';
import { NotRegularFile, openRegularFile, readFromStart } from '../regular-file';
import type { Store } from '../store';
import { RESERVE_BYTES, spaceAllowance } from '../store/disk-space';
import type { Toolchain } from '../toolchain';
import { RunControl } from './run-control';
import { profilesApartFromTrace } from './import-moments';
import { saveTraceAnalysis } from './run-outputs';
import type { RunOwnership } from './ownership';

type FileKind = 'trace' | 'pprof';

interface Input {
  path: string;
  handle: FileHandle;
  kind: FileKind;
  /** A profile's sample types, read once when it is opened; null for a trace, or a profile too large or unreadable. */
  sampleTypes: SampleTypes | null;
}

/** Opens an input (a regular file only: see regular-file.ts) and tells a trace from a profile. */
async function openInput(path: string, field: string): Promise<Input> {
  let handle: FileHandle;
  try {
    handle = await openRegularFile(path);
  } catch (err) {
    if (err instanceof NotRegularFile) throw new UserError(`${path} is ${err.what}, not a regular file`, field);
    const code = (err as NodeJS.ErrnoException).code;
    // A name that is not UTF-8 reaches Node with U+FFFD in place of its bytes: that name is not the file's.
    if (code === 'ENOENT' && path.includes('\uFFFD')) throw new UserError(`cannot read ${path}: its name holds bytes that are not UTF-8, which do not reach the workbench intact (the � stand for them); rename the file`, field);
    throw new UserError(`cannot read ${path} (${code ?? (err as Error).message})`, field);
  }
  try {
    const head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    if (head.subarray(0, 5).toString('latin1') === 'go 1.') return { path, handle, kind: 'trace', sampleTypes: null };
    // Go writes pprof files as gzipped profile.proto (go tool pprof does too); go tool pprof also
    // reads it raw, taken here when its fields read as a profile's with a sample type.
    const sampleTypes = await sampleTypesOf(handle);
    if (head[0] === 0x1f && head[1] === 0x8b) return { path, handle, kind: 'pprof', sampleTypes };
    if (sampleTypes && sampleTypes.types.length > 0) return { path, handle, kind: 'pprof', sampleTypes };
    throw new UserError(`${path} is neither a Go execution trace nor a pprof profile`, field);
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The sample types of a gzipped or raw profile.proto; null when it is too large or does not read as one. */
async function sampleTypesOf(handle: FileHandle): Promise<SampleTypes | null> {
  if ((await handle.stat()).size > DEFAULT_MAX_DECOMPRESSED_BYTES) return null;
  try {
    return await readSampleTypes(await readFromStart(handle), DEFAULT_MAX_DECOMPRESSED_BYTES);
  } catch {
    return null;
  }
}

/** Opens every input, or none: a refused one closes those already open. */
async function openInputs(files: string[]): Promise<Input[]> {
  const opened = await Promise.allSettled(files.map((f, i) => openInput(f, `files.${i}`)));
  const refused = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (!refused) return opened.map((o) => (o as PromiseFulfilledResult<Input>).value);
  await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.handle.close() : undefined)));
  throw refused.reason;
}

/** A profile's own name, ending in .pprof. */
function ownProfileName(path: string): string {
  const base = basename(path).replace(/\.(pb\.gz|prof|pprof|pb)$/, '');
  return `${base || basename(path, extname(path))}.pprof`;
}

/**
 * The name a profile gets in the run folder: its kind's, as a run's own (`cpu.pprof`), when its
 * sample types tell it, so that Compare meets it with the runs' profiles of that kind; otherwise
 * its own. A profile too large or unreadable keeps its own name: the decoding after the copy
 * fails the import and says why.
 */
function profileName(input: Input): string {
  const kind = input.sampleTypes ? profileKind(input.sampleTypes, basename(input.path)) : null;
  return kind ? `${kind}.pprof` : ownProfileName(input.path);
}

export interface ImportRequest {
  files: string[];
  label: string;
  tags: string[];
}

export interface ImportDeps {
  store: Store;
  events: EventBus;
  toolchain: Toolchain;
  ownership: RunOwnership;
  /** Decodes each imported profile once, so that a file it cannot read fails the import, not a later view. */
  flame: FlameService;
  imports: ActiveImports;
}

/**
 * The imports under way in this process: runs.cancel ends one as cancelled (its copy and its
 * trace's analysis stop), and closing the core ends them all, so that none is left active.
 */
export class ActiveImports {
  private readonly imports = new Map<string, { control: RunControl; ended: Promise<void> }>();
  private closed = false;

  /** Refuses an import once the workbench is closing: its run would outlive the history it is in. */
  refuseWhenClosing(): void {
    if (this.closed) throw new UserError('The workbench is shutting down');
  }

  has(id: string): boolean {
    return this.imports.has(id);
  }

  /** Cancels the import making run `id`; resolves once that run has ended. */
  async cancel(id: string): Promise<void> {
    const entry = this.imports.get(id);
    if (!entry) return;
    entry.control.cancel();
    await entry.ended;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.imports.keys()].map((id) => this.cancel(id)));
  }

  /** Runs `work`, the import making run `id`, under `control` until it ends. */
  async track(id: string, control: RunControl, work: () => Promise<void>): Promise<void> {
    // Known before the work starts: its first state change is already news a cancel may answer.
    let settle!: () => void;
    this.imports.set(id, { control, ended: new Promise<void>((resolve) => (settle = resolve)) });
    try {
      await work();
    } finally {
      this.imports.delete(id);
      settle();
    }
  }
}

export async function importFiles(req: ImportRequest, deps: ImportDeps): Promise<string> {
  const inputs = await openInputs(req.files.map((f) => resolve(f)));
  try {
    return await importOpened(inputs, req, deps);
  } finally {
    await Promise.all(inputs.map((input) => input.handle.close()));
  }
}

async function importOpened(inputs: Input[], req: ImportRequest, deps: ImportDeps): Promise<string> {
  const files = inputs.map((input) => input.path);
  if (inputs.filter((input) => input.kind === 'trace').length > 1) throw new UserError('a run holds one execution trace; import the others separately', 'files');
  const names = inputs.map((input) => (input.kind === 'trace' ? 'trace.out' : profileName(input)));
  const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (dup >= 0) {
    const first = names.indexOf(names[dup]!);
    throw new UserError(`${basename(files[first]!)} and ${basename(files[dup]!)} would both be stored as ${names[dup]} (a run holds one profile of each kind: import the other as a run of its own)`, 'files');
  }

  const { store, events } = deps;
  await checkSpace(inputs, store.paths.runs);
  // Nothing ran: no duration; everything else is the plan defaults.
  const config = RunConfig.parse({
    target: { kind: 'program', path: files[0] },
    concurrency: 1,
    duration: '0s',
    label: req.label || namesLabel(files),
    tags: [...new Set([...req.tags, IMPORTED_TAG])],
  });
  // Nothing ran, so no concurrency drove anything. Checked here, just before the run is made: the
  // workbench may have begun closing while the files were opened.
  deps.imports.refuseWhenClosing();
  const id = store.createRun({ config, concurrencyUsed: false });
  deps.ownership.claim(id);
  const control = new RunControl();
  try {
    await deps.imports.track(id, control, () => copyAndAnalyse(id, inputs, names, control, deps));
  } finally {
    // Even when its ending could not be written (a full disk): a run claimed by a live process could
    // not be ended by anyone else, and the next start, or the app, marks it interrupted.
    deps.ownership.release(id);
  }
  events.emit('runs.changed', {});
  return id;
}

/** The label of an import not given one: its files' names, cut to the label's 200 characters (they are the user's, not a choice to refuse). */
function namesLabel(files: readonly string[]): string {
  const names = files.map((f) => basename(f)).join(' ');
  if (names.length <= MAX_LABEL) return names;
  // Cut between characters, not inside one (an emoji is two UTF-16 units); the label is at most MAX_LABEL units.
  let cut = '';
  for (const ch of names) {
    if (cut.length + ch.length > MAX_LABEL - 1) break;
    cut += ch;
  }
  return `${cut}…`;
}

/** Refuses an import whose copies the disk of the run folders cannot take, before any run is made. */
async function checkSpace(inputs: Input[], runsDir: string): Promise<void> {
  const sizes = await Promise.all(inputs.map(async (input) => (await input.handle.stat()).size));
  const needed = sizes.reduce((a, b) => a + b, 0);
  const allowed = await spaceAllowance(runsDir);
  if (needed <= allowed) return;
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;
  throw new UserError(`the import needs ${mib(needed)} for its copies, and the disk holding ${runsDir} can take ${mib(allowed)} (its free space less ${mib(RESERVE_BYTES)} kept free): free some space or import fewer files`, 'files', 'disk-full');
}

/** The import's work, from running to its one terminal state: cancelled, failed or succeeded. */
async function copyAndAnalyse(id: string, inputs: Input[], names: string[], control: RunControl, deps: ImportDeps): Promise<void> {
  const { store, events } = deps;
  const setState = (state: 'running' | 'analysing' | 'succeeded' | 'failed' | 'cancelled', error: string | null = null): void => {
    store.transition(id, state, { error });
    events.emit('run.state', { runId: id, state, exitCode: null, error });
  };
  const stopCopying = new AbortController();
  const off = control.onCancel(() => stopCopying.abort());
  /** The copies cut short (cancelled, a write that failed): no files of the import's, they would only hold the disk. */
  let cutShort: string[] = [];
  try {
    setState('running');
    const copies = inputs.map((input, i) => pipeline(input.handle.createReadStream({ start: 0, autoClose: false }), createWriteStream(join(store.runDir(id), names[i]!)), { signal: stopCopying.signal }));
    // Every copy ends before the import goes on or fails: the inputs are closed after it.
    const settled = await Promise.allSettled(copies);
    cutShort = names.filter((_, i) => settled[i]!.status === 'rejected');
    const refused = settled.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (refused) throw refused.reason;
    setState('analysing');
    const artifacts = await store.registerFolder(id);
    // Each file is read for what it holds, whatever another one holds: a profile that cannot be read
    // fails the import, after the trace beside it is analysed and kept.
    const unreadable: string[] = [];
    const trees: FlameTree[] = [];
    for (const profile of artifacts.filter((a) => names.includes(a.name) && a.name !== 'trace.out')) {
      await deps.flame.tree(store.artifactPath(profile), profile.sha256, profile.kind).then(
        (tree) => trees.push(tree),
        (err: Error) => unreadable.push(`${profile.name} (${inputs[names.indexOf(profile.name)]!.path}): ${err.message}`),
      );
    }
    const trace = await saveTraceAnalysis(id, control, deps, 'The import holds no execution trace (import a trace.out with the profiles for the scheduler latency).');
    const meta = store.getStoredRun(id).analysis?.value?.meta;
    if (meta) store.addAnalysisNote(id, profilesApartFromTrace({ startedAt: meta.started_at ?? null, durationS: meta.duration_s }, trees).join(' '));
    await store.registerFolder(id);
    // A run's unreadable trace is a note on a run that did its work; an import's is the whole point.
    // (A partial trace is analysed up to its last complete generation: a success, noted as partial.)
    if (names.includes('trace.out') && trace.analysis === null) unreadable.unshift(trace.note ?? 'the trace was not analysed');
    if (control.cancelled) throw new Error('cancelled');
    if (unreadable.length > 0) throw new Error(unreadable.join('; '));
    setState('succeeded');
  } catch (err) {
    // The originals are untouched; a complete copy stays with the run.
    await Promise.all(cutShort.map((name) => rm(join(store.runDir(id), name), { force: true }).catch(() => undefined)));
    await store.registerFolder(id).catch(() => undefined);
    if (control.cancelled) setState('cancelled');
    else setState('failed', `import failed: ${(err as Error).message}`);
  } finally {
    off();
  }
}
