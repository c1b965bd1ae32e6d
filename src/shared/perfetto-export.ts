// A window of a run's execution trace (gmptrace window's answer) in the Trace Event Format, the
// JSON that ui.perfetto.dev and chrome://tracing open: a track per P with the goroutine slices it
// ran, a track per goroutine with its states, the unblock edges as flows between them, the
// runtime's ranges (GC, stop-the-world, mark assist), user regions and tasks, and the run queue's
// depth as a counter. Go has no Perfetto output of its own (golang/go#57315 is open); this is the
// converter its maintainers favour, for the range a user drilled into. docs/ARCHITECTURE.md §5
// ("For Perfetto") says what each track holds.
import { asSentences } from './sentences';
import { keptUntil, tracedUntil, type TraceWindow } from './trace-window';

/** One Trace Event Format event; times in microseconds, as the format counts them. */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'M' | 'C' | 's' | 'f' | 'b' | 'e';
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  /** A flow's end binds to the slice enclosing it ('e'), not to the next one. */
  bp?: 'e';
  args?: Record<string, unknown>;
}

/**
 * No displayTimeUnit: the format makes it a display setting, but Perfetto's importer reads "ns" there
 * as the unit of every timestamp, which would make each µs a nanosecond.
 */
export interface TraceEventFile {
  /** Shown by Perfetto under the trace's metadata: what wrote the file, of what, and what it leaves out. */
  otherData: Record<string, string>;
  traceEvents: TraceEvent[];
}

/** The first thing every export says of itself. */
export const PERFETTO_EXPORT_GENERATOR = 'GMP Workbench: a range of a Go execution trace';

/** How every export begins, byte for byte: what tells an earlier export from any other file. */
export const PERFETTO_EXPORT_HEAD = `{"otherData":{"generator":${JSON.stringify(PERFETTO_EXPORT_GENERATOR)}`;

/** What the file is of, for its metadata: the run and the trace the window was read from. */
export interface ExportSource {
  runId: string;
  trace: string;
}

/** The processes the tracks are grouped in, in the order Perfetto lists them. */
export const PERFETTO_PROCESSES = { procs: 1, goroutines: 2, runtime: 3, user: 4 } as const;

/** A state Perfetto draws: the states the trace gives for a goroutine that does not exist are left out. */
const ABSENT_STATES = new Set(['NotExist', 'Undetermined', '']);

/**
 * Seconds from the trace's first event → microseconds, kept to the trace's nanosecond: three decimals,
 * which Perfetto's importer turns back into the same nanosecond (it rounds µs × 1000).
 */
const micros = (s: number): number => Math.round(s * 1e9) / 1e3;

/** The frames of a stack, leaf first, one a line; empty for "no stack" (index 0). */
function stackText(w: TraceWindow, stack: number): string {
  return stack > 0 ? (w.stacks[stack] ?? []).join('\n') : '';
}

const metadata = (pid: number, tid: number | undefined, name: string, sortIndex: number): TraceEvent[] =>
  tid === undefined
    ? [
        { name: 'process_name', ph: 'M', pid, args: { name } },
        { name: 'process_sort_index', ph: 'M', pid, args: { sort_index: sortIndex } },
      ]
    : [
        { name: 'thread_name', ph: 'M', pid, tid, args: { name } },
        { name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: sortIndex } },
      ];

/**
 * Perfetto's importer takes a tid of 0 for its pid (a process's main thread): P 0 would share P 1's
 * track. A P's track is its number plus one; the async processes use thread 1.
 */
const procTid = (p: number): number => p + 1;
const ASYNC_TID = 1;

/**
 * Each P's goroutine slices, named by the goroutine's start function, and the time a goroutine in a
 * syscall held it ("syscall: main.reader"), until the P was taken or the syscall ended.
 */
