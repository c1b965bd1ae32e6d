import { describe, expect, it } from 'vitest';
import { TraceWindow } from '../../../shared/trace-window';
import { BURST_HALF_WIDTH_S, RunQueueSteps, burstOf, heldBy, heldInSyscalls, heldPs, longestHold, psAvailable, waitCause, windowFacts, windowWaits, worstWaits } from './window-facts';

const STACKS = [[], ['main.worker /m.go:10'], ['main.release /m.go:20', 'main.main /m.go:5'], ['runtime.gopark', 'main.worker /m.go:12'], ['main.spawn /m.go:30']];

/** A window as gmptrace writes it (Go's empty slices as null), parsed by the contract's schema. */
function window(parts: Partial<Record<string, unknown>>) {
  return TraceWindow.parse({
    schema: 1,
    from_s: 1,
    to_s: 1.1,
    generations: [3],
    procs: null,
    goroutines: null,
    unblocks: null,
    run_queue: null,
    ranges: null,
    syscalls: null,
    regions: null,
    tasks: null,
    stacks: STACKS,
    truncated: null,
    notes: null,
    longest_waits: null,
    open_waits: 0,
    ...parts,
  });
}

const tr = (t: number, from: string, to: string, stack = 0, reason?: string) => ({ t, from, to, stack, ...(reason ? { reason } : {}) });

