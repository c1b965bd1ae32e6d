// Stop-the-world pauses of the program, as against those of the tools watching it: the execution
// tracer stops the world to start and stop, and the harness to take its goroutine profile. They are
// real pauses of the process (the timeline draws them), but not the program's to compare.

/** The reason of a pause the tracer or the harness's goroutine profile makes. */
const TOOL_PAUSE = /\((start trace|stop trace|goroutine profile( cleanup)?)\)$/;

export const isToolPause = (p: { reason: string }): boolean => TOOL_PAUSE.test(p.reason);

/** The pauses the program itself caused (GC phases, its own GOMAXPROCS changes …). */
export const programPauses = <T extends { reason: string }>(stw: readonly T[]): T[] => stw.filter((p) => !isToolPause(p));

/**
 * At most this many pauses are drawn on a timeline: a GC-heavy run pauses hundreds of times (541 in
 * 2 s), and a line for each covered the chart edge to edge, hiding the series under a barcode.
 */
export const STW_LINES = 40;

/** The pauses a timeline draws: all of them, or the `max` longest (in time order), with how many there were. */
export function pausesToDraw<T extends { t: number; duration_s: number }>(stw: readonly T[], max = STW_LINES): { drawn: T[]; of: number } {
  if (stw.length <= max) return { drawn: [...stw], of: stw.length };
  const longest = [...stw].sort((a, b) => b.duration_s - a.duration_s || a.t - b.t).slice(0, max);
  return { drawn: longest.sort((a, b) => a.t - b.t), of: stw.length };
}
