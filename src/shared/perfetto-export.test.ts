import { describe, expect, it } from 'vitest';
import { traceEventProblems } from '../../test/support/trace-event-format';
import { PERFETTO_PROCESSES, perfettoFileName, windowAsTraceEvents } from './perfetto-export';
import { TraceWindow } from './trace-window';

/**
 * A range of 0.1 s whose transitions the cap cut at 0.06 s: goroutine 1 runs and wakes goroutine 2
 * (at 0.02 s, kept) and goroutine 3 (at 0.08 s, past the cut); goroutine 4 is made past the cut;
 * goroutine 5 wakes goroutine 2 as it stops running, at 0.03 s.
 */
const capped = TraceWindow.parse({
  schema: 1,
  from_s: 0,
  to_s: 0.1,
  generations: [1],
  procs: [{ p: 0, slices: [{ g: 1, start_func: 'main.main', begin_s: 0, end_s: 0.05, stop: 'cap reached: not kept past here' }] }],
  goroutines: [
    { g: 1, start_func: 'main.main', state_at_from: 'Running', transitions: [] },
    { g: 2, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [{ t: 0.02, from: 'Waiting', to: 'Runnable', stack: 1 }] },
    { g: 3, start_func: 'main.worker', state_at_from: 'Waiting', transitions: [] },
    { g: 4, start_func: 'main.late', state_at_from: 'NotExist', transitions: [] },
    { g: 5, start_func: 'main.waker', state_at_from: 'Running', transitions: [{ t: 0.03, from: 'Running', to: 'Waiting', reason: 'chan send', stack: 1 }] },
  ],
  unblocks: [
    { t: 0.02, g: 2, by: 1, stack: 1 },
    { t: 0.08, g: 3, by: 1, stack: 1 },
    { t: 0.03, g: 2, by: -1, stack: 0 },
    { t: 0.03, g: 2, by: 5, stack: 1 },
  ],
  run_queue: [
    { t: 0.02, runnable: 1 },
    { t: 0.04, runnable: 2 },
  ],
  ranges: [{ name: 'GC concurrent mark phase', scope: 'global', begin_s: 0.01, end_s: 0.04 }],
  sweeps: [{ name: 'GC incremental sweep', scope: 'p 0', begin_s: 0.0201, end_s: 0.020101 }],
  syscalls: [],
  regions: [],
  tasks: [],
  stacks: [[], ['main.main /src/main.go:12']],
  longest_waits: [],
  open_waits: 1,
  truncated: { transitions: 7, slices: 3, run_queue: 5 },
  kept_until_s: { transitions: 0.06, slices: 0.05, run_queue: 0.05 },
  notes: ['transitions: 7 more left out (cap 4); whole until 0.060000 s', 'the trace ends at 0.1 s'],
});

