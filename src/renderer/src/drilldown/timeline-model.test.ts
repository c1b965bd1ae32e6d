import { describe, expect, it } from 'vitest';
import { TraceWindow } from '../../../shared/trace-window';
import { BAND_KINDS, BAND_PAINT_ORDER, bandExtent, inPaintOrder, bandKind, clampView, groupOfColour, isHeldBySyscall, spanAt, spanTimesText, timelineModel, unblockEdges, visibleSpans } from './timeline-model';

/** The pointer at time t, at a height of a lane (0 top, 1 bottom), where a pixel spans `pixel_s`. */
const at_ = (t: number, y = 0.75, pixel_s = 0) => ({ t, y, pixel_s });

const facts = (gs: number[]) => ({ worstWaits: gs.map((g) => ({ g })), openWaits: 0, openWaitsAt_s: null, burst: null, longestHold: null, runQueue: { atFrom: 0, max: 0, maxAt: null, mean: 0, cut_s: null } }) as never;

const w = TraceWindow.parse({
  schema: 1,
  from_s: 1,
  to_s: 2,
  generations: [1],
  procs: [
    { p: 1, slices: [{ g: 5, start_func: 'main.b', begin_s: 1.5, end_s: 1.6, stop: 'exited' }] },
    {
      p: 0,
      slices: [
        { g: 4, start_func: 'main.a', begin_s: 1.0, end_s: 1.2, stop: 'blocked: chan send' },
        { g: 5, start_func: 'main.b', begin_s: 1.3, end_s: 1.4, stop: 'preempted' },
        { g: 4, start_func: 'main.a', begin_s: 1.4, end_s: 1.9, stop: 'window end' },
      ],
    },
  ],
  goroutines: [
    { g: 5, start_func: 'main.b', state_at_from: 'Waiting', transitions: [
      { t: 1.1, from: 'Waiting', to: 'Runnable', stack: 2 },
      { t: 1.3, from: 'Runnable', to: 'Running', stack: 0 },
      { t: 1.4, from: 'Running', to: 'Runnable', reason: 'preempted', stack: 1 },
      { t: 1.5, from: 'Runnable', to: 'Running', stack: 0 },
      { t: 1.6, from: 'Running', to: 'NotExist', stack: 0 },
    ] },
  ],
  unblocks: [{ t: 1.1, g: 5, by: 4, stack: 2 }],
  run_queue: [{ t: 1, runnable: 0 }, { t: 1.1, runnable: 1 }, { t: 1.3, runnable: 0 }],
  ranges: [
    { name: 'GC concurrent mark phase', scope: 'global', begin_s: 1.0, end_s: 1.8 },
    { name: 'stop-the-world (GC mark termination)', scope: 'global', begin_s: 1.2, end_s: 1.25 },
  ],
  syscalls: null,
  regions: null,
  tasks: null,
  stacks: [[], ['main.b /b.go:3'], ['main.a /a.go:9']],
  truncated: null,
  notes: null,
  longest_waits: null,
  open_waits: 0,
});

