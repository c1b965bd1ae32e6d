// The drill-down timeline's data, precomputed once per window answer so that a frame only reads
// typed arrays: a band lane (GC, STW, mark assist), a lane of sweeps when there were any, one lane
// per P (goroutine slices in time order, and the syscalls that held the P), a syscall lane, lanes
// for the goroutines that waited longest, and the run-queue depth.
// Spans in a lane are sorted by start; with their running maximum end, the visible ones are found
// by binary search.
import { lowerBound } from '../../../shared/lower-bound';
import { formatDuration } from '../format';
import { keptUntil, tracedUntil, type TraceWindow, type WindowFacts } from '../../../shared/trace-window';

export interface SpanLane {
  kind: 'proc' | 'bands' | 'syscalls' | 'goroutine';
  label: string;
  /** P number for a proc lane, goroutine id for a goroutine lane, -1 otherwise. */
  id: number;
  begin: Float64Array;
  end: Float64Array;
  /** The latest end so far: sorted even where spans overlap (GC phases and STW), for the binary search. */
  reach: Float64Array;
  /** The nearest earlier span that ends later than each span, -1 when none: lets the pointer's search pass over spans that ended before it. */
  outlastedBy: Int32Array;
  /** Goroutine of each span (proc, syscall lanes); -1 where none. */
  g: Int32Array;
  /**
   * Index into the model's `groups` (start functions) or, for bands and goroutine states, into
   * `kinds`; on a P lane, a span of the P held by a goroutine in a syscall is heldColour(its group).
   */
  colour: Int32Array;
  /** Why the span ended (proc lanes: the slice's stop), or what it is (bands: the range's name; goroutine lanes: the state). */
  what: string[];
  /** Stack index (into window.stacks) shown on hover: where the goroutine stopped; 0 when none. */
  stack: Int32Array;
  /** Whose that stack is, when not the span's own goroutine's: the goroutine that made it runnable (or created it), -1 when unknown; null when its own. */
  stackOf: Array<number | null>;
  /** The lane is whole until this time; past it the window query's cap left its spans out. */
  keptUntil: number;
}

export interface UnblockEdge {
  t: number;
  /** Lane index of the unblocker's P at t, -1 when it ran on no P (or is unknown). */
  fromLane: number;
  /** Lane index and time where the woken goroutine next ran, -1 when not in the window. */
  toLane: number;
  toT: number;
}

export interface TimelineModel {
  from: number;
  /** The range's end, or the trace's where it ends inside the range: nothing is drawn past it. */
  to: number;
  lanes: SpanLane[];
  /** Start functions, the goroutine groups that colour the slices. */
  groups: string[];
  /** Run-queue depth: step times and values. */
  queueT: Float64Array;
  queueDepth: Int32Array;
  queueMax: number;
  /** The run-queue steps are whole until this time (the cap's cut, or the range's end). */
  queueKeptUntil: number;
  slices: number;
  /** Spans on the P lanes of a P held by a goroutine in a syscall. */
  syscallHolds: number;
}

/**
 * The colour of a P lane's span of the P held by a goroutine in a syscall, of `group` (an index into
 * the model's groups; -1: a group that ran no slice, which no legend names): below zero, so that it is
 * painted as a syscall, and faded with its group when another group is picked.
 */
export const heldColour = (group: number): number => -2 - group;
export const isHeldBySyscall = (colour: number): boolean => colour < 0;
/** The goroutine group of a P lane's span, slice or syscall; -1 for a syscall's group that ran no slice. */
export const groupOfColour = (colour: number): number => (colour < 0 ? -2 - colour : colour);

/**
 * Each P's spans held by goroutines in syscalls: from the syscall's begin until its P was taken (or
 * it ended), up to the lane's cut. The P runs nothing else meanwhile (gmptrace's tests hold it to
 * that), so these never overlap the P's slices. `groups`: the slices' groups, which alone take colours.
 */
function syscallHoldsByP(w: TraceWindow, cut: number, groups: ReadonlyMap<string, number>): Map<number, Span[]> {
  const byP = new Map<number, Span[]>();
  for (const s of w.syscalls) {
    const end = Math.min(s.p_until_s, cut);
    if (s.p < 0 || end <= s.begin_s) continue;
    const taken = end === s.p_until_s && s.p_until_s < s.end_s;
    const what = taken ? `in a syscall; its P taken here (the syscall went on to ${s.end_s.toFixed(6)} s)` : 'in a syscall, holding the P';
    const spans = byP.get(s.p) ?? [];
    spans.push({ begin: s.begin_s, end, g: s.g, colour: heldColour(groups.get(s.start_func) ?? -1), what, stack: 0 });
    byP.set(s.p, spans);
  }
  return byP;
}