function procTracks(w: TraceWindow): TraceEvent[] {
  const pid = PERFETTO_PROCESSES.procs;
  const held = w.syscalls.filter((s) => s.p >= 0);
  // A syscall under way where the range (or the syscalls' cap) stops was cut there: its end is not known.
  const known = Math.min(tracedUntil(w), keptUntil(w, 'syscalls'));
  const slicesOf = new Map(w.procs.map((p) => [p.p, p.slices]));
  const ps = [...new Set([...slicesOf.keys(), ...held.map((s) => s.p)])].sort((a, b) => a - b);
  return ps.flatMap((p) => [
    ...metadata(pid, procTid(p), `P ${p}`, p),
    ...(slicesOf.get(p) ?? []).map(
      (s): TraceEvent => ({ name: s.start_func || `G${s.g}`, cat: 'goroutine', ph: 'X', pid, tid: procTid(p), ...span(s.begin_s, s.end_s), args: { goroutine: s.g, stop: s.stop } }),
    ),
    ...held
      .filter((s) => s.p === p)
      .map(
        (s): TraceEvent => ({
          name: `syscall: ${s.start_func || `G${s.g}`}`,
          cat: 'syscall',
          ph: 'X',
          pid,
          tid: procTid(p),
          ...span(s.begin_s, s.p_until_s),
          args: { goroutine: s.g, held: heldUntilText(s, known) },
        }),
      ),
  ]);
}

/** Until when a syscall held its P, as its slice's argument says it. */
function heldUntilText(s: TraceWindow['syscalls'][number], known: number): string {
  if (s.p_until_s < s.end_s) return `until the P was taken; the syscall went on${s.end_s < known ? ` to ${micros(s.end_s)} µs` : ' past the range'}`;
  return s.end_s < known ? 'to the syscall\'s end' : 'past the range, the syscall under way';
}

/** A span's duration in µs, from its ends in whole nanoseconds (no float residue: 1049.792, not 1049.7919999). */
const span = (begin_s: number, end_s: number): { ts: number; dur: number } => ({ ts: micros(begin_s), dur: (Math.round(end_s * 1e9) - Math.round(begin_s * 1e9)) / 1e3 });

/**
 * Whose stack a transition carries, as its slice's argument names it: a woken goroutine's is its
 * waker's, a new one's its creator's; every other, the goroutine's own where it stopped.
 */
function stackWhose(from: string, to: string): string {
  if (from === 'NotExist') return "creator's stack";
  return from === 'Waiting' && to === 'Runnable' ? "waker's stack" : 'stack';
}

/** Whole nanoseconds from the trace's first event: where Perfetto puts a slice's ends. */
const nanos = (s: number): number => Math.round(s * 1e9);

/**
 * Each goroutine's states, one slice per state from the window's start (or the goroutine's first
 * transition) to the next transition, the last one to the window's end or the transitions' cut.
 * A slice is named by the state and the reason it entered it ("Waiting: chan receive"), with the
 * stack of that transition. A goroutine with no state to draw before the cut (created past it) has
 * no track. `drawn`: each track's slices as [begin, end) in nanoseconds with their state, for the flows' ends.
 */
function goroutineTracks(w: TraceWindow): { events: TraceEvent[]; drawn: Map<number, DrawnState[]> } {
  const pid = PERFETTO_PROCESSES.goroutines;
  const end = keptUntil(w, 'transitions');
  const drawn = new Map<number, DrawnState[]>();
  // Goroutine ids start at 1: none is taken for its process's main thread (tid 0).
  const events = w.goroutines.flatMap((g, i) => {
    if (g.g <= 0) return [];
    const spans: TraceEvent[] = [];
    const ends: DrawnState[] = [];
    let state = { name: g.state_at_from, reason: '', stack: 0, whose: 'stack', from: w.from_s };
    const close = (until: number) => {
      if (ABSENT_STATES.has(state.name) || nanos(until) <= nanos(state.from)) return;
      const name = state.reason ? `${state.name}: ${state.reason}` : state.name;
      const stack = stackText(w, state.stack);
      spans.push({ name, cat: 'state', ph: 'X', pid, tid: g.g, ...span(state.from, until), args: stack ? { [state.whose]: stack } : {} });
      ends.push({ begin: nanos(state.from), end: nanos(until), state: state.name });
    };
    for (const t of g.transitions) {
      close(t.t);
      state = { name: t.to, reason: t.reason ?? '', stack: t.stack, whose: stackWhose(t.from, t.to), from: t.t };
    }
    close(end);
    if (spans.length === 0) return [];
    drawn.set(g.g, ends);
    return [...metadata(pid, g.g, `G${g.g} ${g.start_func || '(start not in range)'}`, i), ...spans];
  });
  return { events, drawn };
}

