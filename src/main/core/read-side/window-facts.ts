// The text facts of a spike drill-down, derived from one window query's answer (docs/ARCHITECTURE.md
// §5, "Spike drill-down"): the worst waits with both stacks, the burst of wake-ups, the longest run
// that held a P while others waited, and the run-queue depth. Pure functions of the window.
import { toNanos } from '../../../shared/drilldown';
import { isRuntimeGoroutine } from '../../../shared/program-latency';
import { HELD_BY_GROUPS, gotPAt, keptUntil, tracedUntil, type TraceWindow, type WaitCause, type WindowFacts, type WindowWait } from '../../../shared/trace-window';

type WindowBurst = NonNullable<WindowFacts['burst']>;

/** How many of the worst waits, and of the heaviest unblockers, are stated. */
export const WORST_WAITS = 10;
export const TOP_UNBLOCKERS = 5;
/** A burst is what became runnable within ±1 ms of one moment. */
export const BURST_HALF_WIDTH_S = 0.001;

type Transition = TraceWindow['goroutines'][number]['transitions'][number];

/** The cause of a wait, from the state the goroutine left (gmptrace's sched_latency causes). */
export function waitCause(t: Pick<Transition, 'from' | 'reason'>): WaitCause {
  switch (t.from) {
    case 'NotExist':
      return 'created';
    case 'Waiting':
      return 'unblocked';
    case 'Running':
      return t.reason === 'preempted' ? 'preempted' : 'yielded';
    case 'Syscall':
      return 'syscall_lost_p';
    default:
      return 'other';
  }
}

function stackOf(w: TraceWindow, index: number): string[] {
  return w.stacks[index] ?? [];
}

/** A window's goroutine start functions and its unblock edges by "g@t", built once per window (a parsed window is never changed). */
interface Lookups {
  names: Map<number, string>;
  edges: Map<string, TraceWindow['unblocks'][number]>;
}

const lookupsByWindow = new WeakMap<TraceWindow, Lookups>();

function lookupsOf(w: TraceWindow): Lookups {
  let found = lookupsByWindow.get(w);
  if (!found) {
    const names = new Map<number, string>();
    for (const g of w.goroutines) if (g.start_func) names.set(g.g, g.start_func);
    for (const p of w.procs) for (const s of p.slices) if (s.start_func && !names.has(s.g)) names.set(s.g, s.start_func);
    found = { names, edges: new Map(w.unblocks.map((u) => [`${u.g}@${u.t}`, u])) };
    lookupsByWindow.set(w, found);
  }
  return found;
}

/** Which goroutines the facts are about: all, or those of one group as far as the window knows their start. */
type Members = (g: number) => boolean;

const EVERYONE: Members = () => true;

function membersOf(w: TraceWindow, group: string | null): Members {
  if (group === null) return EVERYONE;
  const { names } = lookupsOf(w);
  return (g) => names.get(g) === group;
}

/** Every Runnable→Running wait that began and ended in the window, and how many are still open at its end. */
export function windowWaits(w: TraceWindow, isMember: Members = EVERYONE): { waits: WindowWait[]; open: number } {
  const { edges } = lookupsOf(w);
  const waits: WindowWait[] = [];
  let open = 0;
  for (const g of w.goroutines) {
    if (!isMember(g.g)) continue;
    let ownStopStack = 0;
    let began: Transition | null = null;
    for (const t of g.transitions) {
      if (t.to === 'Runnable') {
        began = t;
      } else if (t.to === 'Running' && began) {
        const edge = waitCause(began) === 'unblocked' ? edges.get(`${g.g}@${began.t}`) : undefined;
        waits.push(statedWait(w, g.g, g.start_func, began, t.t, ownStopStack, edge ?? null));
        began = null;
      }
      if (t.from === 'Running') ownStopStack = t.stack;
      if (t.to !== 'Runnable' && t.to !== 'Running') began = null;
    }
    if (began) open++;
  }
  return { waits, open };
}

/**
 * A wait as the facts state it: goroutine g, Runnable from `began` (its transition) until `end`;
 * `ownStopStack` is where it last stopped running before, `woke` the unblock edge when one woke it.
 */
