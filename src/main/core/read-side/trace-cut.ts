// runs.cutTrace: the whole generations of a run's execution trace that hold a range, as a trace of
// their own for go tool trace or gotraceui (`gmptrace cut`, PROTOCOL.md §3.4). The cut is made in the
// run's window cache (.windows/, not an artifact; the newest CUT_CACHE_FILES kept) and its path
// given: `gmpw cut-trace` copies it where -o says. A cut that is every generation is the trace
// itself, and no copy of it is kept.
import { existsSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CUT_CACHE_FILES, GmptraceCut, type RunTraceCut } from '../../../shared/trace-cut';
import { UserError } from '../errors';
import { localShellQuote } from '../shell-quote';
import { WINDOW_CACHE_DIR, runGmptrace } from '../gmptrace/trace-analysis';
import { checkRange, gmptraceBinary, goDuration, pruneCache, type TraceWindowDeps } from './trace-window';

/** A cut reads its generations once, to check them: as long as a window query at most. */
const CUT_TIMEOUT_MS = 5 * 60_000;

/** Its JSON line (a cut's facts file holds the same), or null when it is not one. */
function cutFacts(text: string): GmptraceCut | null {
  try {
    const parsed = GmptraceCut.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The facts of a cut made before, when they are of this trace and the cut is still there (touched:
 * kept longest). Facts another query is writing read as none: that query's rename makes them whole.
 */
async function madeBefore(facts: string, cut: string, tracePath: string): Promise<GmptraceCut | null> {
  const factsStat = await stat(facts).catch(() => null);
  if (!factsStat || factsStat.mtimeMs < (await stat(tracePath)).mtimeMs) return null;
  const made = cutFacts(await readFile(facts, 'utf8').catch(() => ''));
  if (!made || (!made.whole && !existsSync(cut))) return null;
  const now = new Date();
  await Promise.all([utimes(facts, now, now), made.whole ? null : utimes(cut, now, now)]).catch(() => undefined);
  return made;
}

async function makeCut(deps: TraceWindowDeps, id: string, tracePath: string, from: string, to: string, cut: string, facts: string): Promise<GmptraceCut> {
  const gmptrace = await gmptraceBinary(deps);
  const cacheDir = dirname(cut);
  await mkdir(cacheDir, { recursive: true });
  // gmptrace writes the cut under a name of its own and renames it into place, and leaves nothing on
  // a failure: a query of the same range at the same time keeps its own whole cut.
  const { code, reason, stdout } = await runGmptrace(gmptrace, ['cut', tracePath, '-from', from, '-to', to, '-o', cut], AbortSignal.timeout(CUT_TIMEOUT_MS));
  const made = code === 0 ? cutFacts(stdout) : null;
  if (!made) throw new UserError(`The cut of run ${id}'s trace failed: ${reason || (code === 0 ? `gmptrace's answer is not understood: ${stdout.trim()}` : `gmptrace exited ${code}`)}`, null, 'unavailable');
  // Every generation: the trace itself is the cut, and a copy would double its room on disk.
  if (made.whole) await rm(cut, { force: true });
  const writing = `${facts}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(writing, JSON.stringify(made));
  await rename(writing, facts);
  await Promise.all([pruneCache(cacheDir, CUT_CACHE_FILES, '.trace'), pruneCache(cacheDir, CUT_CACHE_FILES, '.trace.facts')]);
  return made;
}

/** A cut's name in the cache, as cutRunTrace makes it: the trace's, and the range in whole ns. */
const CUT_NAME = /^(trace\.out|flight\.trace)-cut-\d+ns-\d+ns\.trace$/;

/** A cut of the run's trace in its cache, for the artifact download: null for any other name, or none there. */
export function cutFile(runDir: string, name: string): { path: string; size: number } | null {
  if (!CUT_NAME.test(name)) return null;
  const path = join(runDir, WINDOW_CACHE_DIR, name);
  const st = statSync(path, { throwIfNoEntry: false });
  return st?.isFile() ? { path, size: st.size } : null;
}

export async function cutRunTrace(deps: TraceWindowDeps, id: string, from_s: number, to_s: number): Promise<RunTraceCut> {
  const { dir, trace } = checkRange(deps.store, id, from_s);
  const [from, to] = [goDuration(from_s), goDuration(to_s)];
  const name = `${trace}-cut-${from}-${to}.trace`;
  const cut = join(dir, WINDOW_CACHE_DIR, name);
  // Its facts beside it: a cut asked for again is not made again.
  const facts = `${cut}.facts`;
  const tracePath = join(dir, trace);
  const made = (await madeBefore(facts, cut, tracePath)) ?? (await makeCut(deps, id, tracePath, from, to, cut, facts));
  const path = made.whole ? tracePath : cut;
  return {
    runId: id,
    trace,
    path,
    name: made.whole ? trace : name,
    openWith: `go tool trace ${localShellQuote(path)}`,
    generations: made.generations,
    of: made.of,
    from_s: made.from_s,
    to_s: made.to_s,
    bytes: made.bytes,
    traceBytes: made.trace_bytes,
    fromStart: made.from_start,
    whole: made.whole,
  };
}