describe('timeline model', () => {
  const m = timelineModel(w, facts([5]));

  it('has a band lane, one lane per P in order, a syscall lane and the waiters', () => {
    expect(m.lanes.map((l) => l.label)).toEqual(['GC · STW', 'P0', 'P1', 'syscalls', 'g5']);
    expect(m.slices).toBe(4);
    expect(m.groups).toEqual(['main.a', 'main.b']);
    expect(m.queueMax).toBe(1);
    // a slice's hover stack is where its goroutine stopped
    expect(Array.from(m.lanes[1]!.stack)).toEqual([0, 1, 0]);
  });

  it('gives the goroutine a range was opened for a lane first, once, whether or not it is among the worst waits', () => {
    expect(timelineModel(w, facts([]), 5).lanes.map((l) => l.label)).toEqual(['GC · STW', 'P0', 'P1', 'syscalls', 'g5']);
    expect(timelineModel(w, facts([5]), 5).lanes.filter((l) => l.label === 'g5')).toHaveLength(1);
    expect(timelineModel(w, facts([]))).toMatchObject({ lanes: expect.not.arrayContaining([expect.objectContaining({ label: 'g5' })]) });
  });

  it("draws a goroutine lane from its state at from through each transition", () => {
    const g = m.lanes[4]!;
    expect(g.what).toEqual(['Waiting', 'Runnable', 'Running', 'Runnable', 'Running']);
    expect(Array.from(g.begin)).toEqual([1, 1.1, 1.3, 1.4, 1.5]);
    expect(Array.from(g.end)).toEqual([1.1, 1.3, 1.4, 1.5, 1.6]);
    // Woken at 1.1 by g4: that span's stack is g4's; preempted at 1.4, its own.
    expect(g.stackOf).toEqual([null, 4, null, null, null]);
    expect(Array.from(g.stack)).toEqual([0, 2, 0, 1, 0]);
  });

  it('finds the spans in view and under the pointer by binary search, overlapping bands included', () => {
    const p0 = m.lanes[1]!;
    expect(visibleSpans(p0, 1.25, 1.35)).toEqual([1, 2]);
    expect(visibleSpans(p0, 1.95, 2)).toEqual([3, 3]);
    expect(spanAt(p0, at_(1.35))).toBe(1);
    expect(spanAt(p0, at_(1.25))).toBe(-1);
    const bands = m.lanes[0]!;
    // the STW band lies inside the mark phase: where spans overlap the range is a superset (the frame skips what ended)
    expect(visibleSpans(bands, 1.5, 1.6)).toEqual([0, 2]);
    expect(visibleSpans(bands, 1.85, 1.9)).toEqual([2, 2]);
    expect(visibleSpans(bands, 1.21, 1.22)).toEqual([0, 2]);
    expect(bands.colour[1]).toBe(bandKind('stop-the-world (GC mark termination)'));
  });

  it('draws an unblock edge from the unblocker on its P to where the woken goroutine next ran', () => {
    expect(unblockEdges(w, m)).toEqual([{ t: 1.1, fromLane: 1, toLane: 1, toT: 1.3 }]);
  });

  it('is whole to the range end when nothing was capped', () => {
    expect(m.lanes.map((l) => l.keptUntil)).toEqual([2, 2, 2, 2, 2]);
    expect(m.queueKeptUntil).toBe(2);
  });

  it("ends at the trace's end where the trace ends inside the range: no state is drawn on past it", () => {
    const ended = timelineModel(TraceWindow.parse({ ...w, goroutines: [{ ...w.goroutines[0]!, transitions: w.goroutines[0]!.transitions.slice(0, 4) }], trace_end_s: 1.7 }), facts([5]));
    expect(ended.to).toBe(1.7);
    expect(ended.lanes.map((l) => l.keptUntil)).toEqual([1.7, 1.7, 1.7, 1.7, 1.7]);
    // g5, Runnable since 1.5 s in this window, is Runnable until the trace's end, not the range's.
    expect(ended.lanes[4]!.end.at(-1)).toBe(1.7);
  });

  it('draws a P held by a goroutine in a syscall on its lane, in a colour of its own, until the P was taken', () => {
    const held = TraceWindow.parse({
      ...w,
      syscalls: [
        // g 4 enters a syscall on P0 at 1.2 s and keeps the P until it comes back at 1.3 s
        { g: 4, start_func: 'main.a', begin_s: 1.2, end_s: 1.3, p: 0, p_until_s: 1.3 },
        // g 6 loses P2 at 1.55 s, its syscall going on to 1.7 s; P2 ran no slice in the range, nor did main.c
        { g: 6, start_func: 'main.c', begin_s: 1.5, end_s: 1.7, p: 2, p_until_s: 1.55 },
        // a syscall that held no P (or none known) shows only in the syscalls lane
        { g: 7, start_func: 'main.d', begin_s: 1.1, end_s: 1.2, p: -1, p_until_s: 1.1 },
      ],
      unblocks: [...w.unblocks, { t: 1.25, g: 5, by: 4, stack: 0 }],
    });
    const hm = timelineModel(held, facts([5]));
    expect(hm.lanes.map((l) => l.label)).toEqual(['GC · STW', 'P0', 'P1', 'P2', 'syscalls', 'g5']);
    expect([hm.slices, hm.syscallHolds]).toEqual([4, 2]);
    const p0 = hm.lanes[1]!;
    expect(Array.from(p0.begin)).toEqual([1.0, 1.2, 1.3, 1.4]);
    expect(Array.from(p0.end)).toEqual([1.2, 1.3, 1.4, 1.9]);
    expect(Array.from(p0.colour, isHeldBySyscall)).toEqual([false, true, false, false]);
    // painted as a syscall, faded with its goroutine's group (main.a) when another is picked
    expect(hm.groups[groupOfColour(p0.colour[1]!)]).toBe('main.a');
    // Only the slices' groups take colours and the legend, as without syscalls: main.c ran no slice.
    expect(hm.groups).toEqual(m.groups);
    expect(groupOfColour(hm.lanes[3]!.colour[0]!)).toBe(-1);
    expect(p0.what[1]).toBe('in a syscall, holding the P');
    const p2 = hm.lanes[3]!;
    expect([Array.from(p2.begin), Array.from(p2.end), p2.what]).toEqual([[1.5], [1.55], ['in a syscall; its P taken here (the syscall went on to 1.700000 s)']]);
    // The syscalls lane holds every goroutine's, each saying what P it held.
    expect(hm.lanes[4]!.what).toEqual(['in a syscall, holding no P in this range', 'in a syscall, holding P0', 'in a syscall, holding P2 until 1.550000 s']);
    // g 4 in its syscall woke nobody there: the edge from 1.25 s starts on no P's run
    expect(unblockEdges(held, hm)[1]).toEqual({ t: 1.25, fromLane: -1, toLane: 1, toT: 1.3 });
    // The P lanes are whole only as far as the syscalls are: past their cut a held P would read as idle.
    const cut = timelineModel(TraceWindow.parse({ ...held, truncated: { syscalls: 3 }, kept_until_s: { syscalls: 1.52 } }), facts([5]));
    expect(cut.lanes.filter((l) => l.kind === 'proc').map((l) => l.keptUntil)).toEqual([1.52, 1.52, 1.52]);
    expect(Array.from(cut.lanes[3]!.end)).toEqual([1.52]);
    // Cut there, before the P was taken at 1.55 s: it is not said taken at the cut.
    expect(cut.lanes[3]!.what).toEqual(['in a syscall, holding the P']);
  });

  it("gives the Ps' sweeps a lane of their own after the GC · STW lane, whole until their own cut", () => {
    const swept = TraceWindow.parse({
      ...w,
      sweeps: [
        { name: 'GC incremental sweep', scope: 'p 1', begin_s: 1.31, end_s: 1.3101 },
        { name: 'GC incremental sweep', scope: 'p 0', begin_s: 1.3, end_s: 1.3002 },
      ],
      truncated: { sweeps: 40 },
      kept_until_s: { sweeps: 1.32 },
    });
    const sm = timelineModel(swept, facts([5]));
    expect(sm.lanes.map((l) => l.label)).toEqual(['GC · STW', 'sweeps', 'P0', 'P1', 'syscalls', 'g5']);
    const sweeps = sm.lanes[1]!;
    expect([sweeps.kind, Array.from(sweeps.begin), sweeps.what]).toEqual(['bands', [1.3, 1.31], ['GC incremental sweep (p 0)', 'GC incremental sweep (p 1)']]);
    expect(Array.from(sweeps.colour)).toEqual([3, 3]);
    // The sweeps' cap cuts their lane only: the GC · STW lane stays whole.
    expect(sm.lanes.map((l) => l.keptUntil)).toEqual([2, 1.32, 2, 2, 2, 2]);
  });

  it("ends a goroutine lane at the transitions' cut, where the cap left its later states out", () => {
    // The cap cut the transitions at 1.45 s: g 5, Runnable from 1.4 s, is not drawn Runnable to the range end.
    const cut = TraceWindow.parse({
      ...w,
      goroutines: [{ ...w.goroutines[0]!, transitions: w.goroutines[0]!.transitions.slice(0, 3) }],
      truncated: { transitions: 2, slices: 1, run_queue: 1 },
      kept_until_s: { transitions: 1.45, slices: 1.5, run_queue: 1.35 },
    });
    const cm = timelineModel(cut, facts([5]));
    const g = cm.lanes[4]!;
    expect(g.what).toEqual(['Waiting', 'Runnable', 'Running', 'Runnable']);
    expect(g.end[3]).toBe(1.45);
    expect(cm.lanes.map((l) => l.keptUntil)).toEqual([2, 1.5, 1.5, 2, 1.45]);
    expect(cm.queueKeptUntil).toBe(1.35);
  });
});