function statedWait(w: TraceWindow, g: number, startFunc: string, began: Pick<Transition, 't' | 'from' | 'reason' | 'stack'>, end: number, ownStopStack: number, woke: { by: number; stack: number } | null): WindowWait {
  const { names } = lookupsOf(w);
  const cause = waitCause(began);
  const woken = cause === 'unblocked' || cause === 'created';
  return {
    g,
    // A goroutine whose start the window did not see may still carry it on its slices.
    startFunc: startFunc || (names.get(g) ?? ''),
    cause,
    begin_s: began.t,
    end_s: end,
    wait_s: end - began.t,
    // A goroutine that stopped running itself (preempted, yielded) waited where it stopped.
    waiterStack: stackOf(w, began.from === 'Running' ? began.stack : cause === 'unblocked' ? ownStopStack : 0),
    unblocker: woke ? woke.by : null,
    unblockerStartFunc: woke && woke.by >= 0 ? (names.get(woke.by) ?? null) : null,
    unblockerStack: woken ? stackOf(w, woke?.stack || began.stack) : [],
    p: null,
    psBusy_s: null,
    psInSyscalls_s: null,
    psAvailable_s: null,
    ranAfter: null,
    heldBy: null,
  };
}

/** A wait gmptrace listed among the range's longest (it names its transition to Runnable), stated alike. */
function listedWait(w: TraceWindow, x: TraceWindow['longest_waits'][number]): WindowWait {
  const began = { t: x.begin_s, from: x.from, reason: x.reason, stack: x.stack };
  const stated = statedWait(w, x.g, x.start_func, began, x.end_s, x.own_stop_stack, x.by === null ? null : { by: x.by, stack: x.stack });
  const ranAfter = x.after && { g: x.after.g, startFunc: x.after.start_func, end_s: x.after.end_s, stop: x.after.stop };
  // The Ps' busy time does not depend on the P it got (-1: it ran without one).
  return x.p < 0 ? { ...stated, psBusy_s: toNanos(x.ps_busy_s) } : { ...stated, p: x.p, psBusy_s: toNanos(x.ps_busy_s), ranAfter };
}

/** How long a slice ran during a wait: the two clipped to each other. */
const overlap = (slice: { begin_s: number; end_s: number }, wait: { begin_s: number; end_s: number }): number =>
  Math.max(0, Math.min(slice.end_s, wait.end_s) - Math.max(slice.begin_s, wait.begin_s));

/**
 * What held the Ps while each wait waited, from the slices the window kept: the P-time they ran
 * goroutines during it, the P it got and the slice before its own there. gmptrace states these for
 * its listed waits from every slice; a group's waits, found in the kept transitions, get them here
 * when the kept slices reach the wait's end (the same figures: trace-window.test.ts compares them).
 */
export function heldPs(w: TraceWindow, waits: WindowWait[]): WindowWait[] {
  const cut = keptUntil(w, 'slices');
  return waits.map((wait) => {
    if (wait.end_s > cut) return wait;
    let busy = 0;
    for (const proc of w.procs) for (const s of proc.slices) busy += overlap(s, wait);
    // Its own slice, from the wait's end; one that began at the cut was not kept.
    const got = gotPAt(w, wait.g, wait.end_s) ?? { p: null, ranAfter: null };
    return { ...wait, ...got, psBusy_s: toNanos(busy) };
  });
}

/**
 * Whom the Ps ran while a wait waited, by goroutine group (the slices' start functions): the P-time
 * of each, largest first, HELD_BY_GROUPS of them and the rest as one. From the kept slices, so null
 * when they end before the wait does; a slice still running at the range's end counts to there.
 */
export function heldBy(w: TraceWindow, wait: Pick<WindowWait, 'begin_s' | 'end_s'>): WindowWait['heldBy'] {
  if (wait.end_s > keptUntil(w, 'slices')) return null;
  const byGroup = new Map<string, number>();
  for (const proc of w.procs) {
    for (const s of proc.slices) {
      const ran = overlap(s, wait);
      if (ran > 0) byGroup.set(s.start_func, (byGroup.get(s.start_func) ?? 0) + ran);
    }
  }
  const ranked: NonNullable<WindowWait['heldBy']> = [...byGroup].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([startFunc, s]) => ({ startFunc, s: toNanos(s) }));
  if (ranked.length <= HELD_BY_GROUPS) return ranked;
  const rest = ranked.slice(HELD_BY_GROUPS).reduce((sum, g) => sum + g.s, 0);
  return [...ranked.slice(0, HELD_BY_GROUPS), { startFunc: null, s: toNanos(rest) }];
}

/**
 * The P-time goroutines in syscalls held the Ps while a wait waited: each syscall from its begin
 * until its P was taken (or it ended). From the kept syscalls, so null when they end before the
 * wait does.
 */
export function heldInSyscalls(w: TraceWindow, wait: Pick<WindowWait, 'begin_s' | 'end_s'>): number | null {
  if (wait.end_s > keptUntil(w, 'syscalls')) return null;
  let held = 0;
  for (const s of w.syscalls) if (s.p >= 0) held += overlap({ begin_s: s.begin_s, end_s: s.p_until_s }, wait);
  return toNanos(held);
}

