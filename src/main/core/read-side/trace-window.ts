// runs.window: what happened in [from_s, to_s] of a run's execution trace, from `gmptrace window`
// (PROTOCOL.md §3.2), with the drill-down's text facts. Answers are cached in the run's folder
// (.windows/, not an artifact), the newest WINDOW_CACHE_FILES kept, next to gmptrace's checkpoints of
// the trace (made with the analysis, and on the way to each window), from which a window deep in a huge
// generation is read instead of from the generation's start.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal } from '../../../shared/domain';
import { TraceWindow, WINDOW_MAX_ITEMS, type RunWindow } from '../../../shared/trace-window';
import { UserError } from '../errors';
import { WINDOW_CACHE_DIR, checkpointsFile, goroutineFuncsFile, runGmptrace, runTrace } from '../gmptrace/trace-analysis';
import { nameGoroutines, readGoroutineFuncs } from './goroutine-funcs';
import type { Store } from '../store';
import type { Toolchain } from '../toolchain';
import { buildFailureReason } from '../toolchain/build-cache';
import { keptTrace } from '../../../shared/artifacts-gone';
import { keptArtifactPath } from './artifact-state';
import { windowFacts, type GomaxprocsSteps } from './window-facts';
import { IMPORTED_TAG } from '../../../shared/imported-tag';

/** Cached answers kept per run: a drill-down visits a few spikes and ranges, each answer ≤ ~10 MB. */
export const WINDOW_CACHE_FILES = 12;
/** A query that takes longer than this has gone wrong (window queries parse only the generations they need). */
const QUERY_TIMEOUT_MS = 5 * 60_000;

export interface TraceWindowDeps {
  store: Store;
  toolchain: Toolchain;
}

/** Seconds as a Go duration gmptrace parses exactly (whole nanoseconds). */
export function goDuration(seconds: number): string {
  return `${Math.round(seconds * 1e9)}ns`;
}

/**
 * What the core needs of a cached window.json: raised when gmptrace's answer gains a field the core
 * reads (2: longest_waits, open_waits; 3: kept_until_s; 4: the note of a trace that ends inside the
 * window; 5: creation edges, and the creator of a wait from a creation; 6: what held the Ps during
 * each longest wait; 7: the sweeps as a list of their own; 8: trace_end_s, and no frame without a PC
 * in a stack; 9: the syscalls' start functions; 10: the P each syscall held, and until when), so
 * that an answer cached before is asked for again.
 */
const WINDOW_FORMAT = 10;

/** The cache file of a range of a trace: its name, with the range in whole nanoseconds (and the cap when not the default). */
function cacheName(trace: string, from_s: number, to_s: number, maxItems: number): string {
  const cap = maxItems === WINDOW_MAX_ITEMS ? '' : `-max${maxItems}`;
  return `${trace}-v${WINDOW_FORMAT}-${Math.round(from_s * 1e9)}-${Math.round(to_s * 1e9)}${cap}.json`;
}

/**
 * gmptrace writes a checkpoint file to `<file>.<random>` and renames it into place: a copy older than
 * this was left by a gmptrace that was killed (the write takes well under a second).
 */
const STALE_CHECKPOINT_COPY_MS = 10 * 60_000;
const CHECKPOINT_COPY = /\.checkpoints\.\d+$/;

/**
 * Keeps the newest `keep` files of the cache that end in `suffix` (by modification time; a hit
 * touches its file): the window answers (.json), or the cuts (.trace); and removes checkpoint copies
 * a killed gmptrace left.
 */
export async function pruneCache(dir: string, keep: number, suffix = '.json'): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(suffix) || CHECKPOINT_COPY.test(n));
  // Another query may rename a file away meanwhile (its copy into place): gone is not an error.
  const files = (await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => null))?.mtimeMs })))).filter(
    (f): f is { name: string; mtime: number } => f.mtime !== undefined,
  );
  const cached = files.filter((f) => f.name.endsWith(suffix)).sort((a, b) => b.mtime - a.mtime);
  const leftCopies = files.filter((f) => CHECKPOINT_COPY.test(f.name) && Date.now() - f.mtime > STALE_CHECKPOINT_COPY_MS);
  await Promise.all([...cached.slice(keep), ...leftCopies].map((f) => rm(join(dir, f.name), { force: true })));
}