describe('clampView', () => {
  const range = { from: 0.369088576, to: 1.245111105 };

  it('keeps a whole view dragged the whole range, which its ends moved by the same dt would miss by a rounding', () => {
    // Seen in CI: a drag of the whole view drew [0.369088576, 1.2451111049999999].
    const dt = -0.0026362965087275182;
    expect(range.to - dt - (range.from - dt)).toBeLessThan(range.to - range.from);
    expect(clampView(range.from - dt, range.to - dt, range)).toEqual({ t0: range.from, t1: range.to });
  });

  it('pans a narrower view inside the range and stops it at either end', () => {
    expect(clampView(0.5, 0.6, range)).toEqual({ t0: 0.5, t1: 0.6 });
    const atStart = clampView(0.3, 0.4, range);
    expect(atStart.t0).toBe(range.from);
    expect(atStart.t1 - atStart.t0).toBeCloseTo(0.1, 12);
    const atEnd = clampView(1.2, 1.3, range);
    expect(atEnd.t1).toBe(range.to);
    expect(atEnd.t1 - atEnd.t0).toBeCloseTo(0.1, 12);
  });

  it('zooms in no further than 100 ns, and out no further than the range', () => {
    expect(clampView(0.5, 0.5, range).t1 - 0.5).toBeCloseTo(1e-7, 15);
    expect(clampView(0, 2, range)).toEqual({ t0: range.from, t1: range.to });
  });
});