/** GOMAXPROCS over the trace, as the analysis records it (meta.gomaxprocs): n Ps from t on. */
export type GomaxprocsSteps = ReadonlyArray<{ t: number; n: number }>;

/**
 * The P-time there was in [begin, end]: GOMAXPROCS integrated over it, the first value holding from
 * the trace's start (the runtime states it when tracing starts, and again at each change). Null when
 * the analysis has none.
 */
export function psAvailable(steps: GomaxprocsSteps, begin: number, end: number): number | null {
  if (steps.length === 0) return null;
  let total = 0;
  steps.forEach((step, i) => {
    const from = i === 0 ? begin : Math.max(begin, step.t);
    const to = Math.min(end, steps[i + 1]?.t ?? Infinity);
    if (to > from) total += step.n * (to - from);
  });
  return toNanos(total);
}

/** The n longest waits, longest first (ties: earlier first, then lower goroutine id). */
export function worstWaits(waits: WindowWait[], n = WORST_WAITS): WindowWait[] {
  return [...waits].sort((a, b) => b.wait_s - a.wait_s || a.begin_s - b.begin_s || a.g - b.g).slice(0, n);
}

/** The moment with the most transitions to Runnable within ±1 ms, by cause, and who woke them. */
export function burstOf(w: TraceWindow, isMember: Members = EVERYONE): WindowFacts['burst'] {
  const { names, edges } = lookupsOf(w);
  const wakes = w.goroutines.filter((g) => isMember(g.g)).flatMap((g) => g.transitions.filter((t) => t.to === 'Runnable').map((t) => ({ g: g.g, t })));
  if (wakes.length === 0) return null;
  wakes.sort((a, b) => a.t.t - b.t.t);
  // The 2 ms interval that starts at some wake-up and holds the most: a sliding window.
  let best = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < wakes.length; i++) {
    while (j < wakes.length && wakes[j]!.t.t - wakes[i]!.t.t <= 2 * BURST_HALF_WIDTH_S) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = i;
    }
  }
  const t = wakes[best]!.t.t + BURST_HALF_WIDTH_S;
  const inBurst = wakes.slice(best, best + bestCount);
  const byCause: Record<string, number> = {};
  const unblockers = new Map<string, { by: number; startFunc: string | null; stack: string[]; count: number; created: boolean }>();
  for (const { g, t: tr } of inBurst) {
    const cause = waitCause(tr);
    byCause[cause] = (byCause[cause] ?? 0) + 1;
    if (cause !== 'unblocked' && cause !== 'created') continue;
    const created = cause === 'created';
    const edge = edges.get(`${g}@${tr.t}`);
    const by = edge?.by ?? -1;
    const stack = edge?.stack || tr.stack;
    const key = `${by}/${stack}/${created}`;
    const entry = unblockers.get(key) ?? { by, startFunc: by >= 0 ? (names.get(by) ?? null) : null, stack: stackOf(w, stack), count: 0, created };
    entry.count++;
    unblockers.set(key, entry);
  }
  const sorted = [...unblockers.values()].sort((a, b) => b.count - a.count || a.by - b.by);
  const rest = sorted.slice(TOP_UNBLOCKERS);
  return {
    t,
    count: bestCount,
    goroutines: new Set(inBurst.map((wake) => wake.g)).size,
    byCause,
    unblockers: sorted.slice(0, TOP_UNBLOCKERS),
    moreUnblockers: { unblockers: rest.length, count: rest.reduce((n, u) => n + u.count, 0) },
    runtime: runtimeWakes(inBurst, names),
  };
}

/** How many of the wake-ups were of the runtime's own goroutines, of how many of them, and their start functions, most first. */
function runtimeWakes(wakes: Array<{ g: number }>, names: Map<number, string>): WindowBurst['runtime'] {
  const byFunc = new Map<string, number>();
  const goroutines = new Set<number>();
  for (const { g } of wakes) {
    const name = names.get(g);
    if (name === undefined || !isRuntimeGoroutine(name)) continue;
    byFunc.set(name, (byFunc.get(name) ?? 0) + 1);
    goroutines.add(g);
  }
  const sorted = [...byFunc].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { count: sorted.reduce((n, [, c]) => n + c, 0), goroutines: goroutines.size, startFuncs: sorted.map(([name]) => name) };
}

/**
 * The run-queue depth as a step function over [from, end], with the time it was non-empty summed;
 * `end` is the range's end, or the cut where the cap stopped the steps (nothing is known past it).
 */
export class RunQueueSteps {
  private readonly ts: number[];
  private readonly depth: number[];
  /** busy[k]: time with a non-empty queue before step k. */
  private readonly busy: number[];
  private readonly end: number;

