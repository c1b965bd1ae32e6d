// A window query's answer (gmptrace window, PROTOCOL.md §3.2) and the text facts the core derives
// from it (docs/ARCHITECTURE.md §5, "Spike drill-down"): what the drill-down view draws and states.
import { z } from 'zod';

const Span = { begin_s: z.number(), end_s: z.number() };
/** Go writes an empty slice as null: read every list as an array. */
const list = <T extends z.ZodType>(item: T) => z.array(item).nullable().transform((v): z.infer<T>[] => v ?? []);
const RuntimeRange = z.object({ name: z.string(), scope: z.string(), ...Span });

/** gmptrace window's default cap on each list of its answer (-max): a drill-down holds at most this many. */
export const WINDOW_MAX_ITEMS = 100_000;
/** The cap on each list of a drill-down an exported report records. */
export const REPORT_WINDOW_ITEMS = 10_000;

/** gmptrace's window.json, schema 1. Times are seconds from the trace's first event. */
export const TraceWindow = z
  .object({
    schema: z.literal(1),
    from_s: z.number(),
    to_s: z.number(),
    generations: list(z.number()),
    procs: list(z.object({ p: z.number(), slices: list(z.object({ g: z.number(), start_func: z.string(), ...Span, stop: z.string() })) })),
    goroutines: list(
      z.object({
        g: z.number(),
        start_func: z.string(),
        state_at_from: z.string(),
        transitions: list(z.object({ t: z.number(), from: z.string(), to: z.string(), reason: z.string().optional(), stack: z.number() })),
      }),
    ),
    /** Who made whom runnable: woke it, or (created) created it. */
    unblocks: list(z.object({ t: z.number(), g: z.number(), by: z.number(), stack: z.number(), created: z.boolean().optional() })),
    run_queue: list(z.object({ t: z.number(), runnable: z.number() })),
    /** The runtime's ranges (GC phases, stop-the-world, mark assists) and, apart with a cap of their own, the Ps' incremental sweeps. */
    ranges: list(RuntimeRange),
    sweeps: list(RuntimeRange).optional().transform((v) => v ?? []),
    /**
     * A goroutine in a syscall throughout shows on no P and in no transition: it is named here. `p`:
     * the P it entered the syscall holding and held in the range (-1: none, none known, or none left by
     * the range's start); it held that P, which ran nothing else meanwhile, until `p_until_s` (the P
     * taken, or the syscall's end; `begin_s` when `p` is -1).
     */
    syscalls: list(z.object({ g: z.number(), start_func: z.string().default(''), ...Span, p: z.number(), p_until_s: z.number() })),
    regions: list(z.object({ g: z.number(), task: z.number(), type: z.string(), ...Span })),
    tasks: list(z.object({ id: z.number(), parent: z.number(), type: z.string(), ...Span })),
    /** Leaf first, "func file:line"; index 0 is "no stack". */
    stacks: list(list(z.string())),
    /**
     * The range's longest waits (Runnable → Running, begun and ended in it; longest first) and the
     * waits still open at its end, counted from every transition whatever the caps left out of
     * `goroutines`. `from`, `reason`, `stack`: the transition to Runnable; `own_stop_stack`: the
     * goroutine's last stop from Running before it; `by`: who woke it (only a wait from Waiting).
     */
    longest_waits: list(
      z.object({
        g: z.number(),
        start_func: z.string(),
        ...Span,
        from: z.string(),
        reason: z.string().optional(),
        stack: z.number(),
        own_stop_stack: z.number(),
        by: z.number().nullable(),
        /** The P it got (-1: none), the P-time spent running goroutines while it waited, never capped. */
        p: z.number(),
        ps_busy_s: z.number(),
        /** The slice that ran last on that P before it, in the range; null: none did. */
        after: z.object({ g: z.number(), start_func: z.string(), end_s: z.number(), stop: z.string() }).nullable(),
      }),
    ),
    open_waits: z.number(),
    truncated: z.record(z.string(), z.number()).nullable().transform((v) => v ?? {}),
    /** Per list that reached the cap: the list holds everything of the range before this time (PROTOCOL.md §3.2). */
    kept_until_s: z
      .record(z.string(), z.number())
      .nullish()
      .transform((v) => v ?? {}),
    notes: list(z.string()),
    /** The trace's last event, when the trace ends inside the range: nothing is known past it. */
    trace_end_s: z.number().optional(),
  })
  .loose();