/**
 * What a syscall on the syscalls lane held: every goroutine's syscalls are drawn there, one that held
 * no P in the range (it lost it before, or never had one: a goroutine in a syscall since before the
 * trace) as much as one that held its P throughout.
 */
function syscallHeld(s: TraceWindow['syscalls'][number]): string {
  if (s.p < 0) return 'in a syscall, holding no P in this range';
  return s.p_until_s < s.end_s ? `in a syscall, holding P${s.p} until ${s.p_until_s.toFixed(6)} s` : `in a syscall, holding P${s.p}`;
}

/** State colours of the goroutine lanes and band kinds, by name. */
export const BAND_KINDS = ['GC', 'STW', 'mark assist', 'sweep', 'other'] as const;

export function bandKind(name: string): number {
  if (name.startsWith('stop-the-world')) return 1;
  if (/assist/i.test(name)) return 2;
  if (/sweep/i.test(name)) return 3;
  if (/GC/.test(name)) return 0;
  return 4;
}

interface Span {
  begin: number;
  end: number;
  g: number;
  colour: number;
  what: string;
  stack: number;
  stackOf?: number | null;
}

/** The band kinds (indexes into BAND_KINDS) in the order they are painted, bottom first. */
export const BAND_PAINT_ORDER: readonly number[] = (['GC', 'other', 'sweep', 'mark assist', 'STW'] as const).map((k) => BAND_KINDS.indexOf(k));

/**
 * Colour batches in the order they are filled: a band kind's (its colour's index in `bandColours`)
 * in BAND_PAINT_ORDER, after every other lane's, whose colours no band has. Bands overlap: filled in
 * the order met in view, a pause was hidden under an assist after a pan.
 */
export function inPaintOrder<B extends { colour: string }>(batches: readonly B[], bandColours: readonly string[]): B[] {
  const rank = (colour: string) => BAND_PAINT_ORDER.indexOf(bandColours.indexOf(colour));
  return [...batches].sort((a, b) => rank(a.colour) - rank(b.colour));
}

/**
 * Where a band of a kind lies in its lane, as fractions of the lane's height: [top, height]. Bands
 * overlap (a mark phase holds its assists and pauses): a mark assist keeps to the lower half so that
 * the mark phase painted under it still shows above it, its end too where the assist outlasts it;
 * the rest are full height, and a pause, painted last (BAND_PAINT_ORDER), is never hidden.
 */
export function bandExtent(kind: number): [top: number, height: number] {
  return BAND_KINDS[kind] === 'mark assist' ? [0.5, 0.5] : [0, 1];
}

/** For each span, the nearest earlier one that ends later, -1 when none (a stack of the ends not yet outlasted). */
function outlastingSpans(end: Float64Array): Int32Array {
  const by = new Int32Array(end.length);
  const open: number[] = [];
  for (let i = 0; i < end.length; i++) {
    while (open.length > 0 && end[open[open.length - 1]!]! <= end[i]!) open.pop();
    by[i] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  }
  return by;
}

function lane(kind: SpanLane['kind'], label: string, id: number, spans: Span[], keptUntil: number): SpanLane {
  spans.sort((a, b) => a.begin - b.begin);
  const end = Float64Array.from(spans, (s) => s.end);
  return {
    kind,
    label,
    id,
    keptUntil,
    begin: Float64Array.from(spans, (s) => s.begin),
    end,
    reach: Float64Array.from(spans.reduce<number[]>((ends, s) => (ends.push(Math.max(s.end, ends[ends.length - 1] ?? -Infinity)), ends), [])),
    outlastedBy: outlastingSpans(end),
    g: Int32Array.from(spans, (s) => s.g),
    colour: Int32Array.from(spans, (s) => s.colour),
    what: spans.map((s) => s.what),
    stack: Int32Array.from(spans, (s) => s.stack),
    stackOf: spans.map((s) => s.stackOf ?? null),
  };
}

/** The goroutine states drawn in a goroutine lane, in colour order. */
export const GOROUTINE_LANE_STATES = ['Runnable', 'Running', 'Waiting', 'Syscall'] as const;

/**
 * A goroutine's states over the window, from its state at `from` and its transitions, until `until`:
 * where the transitions were cut by the cap its state after the last one is not known.
 */