describe('windowAsTraceEvents', () => {
  const file = windowAsTraceEvents(capped, { runId: 'r1', trace: 'trace.out' });
  const ev = file.traceEvents;

  it("ends each goroutine's states at the transitions' cut, and draws none that began past it", () => {
    const states = (g: number) => ev.filter((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === g && e.ph === 'X').map((e) => [e.name, e.ts, e.dur]);
    expect(states(1)).toEqual([['Running', 0, 60_000]]);
    expect(states(2)).toEqual([
      ['Waiting', 0, 20_000],
      ['Runnable', 20_000, 40_000],
    ]);
    // Made past the cut: no state to draw, so no track.
    expect(ev.some((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === 4)).toBe(false);
    // A woken goroutine's stack is its waker's, and named so; a goroutine's own stop, its own.
    expect(ev.find((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === 2 && e.ph === 'X' && e.name === 'Runnable')!.args).toEqual({ "waker's stack": 'main.main /src/main.go:12' });
    expect(ev.find((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === 5 && e.ph === 'X' && e.name === 'Waiting: chan send')!.args).toEqual({ stack: 'main.main /src/main.go:12' });
  });

  it('gives a flow only to an unblock whose ends lie in slices of their tracks, with a hexadecimal id', () => {
    // Not from no goroutine, not past the cut, not from a goroutine that stopped running at that nanosecond.
    expect(ev.filter((e) => e.ph === 's').map((e) => [e.id, e.tid, e.ts, e.args])).toEqual([['0', 1, 20_000, { goroutine: 2 }]]);
    expect(ev.filter((e) => e.ph === 'f').map((e) => [e.id, e.tid, e.ts, e.bp])).toEqual([['0', 2, 20_000, 'e']]);
  });

  it("puts P 0 on a thread of its own (Perfetto takes a tid of 0 for the process's), and names a capped counter's end", () => {
    expect(ev.filter((e) => e.pid === PERFETTO_PROCESSES.procs && e.name === 'thread_name')).toEqual([{ name: 'thread_name', ph: 'M', pid: PERFETTO_PROCESSES.procs, tid: 1, args: { name: 'P 0' } }]);
    expect(ev.filter((e) => e.ph === 'X' && e.pid === PERFETTO_PROCESSES.procs).map((e) => e.tid)).toEqual([1]);
    expect(ev.every((e) => e.ph === 'M' || e.tid !== 0)).toBe(true);
    expect(ev.filter((e) => e.ph === 'C').map((e) => e.name)).toEqual(['runnable goroutines (known until 0.050000 s)', 'runnable goroutines (known until 0.050000 s)']);
  });

  it("says in its metadata what gmptrace noted, the caps' cuts in its words, and the unblock edges drawn as no flow", () => {
    expect(file.otherData).toEqual({
      generator: 'GMP Workbench: a range of a Go execution trace',
      source: 'run r1, trace.out',
      range: "0.000000000 s to 0.100000000 s, counted from the trace's first event",
      notes:
        "Transitions: 7 more left out (cap 4); whole until 0.060000 s. The trace ends at 0.1 s. 4 unblock edges, 3 without a flow: 1 by no goroutine (the runtime, a timer), 2 from or to a goroutine with no track or state there, or past the transitions' cut.",
    });
    expect(Object.keys(file)).toEqual(['otherData', 'traceEvents']);
    expect(traceEventProblems(file)).toEqual([]);
  });

  it("draws the runtime's ranges and the Ps' sweeps as async slices with their scope", () => {
    const runtime = ev.filter((e) => e.cat === 'runtime').map((e) => [e.ph, e.name, e.id, e.ts, e.args?.scope]);
    expect(runtime).toEqual([
      ['b', 'GC concurrent mark phase', 'r0', 10_000, 'global'],
      ['e', 'GC concurrent mark phase', 'r0', 40_000, undefined],
      ['b', 'GC incremental sweep', 'r1', 20_100, 'p 0'],
      ['e', 'GC incremental sweep', 'r1', 20_101, undefined],
    ]);
  });

  it('draws the time a goroutine in a syscall held a P on that P, a track of its own where the P ran nothing else', () => {
    const syscalls = [
      { g: 6, start_func: 'main.reader', begin_s: 0.05, end_s: 0.07, p: 0, p_until_s: 0.055 },
      { g: 7, start_func: '', begin_s: 0.01, end_s: 0.02, p: 2, p_until_s: 0.02 },
      { g: 8, start_func: 'main.cgo', begin_s: 0.01, end_s: 0.02, p: -1, p_until_s: 0.01 },
    ];
    const held = windowAsTraceEvents(TraceWindow.parse({ ...capped, syscalls }), { runId: 'r1', trace: 'trace.out' });
    const onP = (p: number) => held.traceEvents.filter((e) => e.pid === PERFETTO_PROCESSES.procs && e.tid === p + 1 && e.ph === 'X').map((e) => [e.name, e.cat, e.ts, e.dur, e.args]);
    expect(onP(0)).toEqual([
      ['main.main', 'goroutine', 0, 50_000, { goroutine: 1, stop: 'cap reached: not kept past here' }],
      ['syscall: main.reader', 'syscall', 50_000, 5_000, { goroutine: 6, held: 'until the P was taken; the syscall went on to 70000 µs' }],
    ]);
    expect(onP(2)).toEqual([['syscall: G7', 'syscall', 10_000, 10_000, { goroutine: 7, held: "to the syscall's end" }]]);
    // Under way where the range ends (or the syscalls' cap cut them): its end is not known, nor whether its P was taken after.
    const cut = [
      { g: 6, start_func: 'main.reader', begin_s: 0.05, end_s: 0.1, p: 0, p_until_s: 0.1 },
      { g: 7, start_func: 'main.io', begin_s: 0.08, end_s: 0.1, p: 1, p_until_s: 0.09 },
    ];
    const atEnd = windowAsTraceEvents(TraceWindow.parse({ ...capped, syscalls: cut }), { runId: 'r1', trace: 'trace.out' });
    expect(atEnd.traceEvents.filter((e) => e.cat === 'syscall').map((e) => e.args!.held)).toEqual(['past the range, the syscall under way', 'until the P was taken; the syscall went on past the range']);
    expect(held.traceEvents.filter((e) => e.ph === 'M' && e.pid === PERFETTO_PROCESSES.procs && e.name === 'thread_name').map((e) => e.args!.name)).toEqual(['P 0', 'P 2']);
    expect(traceEventProblems(held)).toEqual([]);
  });

  it('names the file by run and range', () => {
    expect(perfettoFileName('r1', capped)).toBe('r1-0.000000-0.100000.perfetto.json');
  });
});
