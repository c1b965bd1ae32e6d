// The start functions of the goroutines a window answer could not name: gmptrace window reads only
// the generations around its range, and a goroutine parked since before them (2,000 released at
// once, created seconds earlier) shows no stack of its own there. The run's analysis lists every
// goroutine it named (gmptrace analyze -goroutine-funcs, kept in the window cache), and the names
// are filled in from it before the facts are derived: a group picked then finds its goroutines.
import { stat, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { TraceWindow } from '../../../shared/trace-window';

const GoroutineFuncs = z.object({ schema: z.literal(1), funcs: z.array(z.string()), goroutines: z.array(z.tuple([z.number(), z.number()])), dropped: z.number() });
type GoroutineFuncs = z.infer<typeof GoroutineFuncs>;

/** A goroutine's start function by id, from the list (ascending ids): undefined when it is not there. */
export type StartFuncOf = (g: number) => string | undefined;

function lookup(list: GoroutineFuncs): StartFuncOf {
  return (g) => {
    let lo = 0;
    let hi = list.goroutines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list.goroutines[mid]![0] < g) lo = mid + 1;
      else hi = mid;
    }
    const found = list.goroutines[lo];
    return found && found[0] === g ? list.funcs[found[1]] : undefined;
  };
}

/** The last list read, by path and modification time: a drill-down asks for range after range of one run. */
let lastRead: { path: string; mtimeMs: number; of: StartFuncOf } | null = null;

/** The run's list, or null when it has none (analysed before the list was kept) or it cannot be read. */
export async function readGoroutineFuncs(path: string): Promise<StartFuncOf | null> {
  const mtimeMs = (await stat(path).catch(() => null))?.mtimeMs;
  if (mtimeMs === undefined) return null;
  if (lastRead?.path === path && lastRead.mtimeMs === mtimeMs) return lastRead.of;
  let parsed;
  try {
    parsed = GoroutineFuncs.safeParse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  lastRead = { path, mtimeMs, of: lookup(parsed.data) };
  return lastRead.of;
}

/** The window with the start functions it lacks filled in from `startFuncOf`; those it has are its own. */
export function nameGoroutines(w: TraceWindow, startFuncOf: StartFuncOf): TraceWindow {
  const named = <T extends { start_func: string }>(item: T, g: number): T => (item.start_func ? item : { ...item, start_func: startFuncOf(g) ?? '' });
  return {
    ...w,
    goroutines: w.goroutines.map((g) => named(g, g.g)),
    procs: w.procs.map((p) => ({ ...p, slices: p.slices.map((s) => named(s, s.g)) })),
    syscalls: w.syscalls.map((s) => named(s, s.g)),
    longest_waits: w.longest_waits.map((x) => ({ ...named(x, x.g), after: x.after && named(x.after, x.after.g) })),
  };
}