/** Who made each goroutine runnable when, by "g@t" (the window's unblock edges), built once per window. */
const wakersByWindow = new WeakMap<TraceWindow, Map<string, number>>();

function wakerOf(w: TraceWindow, g: number, t: number): number | undefined {
  let wakers = wakersByWindow.get(w);
  if (!wakers) wakersByWindow.set(w, (wakers = new Map(w.unblocks.map((u) => [`${u.g}@${u.t}`, u.by]))));
  return wakers.get(`${g}@${t}`);
}

function goroutineSpans(w: TraceWindow, g: TraceWindow['goroutines'][number], until: number): Span[] {
  const spans: Span[] = [];
  let state = g.state_at_from;
  let since = w.from_s;
  let stack = 0;
  let stackOf: number | null = null;
  const close = (until: number) => {
    const colour = GOROUTINE_LANE_STATES.indexOf(state as (typeof GOROUTINE_LANE_STATES)[number]);
    if (colour >= 0 && until > since) spans.push({ begin: since, end: until, g: g.g, colour, what: state, stack, stackOf });
  };
  for (const t of g.transitions) {
    close(t.t);
    state = t.to;
    since = t.t;
    stack = t.stack;
    // Made runnable from waiting (or created): the transition's stack is the event's, the unblocker's.
    stackOf = t.to === 'Runnable' && t.from !== 'Running' ? (wakerOf(w, g.g, t.t) ?? -1) : null;
  }
  close(until);
  return spans;
}

/** How many goroutines that waited longest get a lane of their own. */
export const WAITER_LANES = 5;

/** `focus`: a goroutine whose lane comes first, before the worst waits' (the waiter whose end the range was opened for). */
export function timelineModel(w: TraceWindow, facts: WindowFacts, focus?: number): TimelineModel {
  const groupIndex = new Map<string, number>();
  const groupOf = (name: string) => {
    let i = groupIndex.get(name);
    if (i === undefined) groupIndex.set(name, (i = groupIndex.size));
    return i;
  };
  // Where each goroutine stopped (the stack of its Running→… transition), by goroutine and time.
  const stopStack = new Map<string, number>();
  for (const g of w.goroutines) for (const t of g.transitions) if (t.from === 'Running' && t.stack) stopStack.set(`${g.g}@${t.t}`, t.stack);

  const lanes: SpanLane[] = [];
  const bands = (ranges: TraceWindow['ranges']): Span[] => ranges.map((r) => ({ begin: r.begin_s, end: r.end_s, g: -1, colour: bandKind(r.name), what: `${r.name} (${r.scope})`, stack: 0 }));
  lanes.push(lane('bands', 'GC · STW', -1, bands(w.ranges), keptUntil(w, 'ranges')));
  // The Ps' sweeps, by the hundred thousand a second in a GC-heavy program, have a lane (and a cap) of their own.
  if (w.sweeps.length > 0) lanes.push(lane('bands', 'sweeps', -1, bands(w.sweeps), keptUntil(w, 'sweeps')));
  let slices = 0;
  let syscallHolds = 0;
  // A P lane is whole as far as both lists it is drawn from: a P held by a syscall past the syscalls' cut would read as idle.
  const procCut = Math.min(keptUntil(w, 'slices'), keptUntil(w, 'syscalls'));
  // The slices' groups first: they take the colours and the legend, in the order the Ps ran them.
  const ranByP = new Map(
    [...w.procs].sort((a, b) => a.p - b.p).map((p) => [p.p, p.slices.map((s) => ({ begin: s.begin_s, end: s.end_s, g: s.g, colour: groupOf(s.start_func), what: s.stop, stack: stopStack.get(`${s.g}@${s.end_s}`) ?? 0 }))]),
  );
  const heldByP = syscallHoldsByP(w, procCut, groupIndex);
  for (const p of [...new Set([...ranByP.keys(), ...heldByP.keys()])].sort((a, b) => a - b)) {
    const ran = ranByP.get(p) ?? [];
    const held = heldByP.get(p) ?? [];
    slices += ran.length;
    syscallHolds += held.length;
    lanes.push(lane('proc', `P${p}`, p, [...ran, ...held], procCut));
  }
  lanes.push(lane('syscalls', 'syscalls', -1, w.syscalls.map((s) => ({ begin: s.begin_s, end: s.end_s, g: s.g, colour: 0, what: syscallHeld(s), stack: 0 })), keptUntil(w, 'syscalls')));
  const byG = new Map(w.goroutines.map((g) => [g.g, g]));
  const waiters = [...new Set([...(focus === undefined ? [] : [focus]), ...facts.worstWaits.map((x) => x.g)])].slice(0, WAITER_LANES);
  for (const id of waiters) {
    const g = byG.get(id);
    const until = keptUntil(w, 'transitions');
    if (g) lanes.push(lane('goroutine', `g${id}`, id, goroutineSpans(w, g, until), until));
  }

  const queue = w.run_queue.length > 0 ? w.run_queue : [{ t: w.from_s, runnable: 0 }];
  return {
    from: w.from_s,
    to: tracedUntil(w),
    lanes,
    groups: [...groupIndex.keys()],
    queueT: Float64Array.from(queue, (q) => q.t),
    queueDepth: Int32Array.from(queue, (q) => q.runnable),
    queueMax: queue.reduce((m, q) => Math.max(m, q.runnable), 0),
    queueKeptUntil: keptUntil(w, 'run_queue'),
    slices,
    syscallHolds,
  };
}

