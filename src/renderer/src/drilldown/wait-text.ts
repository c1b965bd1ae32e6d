// A wait of the drill-down in words: who a goroutine is, and what held the Ps while it waited
// (docs/ARCHITECTURE.md §5, "Spike drill-down").
import type { WindowWait } from '../../../shared/trace-window';
import { formatDuration, formatPercent } from '../format';

/** A goroutine as the facts name it: "goroutine 12 (main.worker)", the runtime, or nobody. */
export const goroutine = (g: number | null, func: string | null) => (g === null ? 'nobody' : g < 0 ? 'the runtime (no goroutine)' : `goroutine ${g}${func ? ` (${func})` : ''}`);

/** The Ps' share of a wait spent running goroutines: "Ps busy 97.0%", when GOMAXPROCS is known. */
export const busyShare = (w: WindowWait): number | null => (w.psBusy_s !== null && w.psAvailable_s ? w.psBusy_s / w.psAvailable_s : null);

/**
 * What held the Ps while it waited, and what ran on its P just before it: whether it waited behind
 * busy Ps (a hog, an overload) or with Ps free (a wake-up that came late). Null when the range did not
 * keep enough slices to tell (a group's wait past the slices' cut).
 */
export function heldText(w: WindowWait): string | null {
  if (w.p === null || w.psBusy_s === null) return null;
  const share = busyShare(w);
  const of = share === null ? '' : ` of the ${formatDuration(w.psAvailable_s!)} its GOMAXPROCS gave (${formatPercent(share)})`;
  // Ps that ran no goroutine for most of the wait: the scheduler's own path, a stop-the-world, an
  // idle P not woken or the OS descheduling the thread kept it waiting, not a goroutine holding a P.
  const free = share !== null && share < 0.5 ? ' For most of it no goroutine held a P: what delayed it was not a goroutine.' : '';
  const busy = `While it waited the Ps ran goroutines for ${formatDuration(w.psBusy_s)}${of}.${free}`;
  if (w.ranAfter === null) return `${busy} It got P${w.p}, which had run nothing earlier in the range.`;
  const gap = w.end_s - w.ranAfter.end_s;
  const when = gap > 5e-10 ? `${formatDuration(gap)} after` : 'as';
  return `${busy} It got P${w.p} ${when} ${goroutine(w.ranAfter.g, w.ranAfter.startFunc)} stopped there (${w.ranAfter.stop}).`;
}