export type TraceWindow = z.infer<typeof TraceWindow>;

/** How a goroutine came to wait for a P: the state it left (as gmptrace's sched_latency causes). */
export const WaitCause = z.enum(['created', 'unblocked', 'preempted', 'yielded', 'syscall_lost_p', 'other']);
export type WaitCause = z.infer<typeof WaitCause>;

const Stack = z.array(z.string());

/** How many goroutine groups a wait's heldBy names before it counts the rest as one. */
export const HELD_BY_GROUPS = 3;

/** One wait for a P: Runnable from begin_s until Running at end_s. */
export const WindowWait = z.object({
  g: z.number(),
  startFunc: z.string(),
  cause: WaitCause,
  begin_s: z.number(),
  end_s: z.number(),
  wait_s: z.number(),
  /** Where the waiter stopped before it waited (its own stack); empty when that happened before the range. */
  waiterStack: Stack,
  /** Who made it runnable: a goroutine id, -1 for no goroutine (the runtime), null when not woken by an unblock. */
  unblocker: z.number().nullable(),
  unblockerStartFunc: z.string().nullable(),
  /** The unblocker's stack at the wake-up (the creator's for a created goroutine). */
  unblockerStack: Stack,
  /** The P it got; null when unknown (past the slices the range kept, or no P). */
  p: z.number().nullable(),
  /** P-time spent running goroutines while it waited (every P's); null when unknown as p is. */
  psBusy_s: z.number().nullable(),
  /**
   * P-time the Ps were held by goroutines in syscalls while it waited (a P held so runs nothing
   * else); null when the range did not keep the syscalls up to its end.
   */
  psInSyscalls_s: z.number().nullable(),
  /** The P-time there was: GOMAXPROCS over the wait, as the analysis records it; null without one. */
  psAvailable_s: z.number().nullable(),
  /** The slice that ran last on its P before it, in the range: who, until when, why it stopped. Null: none did, or p is unknown. */
  ranAfter: z.object({ g: z.number(), startFunc: z.string(), end_s: z.number(), stop: z.string() }).nullable(),
  /**
   * Whom the Ps ran while it waited, by goroutine group (start function): the P-time of each,
   * largest first, the first HELD_BY_GROUPS groups and then the rest as one (startFunc null). Null
   * when the range did not keep the slices up to its end.
   */
  heldBy: z.array(z.object({ startFunc: z.string().nullable(), s: z.number() })).nullable(),
});
export type WindowWait = z.infer<typeof WindowWait>;