/** Indexes [first, last) of the spans that may overlap [t0, t1]: exact where spans do not overlap, a superset where they do. */
export function visibleSpans(l: Pick<SpanLane, 'begin' | 'reach'>, t0: number, t1: number): [number, number] {
  return [lowerBound(l.reach, t0), lowerBound(l.begin, t1, true)];
}

/** A drill-down's view: the time range drawn, seconds from the trace start. */
export interface View {
  t0: number;
  t1: number;
}

/** The shortest span of time a view may show. */
const MIN_SPAN_S = 1e-7;
/** The trace's resolution: a view this close to the whole range is the whole range. */
const TRACE_TICK_S = 1e-9;

/**
 * [t0, t1] kept inside the model's range and no narrower than MIN_SPAN_S. A whole view dragged
 * comes back a rounding short of whole (both ends moved by the same dt): it stays the whole range.
 */
export function clampView(t0: number, t1: number, range: Pick<TimelineModel, 'from' | 'to'>): View {
  const whole = range.to - range.from;
  const span = Math.max(MIN_SPAN_S, t1 - t0);
  if (span >= whole - TRACE_TICK_S) return { t0: range.from, t1: range.to };
  const start = Math.min(Math.max(range.from, t0), range.to - span);
  return { t0: start, t1: Math.min(range.to, start + span) };
}

/**
 * Lanes whose spans may overlap: the bands (GC phases, pauses and assists; sweeps on different Ps)
 * and the syscalls of different goroutines. A P runs one goroutine at a time, a goroutine is in one
 * state at a time.
 */
export function spansMayOverlap(l: Pick<SpanLane, 'kind'>): boolean {
  return l.kind === 'bands' || l.kind === 'syscalls';
}

/** Where the pointer is over a lane. */
export interface Pointer {
  /** The time under it. */
  t: number;
  /** The time one pixel column spans in the view. */
  pixel_s: number;
  /** Its height in the lane's painted strip: 0 at the top, 1 at the bottom. */
  y: number;
}

/**
 * The span of a lane the pointer is on, or -1. In a lane whose spans never overlap, the one that
 * contains its time, else the one that holds most of its pixel column: a column of spans narrower
 * than a pixel is painted (faintly) for them, and a 20 µs slice in a 0.5 ms column must not need the
 * pointer on its exact µs. In one whose spans may overlap, what is painted at its pixel (paintedAt).
 */
export function spanAt(l: Pick<SpanLane, 'kind' | 'begin' | 'end' | 'reach' | 'outlastedBy' | 'colour'>, p: Pointer): number {
  if (spansMayOverlap(l)) return paintedAt(l, p, l.kind === 'bands');
  const last = lowerBound(l.begin, p.t, true) - 1;
  if (last >= 0 && p.t <= l.end[last]!) return last;
  const [from, to] = [p.t - p.pixel_s / 2, p.t + p.pixel_s / 2];
  let best = -1;
  let most = 0;
  // The spans in the column: the one begun before the pointer, and those begun after it, within the column.
  for (let k = Math.max(0, last); k < l.begin.length && l.begin[k]! <= to; k++) {
    const held = Math.min(l.end[k]!, to) - Math.max(l.begin[k]!, from);
    if (held > most) [best, most] = [k, held];
  }
  return best;
}

/** Each band kind's place in BAND_PAINT_ORDER: the higher, the later painted. */
const PAINT_RANK: readonly number[] = BAND_KINDS.map((_, kind) => BAND_PAINT_ORDER.indexOf(kind));

