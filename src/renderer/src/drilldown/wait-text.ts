// A wait of the drill-down in words: who a goroutine is, and what held the Ps while it waited
// (docs/ARCHITECTURE.md §5, "Spike drill-down").
import { gotPAt, type TraceWindow, type WindowFacts, type WindowWait } from '../../../shared/trace-window';
import { distinctGroupLabels } from '../../../shared/goroutine-groups';
import { wordList } from '../../../shared/word-list';
import { formatDuration, formatPercent } from '../format';

/** A goroutine as the facts name it: "goroutine 12 (main.worker)", the runtime, or nobody. */
export const goroutine = (g: number | null, func: string | null) => (g === null ? 'nobody' : g < 0 ? 'the runtime (no goroutine)' : `goroutine ${g}${func ? ` (${func})` : ''}`);

/** The Ps' share of a wait spent running goroutines: "Ps busy 97.0%", when GOMAXPROCS is known. */
export const busyShare = (w: WindowWait): number | null => (w.psBusy_s !== null && w.psAvailable_s ? w.psBusy_s / w.psAvailable_s : null);

/** The Ps' share of a wait held by goroutines in syscalls, when GOMAXPROCS and the syscalls are known. */
export const syscallShare = (w: WindowWait): number | null => (w.psInSyscalls_s !== null && w.psAvailable_s ? w.psInSyscalls_s / w.psAvailable_s : null);

/**
 * " They ran main.hog for 4.00 ms, main.worker 900 µs and others 100 µs.": whom the Ps ran, by
 * goroutine group, named without their import paths' folders (distinct where two would read alike);
 * "" when not known.
 */
function heldByText(w: WindowWait): string {
  if (!w.heldBy || w.heldBy.length === 0) return '';
  const labels = distinctGroupLabels(w.heldBy.flatMap((g) => (g.startFunc === null ? [] : [g.startFunc])));
  const named = w.heldBy.map((g, i) => `${g.startFunc === null ? 'others' : labels.get(g.startFunc)}${i === 0 ? ' for' : ''} ${formatDuration(g.s)}`);
  return ` They ran ${wordList(named)}.`;
}

/**
 * What held the Ps while it waited, and what ran on its P just before it: whether it waited behind
 * busy Ps (a hog, an overload) or with Ps free (a wake-up that came late). Null when the range did not
 * keep enough slices to tell (a group's wait past the slices' cut); without the P it got (a wait that
 * ended without one, or its own slice past the cut), the Ps' share alone.
 */
export function heldText(w: WindowWait): string | null {
  if (w.psBusy_s === null) return null;
  const share = busyShare(w);
  const of = share === null ? '' : ` of the ${formatDuration(w.psAvailable_s!)} its GOMAXPROCS gave (${formatPercent(share)})`;
  // A P held by a goroutine in a syscall runs nothing else: not busy, and not free either.
  const inSyscallsShare = syscallShare(w);
  const inSyscalls = w.psInSyscalls_s ? ` Goroutines in syscalls held them for ${formatDuration(w.psInSyscalls_s)}${inSyscallsShare === null ? '' : ` (${formatPercent(inSyscallsShare)})`}.` : '';
  // An average over the Ps: free P-time says Ps were free (idle, in the scheduler, or stopped; or in
  // a syscall, when the range did not keep the syscalls) for that share of the wait, not that none was busy.
  const free = share === null ? null : 1 - share - (inSyscallsShare ?? 0);
  const idle = free !== null && free > 0.5 ? ` For ${formatPercent(free)} of that P-time no goroutine ran on them${w.psInSyscalls_s === null ? '' : ' or held them'}.` : '';
  const busy = `While it waited the Ps ran goroutines for ${formatDuration(w.psBusy_s)}${of}.${inSyscalls}${idle}${heldByText(w)}`;
  return w.p === null ? busy : `${busy} ${gotPText({ ...w, p: w.p })}`;
}

/**
 * "It got P0 100 µs after goroutine 16 (main.hog) stopped there (preempted).": the P a wait ended on,
 * and the slice that ran there last before it in the range (`ranAfter`, null: none did).
 */
export function gotPText(w: Pick<WindowWait, 'g' | 'end_s' | 'ranAfter'> & { p: number }): string {
  if (w.ranAfter === null) return `It got P${w.p}, which had run nothing earlier in the range.`;
  const gap = w.end_s - w.ranAfter.end_s;
  const when = gap > 5e-10 ? `${formatDuration(gap)} after` : 'as';
  // A goroutine preempted and given its P back, with nothing between: the slice before was its own.
  if (w.ranAfter.g === w.g) return `It got P${w.p} back ${when === 'as' ? 'at once' : formatDuration(gap)} after it stopped there itself (${w.ranAfter.stop}).`;
  return `It got P${w.p} ${when} ${goroutine(w.ranAfter.g, w.ranAfter.startFunc)} stopped there (${w.ranAfter.stop}).`;
}

/**
 * A range opened at the end of a wait (waitEndRange) in words: the wait, and where it ended: "Goroutine
 * 13 waited 600 ms for a P, runnable since 0.0004 s. It got P1 960 ns after goroutine 35
 * (main.worker) stopped there (exited)." The P it got is found as the core's facts find it (gotPAt).
 */
export function waitEndText(w: TraceWindow, wait: { g: number; begin_s: number; end_s: number }): string {
  const waited = `Goroutine ${wait.g} waited ${formatDuration(wait.end_s - wait.begin_s)} for a P, runnable since ${wait.begin_s.toFixed(4)} s.`;
  const got = gotPAt(w, wait.g, wait.end_s);
  if (got) return `${waited} ${gotPText({ g: wait.g, end_s: wait.end_s, ...got })}`;
  return `${waited} Its run from ${wait.end_s.toFixed(6)} s is not among the slices this range kept.`;
}


/**
 * "8 of the 20 wake-ups were of the runtime's own goroutines (3 of the 8: runtime.bgsweep and …), not
 * the program's.": a burst of the sweeper's yields is the runtime's work, which the program's
 * latency leaves out.
 */
export function burstRuntimeText(burst: NonNullable<WindowFacts['burst']>): string {
  const { count, goroutines, startFuncs } = burst.runtime;
  const some = goroutines === burst.goroutines ? '' : `${goroutines.toLocaleString('en-US')} of the ${burst.goroutines.toLocaleString('en-US')}: `;
  const whose = `the runtime's own ${goroutines === 1 ? 'goroutine' : 'goroutines'} (${some}${wordList(startFuncs)}), not the program's`;
  if (burst.count === 1) return `It was of ${whose}.`;
  if (count === burst.count) return `All ${count.toLocaleString('en-US')} were of ${whose}.`;
  return `${count.toLocaleString('en-US')} of the ${burst.count.toLocaleString('en-US')} ${count === 1 ? 'was' : 'were'} of ${whose}.`;
}