/** Why the range cannot be answered from this run's trace, before gmptrace is asked (a query, a cut). */
export function checkRange(store: Store, id: string, from_s: number): { dir: string; trace: string; gomaxprocs: GomaxprocsSteps } {
  const stored = store.getStoredRun(id);
  if (!isTerminal(stored.summary.state)) throw new UserError(`Run ${id} is still ${stored.summary.state}; its trace can be queried once it has finished`, 'id', 'active');
  const dir = store.runDir(id);
  // The trace the run kept (runTrace's choice): one deleted or replaced since is said so, neither
  // taken for a trace never captured nor read as the run's.
  const kept = keptTrace(stored.artifacts);
  if (kept) keptArtifactPath(store, id, kept);
  const trace = runTrace(dir);
  if (trace === null) {
    const how = stored.summary.tags.includes(IMPORTED_TAG) ? 'import its trace with it' : 'capture "trace"';
    throw new UserError(`Run ${id} has no execution trace: ${how} to drill into a moment of a run`, 'id', 'not-found');
  }
  const analysis = stored.analysis?.value;
  if (analysis && from_s >= analysis.meta.duration_s) {
    const cut = analysis.meta.partial ? ' (the trace was cut short)' : '';
    throw new UserError(`The trace of run ${id} ends at ${analysis.meta.duration_s.toFixed(3)} s${cut}, before the range starts at ${from_s.toFixed(3)} s`, 'from_s');
  }
  return { dir, trace, gomaxprocs: analysis?.meta.gomaxprocs ?? [] };
}

/** The gmptrace binary, built on first use; a build failure is said as unavailable. */
export async function gmptraceBinary(deps: TraceWindowDeps): Promise<string> {
  try {
    return await (await deps.toolchain.tools()).gmptrace();
  } catch (err) {
    throw new UserError(`gmptrace could not be built (${buildFailureReason(err)})`, null, 'unavailable');
  }
}

export async function queryRunWindow(deps: TraceWindowDeps, id: string, from_s: number, to_s: number, group: string | null = null, maxItems = WINDOW_MAX_ITEMS): Promise<RunWindow> {
  const { dir, trace, gomaxprocs } = checkRange(deps.store, id, from_s);
  const cacheDir = join(dir, WINDOW_CACHE_DIR);
  const cached = join(cacheDir, cacheName(trace, from_s, to_s, maxItems));
  const tracePath = join(dir, trace);
  if (!existsSync(cached) || (await stat(cached)).mtimeMs < (await stat(tracePath)).mtimeMs) {
    const gmptrace = await gmptraceBinary(deps);
    await mkdir(cacheDir, { recursive: true });
    const args = ['window', tracePath, '-from', goDuration(from_s), '-to', goDuration(to_s), '-max', String(maxItems), '-checkpoints', checkpointsFile(dir, trace), '-o', cached];
    const { code, reason } = await runGmptrace(gmptrace, args, AbortSignal.timeout(QUERY_TIMEOUT_MS));
    if (code !== 0) {
      await rm(cached, { force: true });
      throw new UserError(`The window query of run ${id} failed: ${reason || `gmptrace exited ${code}`}`, null, 'unavailable');
    }
    await pruneCache(cacheDir, WINDOW_CACHE_FILES);
  } else {
    const now = new Date();
    await utimes(cached, now, now);
  }
  const parsed = TraceWindow.safeParse(JSON.parse(await readFile(cached, 'utf8')));
  if (!parsed.success) {
    await rm(cached, { force: true });
    throw new UserError(`gmptrace's window.json for run ${id} is not understood: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, null, 'internal');
  }
  const startFuncOf = await readGoroutineFuncs(goroutineFuncsFile(dir, trace));
  const window = startFuncOf ? nameGoroutines(parsed.data, startFuncOf) : parsed.data;
  return { runId: id, trace, window, facts: windowFacts(window, group, gomaxprocs), factsGroup: group };
}
