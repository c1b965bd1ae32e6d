// Stop-the-world pauses of the program, as against those of the tools watching it: the execution
// tracer stops the world to start and stop, and the harness to take its goroutine profile. They are
// real pauses of the process (the timeline draws them), but not the program's to compare.

/** The reason of a pause the tracer or the harness's goroutine profile makes. */
const TOOL_PAUSE = /\((start trace|stop trace|goroutine profile( cleanup)?)\)$/;

export const isToolPause = (p: { reason: string }): boolean => TOOL_PAUSE.test(p.reason);

/** The pauses the program itself caused (GC phases, its own GOMAXPROCS changes …). */
export const programPauses = <T extends { reason: string }>(stw: readonly T[]): T[] => stw.filter((p) => !isToolPause(p));