describe('window facts', () => {
  it('reads Go null slices as empty lists', () => {
    const w = window({});
    expect(w.procs).toEqual([]);
    expect(w.truncated).toEqual({});
    expect(windowFacts(w)).toEqual({ worstWaits: [], openWaits: 0, openWaitsAt_s: null, burst: null, longestHold: null, runQueue: { atFrom: 0, max: 0, maxAt: null, mean: 0, cut_s: null }, partial: false, keptUntil_s: null });
  });

  it("states every goroutine's worst waits from gmptrace's list, which counts what the caps left out", () => {
    // g 7's transitions were cut by the cap; gmptrace still listed its 50 ms wait, woken by g 9.
    const w = window({
      goroutines: [{ g: 8, start_func: 'main.worker', state_at_from: 'Running', transitions: [tr(1.03, 'Running', 'Runnable', 1, 'preempted'), tr(1.031, 'Runnable', 'Running')] }],
      truncated: { transitions: 2 },
      longest_waits: [
        { g: 7, start_func: '', begin_s: 1.02, end_s: 1.07, from: 'Waiting', stack: 2, own_stop_stack: 3, by: 9, p: 1, ps_busy_s: 0.1, after: { g: 2, start_func: 'main.hog', end_s: 1.07, stop: 'preempted' } },
        { g: 8, start_func: 'main.worker', begin_s: 1.03, end_s: 1.031, from: 'Running', reason: 'preempted', stack: 1, own_stop_stack: 1, by: null, p: -1, ps_busy_s: 0, after: null },
      ],
      open_waits: 4,
    });
    const facts = windowFacts(w);
    expect(facts.partial).toBe(true);
    expect(facts.openWaits).toBe(4);
    expect(facts.worstWaits.map((x) => [x.g, x.cause, Math.round(x.wait_s * 1e6)])).toEqual([
      [7, 'unblocked', 50000],
      [8, 'preempted', 1000],
    ]);
    expect(facts.worstWaits[0]).toMatchObject({ waiterStack: STACKS[3], unblocker: 9, unblockerStack: STACKS[2] });
    expect(facts.worstWaits[1]).toMatchObject({ startFunc: 'main.worker', waiterStack: STACKS[1], unblocker: null, unblockerStack: [] });
    // A group's facts come from the kept transitions: g 7's wait is not among them.
    expect(windowFacts(w, 'main.worker').worstWaits.map((x) => x.g)).toEqual([8]);
  });

  it("says what held the Ps while a wait waited: gmptrace's figures for its list, the kept slices' for a group", () => {
    // Two Ps: g 2 hogs P0 throughout; on P1 g 3 runs until 1.05 and is preempted, and g 4, runnable
    // since 1.02, gets P1 at 1.06. g 5's wait ends past the slices' cut (1.08).
    const procs = [
      { p: 0, slices: [{ g: 2, start_func: 'main.hog', begin_s: 1, end_s: 1.08, stop: 'cap reached: not kept past here' }] },
      {
        p: 1,
        slices: [
          { g: 3, start_func: 'main.worker', begin_s: 1.01, end_s: 1.05, stop: 'preempted' },
          { g: 4, start_func: 'main.worker', begin_s: 1.06, end_s: 1.08, stop: 'cap reached: not kept past here' },
        ],
      },
    ];
    const goroutines = [
      { g: 4, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.02, 'Waiting', 'Runnable', 2), tr(1.06, 'Runnable', 'Running')] },
      { g: 5, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.03, 'Waiting', 'Runnable', 2), tr(1.09, 'Runnable', 'Running')] },
      { g: 6, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.04, 'Waiting', 'Runnable', 2), tr(1.08, 'Runnable', 'Running')] },
    ];
    const w = window({ procs, goroutines, truncated: { slices: 2 }, kept_until_s: { slices: 1.08 } });
    // Ps busy from 1.02 to 1.06: P0 the whole 40 ms, P1 30 ms (g 3 until 1.05).
    const [g5, g4, g6] = heldPs(w, worstWaits(windowWaits(w).waits));
    expect(g4).toMatchObject({ g: 4, p: 1, psBusy_s: 0.07, ranAfter: { g: 3, startFunc: 'main.worker', end_s: 1.05, stop: 'preempted' } });
    expect(g5).toMatchObject({ g: 5, p: null, psBusy_s: null, ranAfter: null });
    // Ending at the cut: the Ps' busy time is whole (P0 40 ms, P1 g 3 10 ms and g 4 20 ms), its own slice, begun there, was not kept.
    expect(g6).toMatchObject({ g: 6, p: null, psBusy_s: 0.07, ranAfter: null });
    // GOMAXPROCS 2 until 1.04, then 4: 2 × 20 ms + 4 × 20 ms of P-time there was.
    const steps = [
      { t: 0.0001, n: 2 },
      { t: 1.04, n: 4 },
    ];
    expect(psAvailable(steps, 1.02, 1.06)).toBeCloseTo(0.12, 12);
    expect(psAvailable(steps, 0, 0.01)).toBeCloseTo(0.02, 12); // the first value holds from the trace's start
    expect(psAvailable([], 1.02, 1.06)).toBeNull();
    const group = windowFacts(w, 'main.worker', steps).worstWaits;
    expect(group.find((x) => x.g === 4)).toMatchObject({ psBusy_s: 0.07, psAvailable_s: 0.12 });
    // Whom the Ps ran meanwhile, by group: main.hog on P0 40 ms, main.worker (g 3) 30 ms on P1; nothing past the cut.
    expect(group.find((x) => x.g === 4)!.heldBy).toEqual([{ startFunc: 'main.hog', s: 0.04 }, { startFunc: 'main.worker', s: 0.03 }]);
    expect(group.find((x) => x.g === 5)!.heldBy).toBeNull();
    // gmptrace's list states its own figures, whatever the cut; p -1 (no P) states no P, and the Ps' busy time.
    const listed = window({
      longest_waits: [
        { g: 7, start_func: '', begin_s: 1.02, end_s: 1.07, from: 'Waiting', stack: 2, own_stop_stack: 3, by: 9, p: 1, ps_busy_s: 0.0999999999, after: { g: 2, start_func: 'main.hog', end_s: 1.07, stop: 'preempted' } },
        { g: 8, start_func: 'main.worker', begin_s: 1.03, end_s: 1.031, from: 'Running', reason: 'preempted', stack: 1, own_stop_stack: 1, by: null, p: -1, ps_busy_s: 0, after: null },
      ],
    });
    const [g7, g8] = windowFacts(listed, null, [{ t: 0, n: 2 }]).worstWaits;
    expect(g7).toMatchObject({ p: 1, psBusy_s: 0.1, ranAfter: { g: 2, startFunc: 'main.hog', end_s: 1.07, stop: 'preempted' } });
    expect(g7!.psAvailable_s).toBeCloseTo(0.1, 12);
    expect(g8).toMatchObject({ p: null, psBusy_s: 0, ranAfter: null });
    // Past the groups it names, the rest is one: five groups on one P, 10 ms each of a 50 ms wait.
    const five = window({ procs: [{ p: 0, slices: ['a', 'b', 'c', 'd', 'e'].map((f, i) => ({ g: 10 + i, start_func: `main.${f}`, begin_s: 1 + 0.01 * i, end_s: 1.01 + 0.01 * i + (f === 'a' ? 0.005 : 0), stop: 'preempted' })) }] });
    expect(heldBy(five, { begin_s: 1, end_s: 1.05 })).toEqual([
      { startFunc: 'main.a', s: 0.015 },
      { startFunc: 'main.b', s: 0.01 },
      { startFunc: 'main.c', s: 0.01 },
      { startFunc: null, s: 0.02 },
    ]);
  });

  it('counts the P-time goroutines in syscalls held the Ps during a wait, up to when each P was taken', () => {
    const syscalls = [
      { g: 20, start_func: 'main.io', begin_s: 1.0, end_s: 1.05, p: 0, p_until_s: 1.03 }, // held 1.02–1.03 of the wait
      { g: 21, start_func: 'main.io', begin_s: 1.04, end_s: 1.09, p: 1, p_until_s: 1.09 }, // held 1.04–1.06
      { g: 22, start_func: 'main.io', begin_s: 1.02, end_s: 1.06, p: -1, p_until_s: 1.02 }, // held no P
    ];
    const w = window({ syscalls, longest_waits: [{ g: 7, start_func: 'main.w', begin_s: 1.02, end_s: 1.06, from: 'Waiting', stack: 0, own_stop_stack: 0, by: 9, p: -1, ps_busy_s: 0, after: null }] });
    expect(heldInSyscalls(w, { begin_s: 1.02, end_s: 1.06 })).toBeCloseTo(0.03, 12);
    expect(windowFacts(w).worstWaits[0]!.psInSyscalls_s).toBeCloseTo(0.03, 12);
    // Syscalls kept only until 1.05: one may have held a P after, unseen.
    const cut = window({ syscalls, truncated: { syscalls: 1 }, kept_until_s: { syscalls: 1.05 } });
    expect(heldInSyscalls(cut, { begin_s: 1.02, end_s: 1.06 })).toBeNull();
    expect(heldInSyscalls(cut, { begin_s: 1.0, end_s: 1.05 })).toBeCloseTo(0.04, 12);
  });

  it('names a wait by the state the goroutine left', () => {
    expect(waitCause({ from: 'NotExist' })).toBe('created');
    expect(waitCause({ from: 'Waiting' })).toBe('unblocked');
    expect(waitCause({ from: 'Running', reason: 'preempted' })).toBe('preempted');
    expect(waitCause({ from: 'Running', reason: 'runtime.Gosched' })).toBe('yielded');
    expect(waitCause({ from: 'Syscall' })).toBe('syscall_lost_p');
  });

  it('pairs each Runnable with the next Running: waiter stack where it blocked, unblocker from the edge', () => {
    const w = window({
      goroutines: [
        // blocked at stack 3 in the window, woken by g 9 at stack 2, ran 5 ms later
        { g: 7, start_func: 'main.worker', state_at_from: 'Running', transitions: [tr(1.01, 'Running', 'Waiting', 3, 'chan receive'), tr(1.02, 'Waiting', 'Runnable', 2), tr(1.025, 'Runnable', 'Running')] },
        // preempted at stack 1, ran again 1 ms later; then runnable until the end (open)
        { g: 8, start_func: 'main.worker', state_at_from: 'Running', transitions: [tr(1.03, 'Running', 'Runnable', 1, 'preempted'), tr(1.031, 'Runnable', 'Running'), tr(1.05, 'Running', 'Runnable', 1, 'preempted')] },
        // already runnable at from: its wait began before the window and is not counted
        { g: 10, start_func: 'main.other', state_at_from: 'Runnable', transitions: [tr(1.001, 'Runnable', 'Running')] },
        // created by g 9 at stack 4
        { g: 11, start_func: 'main.child', state_at_from: 'NotExist', transitions: [tr(1.04, 'NotExist', 'Runnable', 4), tr(1.042, 'Runnable', 'Running')] },
        { g: 9, start_func: 'main.release', state_at_from: 'Running', transitions: [] },
      ],
      unblocks: [{ t: 1.02, g: 7, by: 9, stack: 2 }],
    });
    const { waits, open } = windowWaits(w);
    expect(open).toBe(1);
    const worst = worstWaits(waits);
    expect(worst.map((x) => [x.g, x.cause, Math.round(x.wait_s * 1e6)])).toEqual([
      [7, 'unblocked', 5000],
      [11, 'created', 2000],
      [8, 'preempted', 1000],
    ]);
    expect(worst[0]).toMatchObject({ waiterStack: STACKS[3], unblocker: 9, unblockerStartFunc: 'main.release', unblockerStack: STACKS[2] });
    expect(worst[1]).toMatchObject({ waiterStack: [], unblocker: null, unblockerStack: STACKS[4] });
    expect(worst[2]).toMatchObject({ waiterStack: STACKS[1], unblocker: null, unblockerStack: [] });
    expect(worstWaits(waits, 1)).toHaveLength(1);
  });

  it('finds the densest ±1 ms of wake-ups, by cause and by who woke or created them', () => {
    const woken = Array.from({ length: 6 }, (_, i) => ({
      g: 20 + i,
      start_func: 'main.worker',
      state_at_from: 'Waiting',
      transitions: [tr(1.05 + i * 0.0003, 'Waiting', 'Runnable', 2), tr(1.07, 'Runnable', 'Running')],
    }));
    const stray = { g: 40, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.01, 'Waiting', 'Runnable', 1)] };
    const created = { g: 41, start_func: 'main.child', state_at_from: 'NotExist', transitions: [tr(1.0505, 'NotExist', 'Runnable', 4)] };
    const w = window({
      goroutines: [...woken, stray, created],
      unblocks: [
        ...woken.slice(0, 4).map((g) => ({ t: g.transitions[0]!.t, g: g.g, by: 9, stack: 2 })),
        ...woken.slice(4).map((g) => ({ t: g.transitions[0]!.t, g: g.g, by: -1, stack: 0 })),
        { t: 1.01, g: 40, by: 9, stack: 1 },
        { t: 1.0505, g: 41, by: 9, stack: 4, created: true },
      ],
    });
    const burst = burstOf(w)!;
    expect(burst.count).toBe(7);
    expect(burst.goroutines).toBe(7);
    expect(burst.byCause).toEqual({ unblocked: 6, created: 1 });
    // A group's burst: its goroutines' wake-ups only.
    expect(windowFacts(w, 'main.child').burst).toMatchObject({ count: 1, goroutines: 1, byCause: { created: 1 } });
    expect(windowFacts(w, 'main.worker').burst).toMatchObject({ count: 6, goroutines: 6, byCause: { unblocked: 6 } });
    // A goroutine woken twice in the 2 ms is two wake-ups of one goroutine.
    const twice = window({ goroutines: [{ g: 50, start_func: 'main.loop', state_at_from: 'Waiting', transitions: [tr(2, 'Waiting', 'Runnable', 1), tr(2.0001, 'Runnable', 'Running'), tr(2.0002, 'Running', 'Waiting'), tr(2.0003, 'Waiting', 'Runnable', 1)] }] });
    expect(burstOf(twice)).toMatchObject({ count: 2, goroutines: 1 });
    expect(burst.t).toBeCloseTo(1.05 + BURST_HALF_WIDTH_S, 9);
    // The creator counts among them, as such: goroutine 9 woke four and created one.
    expect(burst.unblockers).toEqual([
      { by: 9, startFunc: null, stack: STACKS[2], count: 4, created: false },
      { by: -1, startFunc: null, stack: STACKS[2], count: 2, created: false },
      { by: 9, startFunc: null, stack: STACKS[4], count: 1, created: true },
    ]);
    expect(burst.runtime).toEqual({ count: 0, goroutines: 0, startFuncs: [] });
    expect(burst.moreUnblockers).toEqual({ unblockers: 0, count: 0 });
  });

  it('counts the wakers and creators past the listed ones, and their wake-ups', () => {
    // Seven goroutines each woken by a goroutine of its own: five listed, two more.
    const goroutines = Array.from({ length: 7 }, (_, i) => ({ g: 20 + i, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.05 + i * 0.0001, 'Waiting', 'Runnable', 1)] }));
    const w = window({ goroutines, unblocks: goroutines.map((g, i) => ({ t: g.transitions[0]!.t, g: g.g, by: 40 + i, stack: 1 })) });
    const burst = burstOf(w)!;
    expect(burst.unblockers).toHaveLength(5);
    expect(burst.moreUnblockers).toEqual({ unblockers: 2, count: 2 });
    expect(burst.unblockers.reduce((n, u) => n + u.count, 0) + burst.moreUnblockers.count).toBe(burst.byCause.unblocked);
  });

  it("says how many of a burst's wake-ups were the runtime's own goroutines', and whose", () => {
    // The sweeper yields between spans, hundreds of times a millisecond; a GC worker and one of the program's beside it.
    const yields = Array.from({ length: 5 }, (_, i) => [tr(1.05 + i * 0.0001, 'Running', 'Runnable', 0, 'yield'), tr(1.05 + i * 0.0001 + 0.00005, 'Runnable', 'Running')]).flat();
    const w = window({
      goroutines: [
        { g: 3, start_func: 'runtime.bgsweep', state_at_from: 'Running', transitions: yields },
        { g: 7, start_func: 'runtime.gcBgMarkWorker', state_at_from: 'Waiting', transitions: [tr(1.0502, 'Waiting', 'Runnable', 0)] },
        { g: 20, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [tr(1.0503, 'Waiting', 'Runnable', 1)] },
      ],
    });
    const burst = burstOf(w)!;
    expect(burst.count).toBe(7);
    expect(burst.runtime).toEqual({ count: 6, goroutines: 2, startFuncs: ['runtime.bgsweep', 'runtime.gcBgMarkWorker'] });
    // A group of the program's has none of them.
    expect(windowFacts(w, 'main.worker').burst!.runtime).toEqual({ count: 0, goroutines: 0, startFuncs: [] });
  });

  it('states the run that held a P longest while the run queue was not empty, and the depth', () => {
    const w = window({
      run_queue: [
        { t: 1, runnable: 0 },
        { t: 1.02, runnable: 3 },
        { t: 1.03, runnable: 5 },
        { t: 1.06, runnable: 0 },
      ],
      procs: [
        { p: 0, slices: [{ g: 1, start_func: 'main.a', begin_s: 1, end_s: 1.019, stop: 'preempted' }, { g: 2, start_func: 'main.hog', begin_s: 1.02, end_s: 1.1, stop: 'window end' }] },
        { p: 1, slices: [{ g: 3, start_func: 'main.b', begin_s: 1.025, end_s: 1.045, stop: 'blocked: chan receive' }] },
      ],
    });
    const queue = new RunQueueSteps(w);
    expect(queue.waitingTime(1, 1.1)).toBeCloseTo(0.04, 12);
    expect(queue.waitingTime(1.025, 1.045)).toBeCloseTo(0.02, 12);
    const hold = longestHold(w, queue)!;
    expect(hold).toMatchObject({ p: 0, g: 2, startFunc: 'main.hog', maxWaiting: 5, stop: 'window end' });
    expect(hold.heldWhileWaiting_s).toBeCloseTo(0.04, 12);
    const rq = queue.summary();
    expect(rq).toMatchObject({ atFrom: 0, max: 5, maxAt: 1.03, cut_s: null });
    // (3 × 10 ms + 5 × 30 ms) / 100 ms
    expect(rq.mean).toBeCloseTo(1.8, 9);
  });

  it("counts the run queue until the trace's end where it ends inside the range, which is no cap", () => {
    // The trace ended at 1.04 s with 3 waiting: not taken to hold until 1.1 s, and nothing was left out.
    const w = window({
      run_queue: [
        { t: 1, runnable: 0 },
        { t: 1.02, runnable: 3 },
      ],
      trace_end_s: 1.04,
    });
    const facts = windowFacts(w);
    // 3 × 20 ms / 40 ms
    expect(facts.runQueue.mean).toBeCloseTo(1.5, 9);
    expect(facts).toMatchObject({ partial: false, keptUntil_s: null, runQueue: { cut_s: null } });
  });

  it('counts a capped run queue only until its cut, where nothing is known of it after', () => {
    // The cap stopped the steps at 1.04 s with 5 waiting: the queue is not taken to hold 5 until 1.1 s.
    const w = window({
      run_queue: [
        { t: 1, runnable: 0 },
        { t: 1.02, runnable: 3 },
        { t: 1.03, runnable: 5 },
      ],
      procs: [{ p: 0, slices: [{ g: 2, start_func: 'main.hog', begin_s: 1.02, end_s: 1.1, stop: 'window end' }] }],
      truncated: { run_queue: 40, transitions: 9 },
      kept_until_s: { run_queue: 1.04, transitions: 1.06 },
    });
    const queue = new RunQueueSteps(w);
    expect(queue.waitingTime(1, 1.1)).toBeCloseTo(0.02, 12);
    const facts = windowFacts(w);
    expect(facts.longestHold!.heldWhileWaiting_s).toBeCloseTo(0.02, 12);
    // (3 × 10 ms + 5 × 10 ms) / 40 ms: the mean over the kept part
    expect(facts.runQueue.mean).toBeCloseTo(2, 9);
    expect(facts).toMatchObject({ partial: true, keptUntil_s: 1.04, runQueue: { cut_s: 1.04 }, openWaitsAt_s: null });
    // A group's open waits come from the kept transitions: still runnable at their cut.
    expect(windowFacts(w, 'main.hog').openWaitsAt_s).toBe(1.06);
    // A cap on a list these facts do not read leaves them whole.
    expect(windowFacts(window({ truncated: { regions: 3 }, kept_until_s: { regions: 1.05 } }))).toMatchObject({ partial: false, keptUntil_s: null });
  });
});