/**
 * The span painted at the pointer's pixel in a lane whose spans may overlap, -1 when none. In a band
 * lane (`bands`): among the bands that meet the pointer's pixel column ([t − half a pixel, t + half a pixel]: a band narrower than a pixel is painted in
 * the column, and a 5.5 µs pause at 8.3 µs a pixel need not hold the pointer's exact time) and
 * whose height in the lane (bandExtent) holds the pointer's, the one painted last, on top
 * (BAND_PAINT_ORDER); among those, the shortest. So a pause names itself over the assists under
 * it, and the upper half of the lane, where an assist is not painted, names the mark phase.
 * It steps back over the bands that meet the column one by one, jumps over a run of those that
 * ended before it (`outlastedBy`), and stops where no earlier band reaches it (`reach`): its cost
 * follows how many bands meet the column, not how many lie between it and a long band begun long before.
 * In the syscalls lane, one colour at full height: the shortest syscall that meets the column.
 */
function paintedAt(l: Pick<SpanLane, 'begin' | 'end' | 'reach' | 'outlastedBy' | 'colour'>, p: Pointer, bands: boolean): number {
  const from = p.t - p.pixel_s / 2;
  const to = p.t + p.pixel_s / 2;
  const painted = (k: number) => {
    if (!bands) return true;
    const [top, height] = bandExtent(l.colour[k]!);
    return p.y >= top && p.y <= top + height;
  };
  const rankOf = (k: number) => (bands ? PAINT_RANK[l.colour[k]!]! : 0);
  const duration = (k: number) => l.end[k]! - l.begin[k]!;
  let best = -1;
  for (let k = lowerBound(l.begin, to, true) - 1; k >= 0 && l.reach[k]! >= from; ) {
    if (l.end[k]! < from) {
      k = l.outlastedBy[k]!; // the bands between end no later than k, so before the column
      continue;
    }
    if (painted(k)) {
      const rank = rankOf(k);
      const bestRank = best < 0 ? -1 : rankOf(best);
      if (rank > bestRank || (rank === bestRank && duration(k) < duration(best))) best = k;
    }
    k--;
  }
  return best;
}

/** Shorter than this, a span's times are printed to the nanosecond: to the microsecond its ends read alike (a 192 ns sweep). */
const NANOSECOND_TIMES_BELOW_S = 10e-6;

/** A span's times and duration, for its hover text: "1.522699120 s – 1.522699312 s (192 ns)". */
export function spanTimesText(begin: number, end: number, range?: { from: number; to: number }): string {
  const digits = end - begin < NANOSECOND_TIMES_BELOW_S ? 9 : 6;
  // A span is clipped to the range: one at its edge may have begun before it or go on past it.
  const [atStart, atEnd] = range ? [begin <= range.from, end >= range.to] : [false, false];
  const edges = atStart && atEnd ? "from the range's start to its end" : atStart ? "from the range's start" : atEnd ? "to the range's end" : null;
  const clipped = edges ? `, ${edges}: it may reach beyond` : '';
  return `${begin.toFixed(digits)} s – ${end.toFixed(digits)} s (${formatDuration(end - begin)}${clipped})`;
}

/**
 * Who woke whom, computed when the edges are asked for: from the unblocker's P at the wake-up to
 * where the woken goroutine next ran (each goroutine's runs indexed once, then a binary search).
 */
export function unblockEdges(w: TraceWindow, m: TimelineModel): UnblockEdge[] {
  const runs = new Map<number, Array<[number, number, number]>>(); // g → [begin, end, lane]
  m.lanes.forEach((l, i) => {
    if (l.kind !== 'proc') return;
    for (let s = 0; s < l.begin.length; s++) {
      if (isHeldBySyscall(l.colour[s]!)) continue; // a goroutine in a syscall neither wakes others nor runs
      const list = runs.get(l.g[s]!) ?? [];
      list.push([l.begin[s]!, l.end[s]!, i]);
      runs.set(l.g[s]!, list);
    }
  });
  for (const list of runs.values()) list.sort((a, b) => a[0] - b[0]);
  /** The first run of g that ends at or after t. */
  const runFrom = (g: number, t: number) => {
    const list = runs.get(g);
    if (!list) return null;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]![1] < t) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] ?? null;
  };
  return w.unblocks.map((u) => {
    const by = u.by >= 0 ? runFrom(u.by, u.t) : null;
    const next = runFrom(u.g, u.t);
    return { t: u.t, fromLane: by && by[0] <= u.t ? by[2] : -1, toLane: next ? next[2] : -1, toT: next ? next[0] : u.t };
  });
}
