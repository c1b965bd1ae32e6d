// Runs gmptrace on a run's trace (trace.out or flight.trace) in a child process (the trace may be gigabytes; the main
// process must stay responsive) and reports how it went, for the run's analysis note. Below both the
// runner (which analyses a run's trace when it ends) and the read side (which asks gmptrace for a
// window of it, read-side/trace-window.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileAt } from '../regular-file';

export interface TraceAnalysisOutcome {
  /** analysis.json, as written (profile names adjusted), or null when none was written. */
  analysis: unknown | null;
  /** Why the analysis is partial or missing; null when complete. */
  note: string | null;
}

/**
 * Runs gmptrace with `args`; `reason` is the last line it wrote to stderr (its one-line error), or
 * the signal that ended it; `stdout` what it printed (gmptrace cut's JSON line). gmptrace is told to end with this process (GMPTRACE_EXIT_WITH_PARENT):
 * a workbench killed mid-analysis leaves no gmptrace reading on for minutes.
 */
export function runGmptrace(gmptrace: string, args: string[], signal: AbortSignal): Promise<{ code: number; reason: string; stdout: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, GMPTRACE_EXIT_WITH_PARENT: String(process.pid) };
    execFile(gmptrace, args, { signal, maxBuffer: 4 << 20, env }, (err, stdout, stderr) => {
      const last = stderr.trim().split('\n').pop() ?? '';
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      // Ended by a signal (the OOM killer's SIGKILL): its last line, if any, is the memory warning.
      const killed = err?.signal && !signal.aborted ? `gmptrace was ended by ${err.signal}${last ? ` (${last})` : ''}` : '';
      resolve({ code, reason: killed || last || (err?.message ?? ''), stdout });
    });
  });
}

/**
 * Trace-derived profiles are written beside the captured ones; a name taken by a captured profile
 * (block.pprof from -capture block) gets a "trace-" prefix, and analysis.json is told so.
 */
async function placeDerivedProfiles(runDir: string, derivedDir: string, analysis: { profiles?: { name: string }[] }): Promise<void> {
  const renamed = new Map<string, string>();
  for (const name of await readdir(derivedDir)) {
    const target = existsSync(join(runDir, name)) ? `trace-${name}` : name;
    await rename(join(derivedDir, name), join(runDir, target));
    renamed.set(name, target);
  }
  for (const p of analysis.profiles ?? []) p.name = renamed.get(p.name) ?? p.name;
}

/** The run folder's cache of window answers (not an artifact), and of gmptrace's checkpoints of the trace. */
export const WINDOW_CACHE_DIR = '.windows';

/**
 * The analysis's list of each goroutine's start function (gmptrace analyze -goroutine-funcs) in the
 * window cache (not a .json: pruning the answers leaves it): a window query names from it the
 * goroutines that show no stack of their own in the range.
 */
export function goroutineFuncsFile(runDir: string, traceName: string): string {
  return join(runDir, WINDOW_CACHE_DIR, `${traceName}.goroutine-funcs`);
}

/** gmptrace's checkpoint file of a trace in the window cache (not a .json: pruning the answers leaves it; see pruneCache). */
export function checkpointsFile(runDir: string, traceName: string): string {
  return join(runDir, WINDOW_CACHE_DIR, `${traceName}.checkpoints`);
}

/**
 * Fills the trace's checkpoint file (`gmptrace checkpoints`), so that the first window deep in a huge
 * generation is read from a checkpoint, not from the generation's start. gmptrace does nothing for a
 * trace without a generation that needs them; this is a cache, so its failure changes nothing else.
 */
async function prepareWindows(gmptrace: string, runDir: string, traceName: string, goroutineFuncs: string, signal: AbortSignal): Promise<void> {
  try {
    await mkdir(join(runDir, WINDOW_CACHE_DIR), { recursive: true });
    await rename(goroutineFuncs, goroutineFuncsFile(runDir, traceName));
    await runGmptrace(gmptrace, ['checkpoints', join(runDir, traceName), '-o', checkpointsFile(runDir, traceName)], signal);
  } catch {
    // .windows taken by a file the target left: window queries then say why they fail themselves.
  }
}

/**
 * Analyses `traceName` (trace.out, or the flight recorder's flight.trace) in the run folder, and
 * prepares its window queries.
 */
export async function analyseTrace(gmptrace: string, runDir: string, traceName: string, signal: AbortSignal): Promise<TraceAnalysisOutcome> {
  const derivedDir = join(runDir, '.trace-profiles');
  const analysisFile = join(runDir, 'analysis.json');
  // Beside the profiles' folder, whose every file becomes the run's: moved into the window cache.
  const goroutineFuncs = join(runDir, '.trace-goroutine-funcs');
  // Both are the workbench's to write: whatever the target left under these names (a FIFO gmptrace
  // would wait on, a link to /dev/zero this process would read without end) goes first.
  await rm(analysisFile, { force: true });
  await rm(derivedDir, { recursive: true, force: true });
  await rm(goroutineFuncs, { recursive: true, force: true });
  await mkdir(derivedDir, { recursive: true });
  try {
    const { code, reason } = await runGmptrace(gmptrace, ['analyze', join(runDir, traceName), '-o', analysisFile, '-pprof-dir', derivedDir, '-goroutine-funcs', goroutineFuncs], signal);
    if (signal.aborted) return { analysis: null, note: 'trace analysis was cancelled' };
    if (code !== 0 && code !== 3) return { analysis: null, note: `trace not analysed: ${reason}` };
    const analysis = JSON.parse(await readFile(analysisFile, 'utf8'));
    await placeDerivedProfiles(runDir, derivedDir, analysis);
    await writeFile(analysisFile, JSON.stringify(analysis));
    await prepareWindows(gmptrace, runDir, traceName, goroutineFuncs, signal);
    return { analysis, note: code === 3 ? `partial trace: ${reason || 'truncated'}; results up to the last complete generation` : null };
  } finally {
    await rm(derivedDir, { recursive: true, force: true });
    await rm(goroutineFuncs, { force: true });
  }
}

/** The trace a run has: the full execution trace, else the flight recorder's window of it (there, if not necessarily a regular file). */
export function runTrace(dir: string): 'trace.out' | 'flight.trace' | null {
  return (['trace.out', 'flight.trace'] as const).find((name) => fileAt(join(dir, name)) !== 'missing') ?? null;
}