/** A state drawn on a goroutine's track: [begin, end) in nanoseconds. */
interface DrawnState {
  begin: number;
  end: number;
  state: string;
}

/** The state whose slice [begin, end) holds the instant, where Perfetto binds a flow's end; null: none. */
const stateAt = (spans: readonly DrawnState[] | undefined, at: number): string | null => spans?.find((d) => d.begin <= at && at < d.end)?.state ?? null;

/**
 * An unblock as a flow from the goroutine that made it runnable (its Running slice holds the start)
 * to the goroutine it made runnable (whose Runnable slice begins there). An edge whose start would
 * lie in no Running slice, or whose end in no slice, is left out (Perfetto drops a flow with an end
 * in no slice, and binds one to whatever slice holds it): one from no goroutine (the runtime on a
 * bare M), from or to a goroutine without a track, at or past the transitions' cut, or from a
 * goroutine that stopped running at that very nanosecond. Flow ids are hexadecimal: Perfetto reads
 * them so.
 */
function unblockFlows(w: TraceWindow, drawn: ReadonlyMap<number, readonly DrawnState[]>): TraceEvent[] {
  const pid = PERFETTO_PROCESSES.goroutines;
  return w.unblocks
    .filter((u) => stateAt(drawn.get(u.by), nanos(u.t)) === 'Running' && stateAt(drawn.get(u.g), nanos(u.t)) !== null)
    .flatMap((u, i): TraceEvent[] => {
      const [name, id, ts] = [u.created ? 'created' : 'unblocked', i.toString(16), micros(u.t)];
      return [
        { name, cat: 'unblock', ph: 's', id, pid, tid: u.by, ts, args: { goroutine: u.g } },
        { name, cat: 'unblock', ph: 'f', bp: 'e', id, pid, tid: u.g, ts },
      ];
    });
}

/** "2,640 unblock edges, 640 without a flow: …": said when an edge has no flow, so that none goes missing unsaid. */
function unflowedNote(w: TraceWindow, flowed: number): string[] {
  const left = w.unblocks.length - flowed;
  if (left === 0) return [];
  const byRuntime = w.unblocks.filter((u) => u.by < 0).length;
  const why = [
    ...(byRuntime > 0 ? [`${byRuntime.toLocaleString('en-US')} by no goroutine (the runtime, a timer)`] : []),
    ...(left > byRuntime ? [`${(left - byRuntime).toLocaleString('en-US')} from or to a goroutine with no track or state there, or past the transitions' cut`] : []),
  ];
  return [`${w.unblocks.length.toLocaleString('en-US')} unblock edges, ${left.toLocaleString('en-US')} without a flow: ${why.join(', ')}`];
}

/**
 * The runtime's ranges as async slices (Perfetto lays overlapping ones out on lanes of their own):
 * GC phases and stop-the-world are global, a mark assist is a goroutine's, a sweep a P's.
 */
function runtimeRanges(w: TraceWindow): TraceEvent[] {
  const pid = PERFETTO_PROCESSES.runtime;
  return [...w.ranges, ...w.sweeps].flatMap((r, i): TraceEvent[] => {
    const id = `r${i}`;
    return [
      { name: r.name, cat: 'runtime', ph: 'b', id, pid, tid: ASYNC_TID, ts: micros(r.begin_s), args: { scope: r.scope } },
      { name: r.name, cat: 'runtime', ph: 'e', id, pid, tid: ASYNC_TID, ts: micros(r.end_s) },
    ];
  });
}