export const WindowFacts = z.object({
  /** The longest waits that began and ended in the range, longest first. */
  worstWaits: z.array(WindowWait),
  /** Waits still open at the range's end (Runnable, not yet Running), as lower bounds. */
  openWaits: z.number(),
  /** When a group's open waits are counted from transitions the cap cut: at that cut; null: at the range's end. */
  openWaitsAt_s: z.number().nullable(),
  /** The densest 2 ms of wake-ups in the range: the burst. Null when nothing became runnable. */
  burst: z
    .object({
      /** The burst's moment: the centre of the ±1 ms interval holding the most transitions to Runnable. */
      t: z.number(),
      /** Transitions to Runnable in the burst (a goroutine woken twice counts twice). */
      count: z.number(),
      /** How many goroutines those wake-ups were of. */
      goroutines: z.number(),
      byCause: z.record(z.string(), z.number()),
      /** Who woke or created them, by goroutine, stack and which of the two, most first; the first TOP_UNBLOCKERS. */
      unblockers: z.array(z.object({ by: z.number(), startFunc: z.string().nullable(), stack: Stack, count: z.number(), created: z.boolean() })),
      /** Those past the first TOP_UNBLOCKERS: how many (by goroutine, stack and which), and how many wake-ups they made. */
      moreUnblockers: z.object({ unblockers: z.number(), count: z.number() }),
      /**
       * Of those wake-ups, the runtime's own goroutines' (the sweeper yielding between spans, GC
       * workers: isRuntimeGoroutine), with their start functions, most first: a burst of them is the
       * runtime's work, not the program's.
       */
      runtime: z.object({ count: z.number(), goroutines: z.number(), startFuncs: z.array(z.string()) }),
    })
    .nullable(),
  /** The run that held a P longest while goroutines waited in the run queue. Null when none did. */
  longestHold: z
    .object({
      p: z.number(),
      g: z.number(),
      startFunc: z.string(),
      begin_s: z.number(),
      end_s: z.number(),
      /** Time of the run during which the run queue was not empty. */
      heldWhileWaiting_s: z.number(),
      /** Most goroutines waiting at once during it. */
      maxWaiting: z.number(),
      stop: z.string(),
    })
    .nullable(),
  /** `cut_s`: where the cap stopped the run-queue steps, the end of what these figures cover; null: the range's end. */
  runQueue: z.object({ atFrom: z.number(), max: z.number(), maxAt: z.number().nullable(), mean: z.number(), cut_s: z.number().nullable() }),
  /**
   * The range held more than the window query's caps in a list these facts read (transitions,
   * unblocks, slices, run queue): the worst waits and open waits (of every goroutine) still count all
   * of it, the burst, the longest hold and the run queue only what was kept.
   */
  partial: z.boolean(),
  /** When partial: the time until which every list those facts read is whole (the earliest cut). */
  keptUntil_s: z.number().nullable(),
});
export type WindowFacts = z.infer<typeof WindowFacts>;

/** The capped lists of a window answer that the timeline draws and the facts read. */
export type WindowList = 'slices' | 'transitions' | 'run_queue' | 'unblocks' | 'syscalls' | 'ranges' | 'sweeps';

/** Until when a list of the window is whole: its cut when the cap reached it, else the range's end. */
export function keptUntil(w: Pick<TraceWindow, 'kept_until_s' | 'to_s' | 'trace_end_s'>, list: WindowList): number {
  return Math.min(tracedUntil(w), w.kept_until_s[list] ?? Infinity);
}

/** The range's end, or the trace's where it ends inside the range: past it nothing was traced (a state drawn on would be made up). */
export function tracedUntil(w: Pick<TraceWindow, 'to_s' | 'trace_end_s'>): number {
  return Math.min(w.to_s, w.trace_end_s ?? Infinity);
}

/**
 * The P a goroutine got at the end of a wait, and the slice that ran there last before its own (null:
 * none in the range). Its own slice is the one that began as the wait ended (to half a nanosecond:
 * the ends are whole nanoseconds written in seconds, and a wait named elsewhere went through another
 * sum). Null when the range kept no such slice: a cap cut the slices before it, or it got no P.
 */
export function gotPAt(w: Pick<TraceWindow, 'procs'>, g: number, end_s: number): Pick<WindowWait, 'ranAfter'> & { p: number } | null {
  for (const proc of w.procs) {
    const i = proc.slices.findIndex((s) => s.g === g && Math.abs(s.begin_s - end_s) < 5e-10);
    if (i < 0) continue;
    const before = proc.slices[i - 1];
    return { p: proc.p, ranAfter: before ? { g: before.g, startFunc: before.start_func, end_s: before.end_s, stop: before.stop } : null };
  }
  return null;
}

/** runs.window's answer: the window as gmptrace gave it, and the facts derived from it. */
export const RunWindow = z.object({
  runId: z.string(),
  /** The trace queried: trace.out, or the flight recorder's flight.trace. */
  trace: z.string(),
  window: TraceWindow,
  facts: WindowFacts,
  /** The goroutine group the facts are about; null: every goroutine. */
  factsGroup: z.string().nullable(),
});
export type RunWindow = z.infer<typeof RunWindow>;
