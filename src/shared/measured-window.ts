// The measured window as it ran against the one asked for. The harness ends the window when its
// timer's goroutine runs, which on a starved scheduler (GOMAXPROCS=1 under a ping-pong, a CPU limit)
// can be well after the deadline; ops and the rate count the whole window it took. A window well
// past the duration asked for must say so, or "500ms" beside "574 ms" reads as a mistake.
import { parseGoDuration } from './go-duration';

/** Overruns up to this share of the duration are a tick's worth of slack, not worth a word. */
const NOTED_OVERRUN = 0.05;

/** A run's overrun: none for a benchmark, whose duration is its benchtime, not a window. */
export function runWindowOverrun(config: { target: { kind: string }; duration: string }, wall_s: number | null | undefined): number | null {
  return config.target.kind === 'bench' ? null : windowOverrun(config.duration, wall_s);
}

/** Seconds the measured window ran past the duration asked for, when more than 5% of it; else null. */
export function windowOverrun(duration: string, wall_s: number | null | undefined): number | null {
  const asked = parseGoDuration(duration);
  if (asked === null || asked <= 0 || wall_s === null || wall_s === undefined) return null;
  const over = wall_s - asked;
  return over > asked * NOTED_OVERRUN ? over : null;
}