  constructor(private readonly w: TraceWindow) {
    this.end = keptUntil(w, 'run_queue');
    const steps = w.run_queue.length > 0 ? w.run_queue : [{ t: w.from_s, runnable: 0 }];
    this.ts = steps.map((s) => s.t);
    this.depth = steps.map((s) => s.runnable);
    this.busy = [0];
    for (let k = 1; k < steps.length; k++) this.busy.push(this.busy[k - 1]! + (this.depth[k - 1]! > 0 ? this.ts[k]! - this.ts[k - 1]! : 0));
  }

  /** The last step at or before t (the first one when t precedes them all). */
  private stepAt(t: number): number {
    let lo = 0;
    let hi = this.ts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.ts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private busyUntil(until: number): number {
    const t = Math.min(until, this.end);
    const k = this.stepAt(t);
    return this.busy[k]! + (this.depth[k]! > 0 ? Math.max(0, t - this.ts[k]!) : 0);
  }

  /** Time within [a, b] during which goroutines waited in the run queue. */
  waitingTime(a: number, b: number): number {
    return this.busyUntil(b) - this.busyUntil(a);
  }

  /** The most goroutines waiting at once within [a, b]. */
  maxWithin(a: number, b: number): number {
    let max = this.depth[this.stepAt(a)]!;
    for (let k = this.stepAt(a) + 1; k < this.ts.length && this.ts[k]! < b; k++) max = Math.max(max, this.depth[k]!);
    return max;
  }

  summary(): WindowFacts['runQueue'] {
    let max = 0;
    let maxAt: number | null = null;
    let area = 0;
    for (let k = 0; k < this.ts.length; k++) {
      if (this.depth[k]! > max) {
        max = this.depth[k]!;
        maxAt = this.ts[k]!;
      }
      const next = k + 1 < this.ts.length ? this.ts[k + 1]! : this.end;
      area += this.depth[k]! * Math.max(0, next - this.ts[k]!);
    }
    const span = this.end - this.w.from_s;
    return { atFrom: this.depth[0]!, max, maxAt, mean: span > 0 ? area / span : 0, cut_s: this.end < tracedUntil(this.w) ? this.end : null };
  }
}

/** The goroutine slice during which the run queue was non-empty longest. */
export function longestHold(w: TraceWindow, queue: RunQueueSteps, isMember: Members = EVERYONE): WindowFacts['longestHold'] {
  let best: WindowFacts['longestHold'] = null;
  for (const proc of w.procs) {
    for (const s of proc.slices) {
      if (!isMember(s.g)) continue;
      const held = queue.waitingTime(s.begin_s, s.end_s);
      if (held > 0 && (best === null || held > best.heldWhileWaiting_s)) {
        best = { p: proc.p, g: s.g, startFunc: s.start_func, begin_s: s.begin_s, end_s: s.end_s, heldWhileWaiting_s: held, maxWaiting: 0, stop: s.stop };
      }
    }
  }
  if (best) best.maxWaiting = queue.maxWithin(best.begin_s, best.end_s);
  return best;
}

/** The drill-down's facts about every goroutine, or about one group's (the run queue is always everyone's). */
export function windowFacts(w: TraceWindow, group: string | null = null, gomaxprocs: GomaxprocsSteps = []): WindowFacts {
  const isMember = membersOf(w, group);
  // Every goroutine's worst waits are gmptrace's, from the whole range; a group's, from the
  // transitions the window kept (the same when nothing was left out).
  const { waits, open } = group === null ? { waits: w.longest_waits.map((x) => listedWait(w, x)), open: w.open_waits } : windowWaits(w, isMember);
  const worst = group === null ? worstWaits(waits) : heldPs(w, worstWaits(waits));
  const queue = new RunQueueSteps(w);
  // The burst reads transitions and unblocks, the longest hold slices and the run queue: a cap on
  // another list (regions, syscalls) leaves these facts whole.
  const read = ['transitions', 'unblocks', 'slices', 'run_queue'] as const;
  const partial = read.some((list) => (w.truncated[list] ?? 0) > 0);
  const cut = Math.min(...read.map((list) => keptUntil(w, list)));
  const transitionsCut = keptUntil(w, 'transitions');
  return {
    worstWaits: worst.map((x) => ({ ...x, psInSyscalls_s: heldInSyscalls(w, x), psAvailable_s: psAvailable(gomaxprocs, x.begin_s, x.end_s), heldBy: heldBy(w, x) })),
    openWaits: open,
    openWaitsAt_s: group !== null && transitionsCut < tracedUntil(w) ? transitionsCut : null,
    burst: burstOf(w, isMember),
    longestHold: longestHold(w, queue, isMember),
    runQueue: queue.summary(),
    partial,
    keptUntil_s: partial && cut < tracedUntil(w) ? cut : null,
  };
}