describe('spanAt among overlapping bands', () => {
  // A mark phase holding a long assist, a pause, assists during and after it; the last band before 1.45 s ended at 1.42 s.
  const gc = TraceWindow.parse({
    ...w,
    ranges: [
      { name: 'GC concurrent mark phase', scope: 'global', begin_s: 1.0, end_s: 1.8 },
      { name: 'GC mark assist', scope: 'g 37', begin_s: 1.1, end_s: 1.6 },
      { name: 'stop-the-world (GC mark termination)', scope: 'global', begin_s: 1.2, end_s: 1.25 },
      { name: 'GC mark assist', scope: 'g 40', begin_s: 1.22, end_s: 1.29 },
      { name: 'GC mark assist', scope: 'g 38', begin_s: 1.3, end_s: 1.35 },
      { name: 'GC mark assist', scope: 'g 39', begin_s: 1.4, end_s: 1.42 },
    ],
    sweeps: [
      { name: 'GC incremental sweep', scope: 'p 0', begin_s: 1.3, end_s: 1.31 },
      { name: 'GC incremental sweep', scope: 'p 1', begin_s: 1.3001, end_s: 1.3002 },
    ],
  });
  const [bands, sweeps] = timelineModel(gc, facts([])).lanes;
  // In the lane's lower half, where every kind is painted, at the pointer's exact time.
  const at = (l: typeof bands, t: number) => l!.what[spanAt(l!, at_(t))] ?? null;

  it('finds a long band that covers the pointer after a later-starting, shorter one has ended', () => {
    expect(at(bands, 1.45)).toBe('GC mark assist (g 37)');
    // past every assist, only the mark phase covers it
    expect(at(bands, 1.7)).toBe('GC concurrent mark phase (global)');
    // a sweep on P0 still running after P1's began and ended
    expect(at(sweeps, 1.305)).toBe('GC incremental sweep (p 0)');
  });

  it('names the pause over what it covers, and the shortest of the bands painted alike', () => {
    expect(at(bands, 1.21)).toBe('stop-the-world (GC mark termination) (global)');
    // an assist begun during the pause, longer than it: the pause is still the answer
    expect(at(bands, 1.23)).toBe('stop-the-world (GC mark termination) (global)');
    expect(at(bands, 1.27)).toBe('GC mark assist (g 40)');
    expect(at(bands, 1.32)).toBe('GC mark assist (g 38)');
    expect(at(bands, 1.15)).toBe('GC mark assist (g 37)');
  });

  it('finds nothing where no band covers the pointer', () => {
    expect(spanAt(bands!, at_(0.95))).toBe(-1);
    expect(spanAt(bands!, at_(1.9))).toBe(-1);
    expect(spanAt(sweeps!, at_(1.32))).toBe(-1);
  });

  it('finds a long band behind many that ended before the pointer', () => {
    // A mark phase, then 1,000 assists one after another, each ended before 2.5 s; one of 3 s long began mid-way.
    const ranges = [{ name: 'GC concurrent mark phase', scope: 'global', begin_s: 1, end_s: 3 }];
    for (let i = 0; i < 1000; i++) ranges.push({ name: 'GC mark assist', scope: `g ${i}`, begin_s: 1.001 + i * 0.001, end_s: 1.0015 + i * 0.001 });
    ranges.push({ name: 'GC mark assist', scope: 'g long', begin_s: 1.5, end_s: 2.6 });
    const [many] = timelineModel(TraceWindow.parse({ ...w, to_s: 3, ranges }), facts([])).lanes;
    expect(at(many, 2.5)).toBe('GC mark assist (g long)');
    expect(at(many, 2.7)).toBe('GC concurrent mark phase (global)');
    expect(at(many, 1.0012)).toBe('GC mark assist (g 0)');
  });
});

