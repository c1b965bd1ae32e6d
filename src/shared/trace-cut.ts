// A cut of a run's execution trace (gmptrace cut, PROTOCOL.md §3.4): the whole generations that hold
// a range, as a trace of their own for go tool trace or gotraceui.
import { z } from 'zod';

export const RunTraceCut = z.object({
  runId: z.string(),
  /** The trace cut: trace.out, or the flight recorder's flight.trace. */
  trace: z.string(),
  /** Where the cut lies: in the run's window cache, or the trace itself when the cut is all of it (`whole`). */
  path: z.string(),
  /** Its name for the artifact download (browser mode): the cache file's, or the trace's. */
  name: z.string(),
  /** The command that opens it, its path quoted for this machine's shell. */
  openWith: z.string(),
  /** The generations it holds, of `of` whole ones in the trace. */
  generations: z.array(z.number()),
  of: z.number(),
  /** Its first and last events, seconds from the trace's first event: a tool that counts from the cut's own first event shows a moment `from_s` earlier. */
  from_s: z.number(),
  to_s: z.number(),
  bytes: z.number(),
  traceBytes: z.number(),
  /** The range's generations could not be read alone: the cut begins at the trace's first generation. */
  fromStart: z.boolean(),
  /** Every whole generation: the cut is the trace itself. */
  whole: z.boolean(),
});
export type RunTraceCut = z.infer<typeof RunTraceCut>;

/** Cuts a run's folder keeps (its window cache): each can be most of a trace's size. */
export const CUT_CACHE_FILES = 2;

/** gmptrace cut's JSON line. */
export const GmptraceCut = z.object({
  generations: z.array(z.number()),
  of: z.number(),
  from_s: z.number(),
  to_s: z.number(),
  bytes: z.number(),
  trace_bytes: z.number(),
  from_start: z.boolean(),
  whole: z.boolean(),
});
export type GmptraceCut = z.infer<typeof GmptraceCut>;

/** The name a cut is saved under: the run and the range asked for, to the µs. */
export function cutFileName(runId: string, range: { from_s: number; to_s: number }): string {
  return `${runId}-${range.from_s.toFixed(6)}-${range.to_s.toFixed(6)}.trace`;
}

/** Which generations a cut holds, and what of the trace: "generations 12–15 of 27, 2.4 MB of 18.2 MB", or that it is all of it. */
export function cutHoldsText(cut: RunTraceCut, bytes: (n: number) => string): string {
  if (cut.whole) return `all of ${cut.trace} (${bytes(cut.bytes)}): the range needs every generation of it (${cut.of})`;
  const which = cut.generations.length === 1 ? `generation ${cut.generations[0]}` : `generations ${cut.generations[0]}–${cut.generations.at(-1)}`;
  return `${which} of ${cut.of}, ${bytes(cut.bytes)} of ${bytes(cut.traceBytes)}`;
}

/** Said of a cut that had to begin at the trace's first generation (`fromStart`). */
export const CUT_FROM_START_TEXT = "the range's own generations could not be read without the ones before them: the cut begins at the trace's first";

/** The time the cut spans, on the workbench's clock. */
export function cutSpanText(cut: RunTraceCut): string {
  return `${cut.from_s.toFixed(6)} s to ${cut.to_s.toFixed(6)} s of ${cut.trace}`;
}

/** Where the range falls on the clock of a tool that counts from the cut's first event. */
export function cutClockText(cut: RunTraceCut, range: { from_s: number; to_s: number }): string {
  if (cut.from_s === 0) return 'it begins with the trace, so its times are the ones here';
  return `its times count from the cut's first event, ${cut.from_s.toFixed(6)} s after the trace's: the range is at ${(range.from_s - cut.from_s).toFixed(6)}–${(range.to_s - cut.from_s).toFixed(6)} s there`;
}