/** User regions (named by their type, with their goroutine and task) and tasks, as async slices. */
function userAnnotations(w: TraceWindow): TraceEvent[] {
  const pid = PERFETTO_PROCESSES.user;
  const regions = w.regions.flatMap((r, i): TraceEvent[] => [
    { name: r.type, cat: 'region', ph: 'b', id: `g${i}`, pid, tid: ASYNC_TID, ts: micros(r.begin_s), args: { goroutine: r.g, task: r.task } },
    { name: r.type, cat: 'region', ph: 'e', id: `g${i}`, pid, tid: ASYNC_TID, ts: micros(r.end_s) },
  ]);
  const tasks = w.tasks.flatMap((t): TraceEvent[] => [
    { name: t.type, cat: 'task', ph: 'b', id: `t${t.id}`, pid, tid: ASYNC_TID, ts: micros(t.begin_s), args: { task: t.id, parent: t.parent } },
    { name: t.type, cat: 'task', ph: 'e', id: `t${t.id}`, pid, tid: ASYNC_TID, ts: micros(t.end_s) },
  ]);
  return [...regions, ...tasks];
}

/**
 * The number of runnable goroutines, a counter on the Ps' process. Perfetto holds a counter's last
 * value to the trace's end: past the cap's cut the counter's name says where it stops.
 */
function runQueue(w: TraceWindow): TraceEvent[] {
  const pid = PERFETTO_PROCESSES.procs;
  const name = (w.truncated.run_queue ?? 0) > 0 ? `runnable goroutines (known until ${keptUntil(w, 'run_queue').toFixed(6)} s)` : 'runnable goroutines';
  return w.run_queue.map((d): TraceEvent => ({ name, ph: 'C', pid, ts: micros(d.t), args: { runnable: d.runnable } }));
}

/** The window in the Trace Event Format. Times stay the trace's: seconds from its first event, in µs. */
export function windowAsTraceEvents(w: TraceWindow, source: ExportSource): TraceEventFile {
  const { procs, goroutines, runtime, user } = PERFETTO_PROCESSES;
  const processes = [
    ...metadata(procs, undefined, 'Ps (goroutine slices)', procs),
    ...metadata(goroutines, undefined, 'Goroutines (states; flows: who made whom runnable)', goroutines),
    ...metadata(runtime, undefined, 'Runtime (GC, stop-the-world, assists, sweeps)', runtime),
    ...metadata(user, undefined, 'User regions and tasks', user),
  ];
  const states = goroutineTracks(w);
  const flows = unblockFlows(w, states.drawn);
  // gmptrace's own notes, caps included, in its words (a capped list of regions says which it left
  // out), and the unblock edges drawn as no flow.
  const notes = asSentences([...w.notes, ...unflowedNote(w, flows.length / 2)]);
  // The metadata first: a file's head says what wrote it (gmpw export-perfetto -o replaces only its own).
  return {
    otherData: {
      generator: PERFETTO_EXPORT_GENERATOR,
      source: `run ${source.runId}, ${source.trace}`,
      range: `${w.from_s.toFixed(9)} s to ${w.to_s.toFixed(9)} s, counted from the trace's first event`,
      ...(notes ? { notes } : {}),
    },
    traceEvents: [...processes, ...procTracks(w), ...runQueue(w), ...states.events, ...flows, ...runtimeRanges(w), ...userAnnotations(w)],
  };
}

/** "RUN-0.120000-0.220000.perfetto.json": a file name that says which range of which run. */
export function perfettoFileName(runId: string, w: Pick<TraceWindow, 'from_s' | 'to_s'>): string {
  return `${runId}-${w.from_s.toFixed(6)}-${w.to_s.toFixed(6)}.perfetto.json`;
}