describe('the band lane hover names what is painted at the pointer', () => {
  // A mark phase, holding a 17.8 µs assist under a pause (0.968958–0.971530 s), then a 59.6 µs assist
  // holding a 5.50 µs pause: two cases a trial met on a real run.
  const gc = TraceWindow.parse({
    ...w,
    from_s: 0.9,
    to_s: 1.1,
    ranges: [
      { name: 'GC concurrent mark phase', scope: 'global', begin_s: 0.95, end_s: 1.05 },
      { name: 'stop-the-world (GC mark termination)', scope: 'global', begin_s: 0.968958, end_s: 0.97153 },
      { name: 'GC mark assist', scope: 'g 21', begin_s: 0.969, end_s: 0.9690178 },
      { name: 'GC mark assist', scope: 'g 22', begin_s: 1.00998, end_s: 1.0100396 },
      { name: 'stop-the-world (GC sweep termination)', scope: 'global', begin_s: 1.01, end_s: 1.0100055 },
    ],
  });
  const [bands] = timelineModel(gc, facts([])).lanes;
  const named = (t: number, y: number, pixel_s: number) => bands!.what[spanAt(bands!, { t, y, pixel_s })] ?? null;

  it('names a pause, painted on top, not the shorter assist under it', () => {
    for (const y of [0.25, 0.75]) expect(named(0.969008, y, 1e-6)).toBe('stop-the-world (GC mark termination) (global)');
  });

  it("names a pause narrower than a pixel, painted as its column, though it does not hold the pointer's exact time", () => {
    // 8.3 µs a pixel: the pointer 2.5 µs past the pause's end is in its column.
    for (const y of [0.25, 0.75]) expect(named(1.010008, y, 8.3e-6)).toBe('stop-the-world (GC sweep termination) (global)');
    // More than half a pixel past it, the assist painted there; before the first pause, the mark phase.
    expect(named(1.010015, 0.75, 8.3e-6)).toBe('GC mark assist (g 22)');
    expect(named(0.9689, 0.5, 8.3e-6)).toBe('GC concurrent mark phase (global)');
    // At the pointer's exact time (a pixel of no width), the assist alone holds it.
    expect(named(1.010008, 0.75, 0)).toBe('GC mark assist (g 22)');
  });

  it('names the mark phase in the upper half of the lane, where an assist is not painted', () => {
    expect(named(1.01002, 0.25, 1e-6)).toBe('GC concurrent mark phase (global)');
    expect(named(1.01002, 0.75, 1e-6)).toBe('GC mark assist (g 22)');
  });

  it('names nothing where nothing is painted', () => {
    expect(named(0.94, 0.5, 1e-6)).toBeNull();
    expect(named(1.06, 0.5, 8.3e-6)).toBeNull();
  });
});

describe('spanAt in a lane whose spans never overlap', () => {
  // A P mostly idle: 20 µs slices 0.5 ms apart; a column of 0.5 ms holds one, painted faintly.
  const idle = timelineModel(
    TraceWindow.parse({ ...w, procs: [{ p: 0, slices: [0, 1, 2].map((i) => ({ g: 4, start_func: 'main.a', begin_s: 1 + i * 5e-4, end_s: 1 + i * 5e-4 + 2e-5, stop: 'preempted' })) }] }),
    facts([]),
  ).lanes[1]!;
  it('names the span that holds most of the pointer\'s pixel column, not only one under its exact time', () => {
    expect(spanAt(idle, { t: 1.0005 + 1e-5, pixel_s: 5e-4, y: 0.5 })).toBe(1);
    // 0.1 ms after the slice, still in its 0.5 ms column
    expect(spanAt(idle, { t: 1.0006, pixel_s: 5e-4, y: 0.5 })).toBe(1);
    // at 1 µs a pixel the same time is past the slice: nothing there
    expect(spanAt(idle, { t: 1.0006, pixel_s: 1e-6, y: 0.5 })).toBe(-1);
  });
});

describe('inPaintOrder', () => {
  it("fills the bands' batches in their paint order, a pause last, after every other lane's, whatever order they were met in", () => {
    const colours = ['#gc', '#stw', '#assist', '#sweep', '#other'];
    const batch = (colour: string) => ({ colour });
    for (const met of [['#stw', '#assist', '#gc', '#p0'], ['#gc', '#p0', '#stw', '#assist'], ['#assist', '#stw', '#p0', '#gc']]) {
      expect(inPaintOrder(met.map(batch), colours).map((b) => b.colour)).toEqual(['#p0', '#gc', '#assist', '#stw']);
    }
  });
});

describe('band paint order', () => {
  const kind = (k: (typeof BAND_KINDS)[number]) => BAND_KINDS.indexOf(k);
  /** The kind seen at a height of a lane (0 top, 1 bottom) where bands of these kinds overlap, as painted. */
  const seenAt = (kinds: number[], y: number) => {
    const painted = [...kinds].sort((a, b) => BAND_PAINT_ORDER.indexOf(a) - BAND_PAINT_ORDER.indexOf(b));
    return painted.filter((k) => y >= bandExtent(k)[0] && y < bandExtent(k)[0] + bandExtent(k)[1]).at(-1);
  };

  it('paints every band kind once', () => {
    expect([...BAND_PAINT_ORDER].sort()).toEqual(BAND_KINDS.map((_, i) => i));
  });

  it('shows a pause over everything, whatever order the bands are met in', () => {
    const met = [kind('GC'), kind('mark assist'), kind('STW')];
    for (const order of [met, [...met].reverse(), [met[1]!, met[2]!, met[0]!]]) {
      expect(seenAt(order, 0.25)).toBe(kind('STW'));
      expect(seenAt(order, 0.75)).toBe(kind('STW'));
    }
  });

  it('shows a mark phase above an assist, and the assist below', () => {
    for (const order of [[kind('GC'), kind('mark assist')], [kind('mark assist'), kind('GC')]]) {
      expect(seenAt(order, 0.25)).toBe(kind('GC'));
      expect(seenAt(order, 0.75)).toBe(kind('mark assist'));
    }
    // where the assist outlasts the phase it shows alone, below
    expect(seenAt([kind('mark assist')], 0.25)).toBeUndefined();
  });
});

describe('spanTimesText', () => {
  it('prints a sub-microsecond span to the nanosecond, so its ends differ', () => {
    expect(spanTimesText(1.52269912, 1.522699312)).toBe('1.522699120 s – 1.522699312 s (192 ns)');
    expect(spanTimesText(1.000001, 1.000009)).toBe('1.000001000 s – 1.000009000 s (8.00 µs)');
  });

  it('prints a span of 10 µs or more to the microsecond', () => {
    expect(spanTimesText(1.665466, 1.679163)).toBe('1.665466 s – 1.679163 s (13.7 ms)');
    expect(spanTimesText(1.2, 1.20001)).toBe('1.200000 s – 1.200010 s (10.0 µs)');
    // Clipped to the range at an edge: it may have begun before, or go on past.
    const range = { from: 0.357253, to: 0.507361 };
    expect(spanTimesText(0.357253, 0.507361, range)).toBe("0.357253 s – 0.507361 s (150 ms, from the range's start to its end: it may reach beyond)");
    expect(spanTimesText(0.357253, 0.4, range)).toBe("0.357253 s – 0.400000 s (42.7 ms, from the range's start: it may reach beyond)");
    expect(spanTimesText(0.4, 0.507361, range)).toBe("0.400000 s – 0.507361 s (107 ms, to the range's end: it may reach beyond)");
    expect(spanTimesText(0.4, 0.45, range)).toBe('0.400000 s – 0.450000 s (50.0 ms)');
  });
});
