import { describe, expect, it } from 'vitest';
import { traceEventProblems } from '../../test/support/trace-event-format';
import { PERFETTO_PROCESSES, perfettoFileName, windowAsTraceEvents } from './perfetto-export';
import { TraceWindow } from './trace-window';

/**
 * A range of 0.1 s whose transitions the cap cut at 0.06 s: goroutine 1 runs and wakes goroutine 2
 * (at 0.02 s, kept) and goroutine 3 (at 0.08 s, past the cut); goroutine 4 is made past the cut.
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
  ],
  unblocks: [
    { t: 0.02, g: 2, by: 1, stack: 1 },
    { t: 0.08, g: 3, by: 1, stack: 1 },
    { t: 0.03, g: 2, by: -1, stack: 0 },
  ],
  run_queue: [{ t: 0.02, runnable: 1 }],
  ranges: [{ name: 'GC concurrent mark phase', scope: 'global', begin_s: 0.01, end_s: 0.04 }],
  syscalls: [],
  regions: [],
  tasks: [],
  stacks: [[], ['main.main /src/main.go:12']],
  longest_waits: [],
  open_waits: 1,
  truncated: { transitions: 7, slices: 3 },
  kept_until_s: { transitions: 0.06, slices: 0.05 },
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
    expect(ev.find((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === 2 && e.ph === 'X' && e.name === 'Runnable')!.args).toEqual({ stack: 'main.main /src/main.go:12' });
  });

  it('gives a flow only to an unblock between tracks, before the cut', () => {
    expect(ev.filter((e) => e.ph === 's').map((e) => [e.tid, e.ts, e.args])).toEqual([[1, 20_000, { goroutine: 2 }]]);
    expect(ev.filter((e) => e.ph === 'f').map((e) => [e.tid, e.ts, e.bp])).toEqual([[2, 20_000, 'e']]);
  });

  it('says in its metadata what the caps left out, each once, beside the other notes', () => {
    expect(file.otherData).toEqual({
      generator: 'GMP Workbench: a range of a Go execution trace',
      source: 'run r1, trace.out',
      range: "0.000000000 s to 0.100000000 s, counted from the trace's first event",
      notes: 'the trace ends at 0.1 s; transitions: 7 more left out, whole until 0.060000 s; slices: 3 more left out, whole until 0.050000 s',
    });
    expect(Object.keys(file)).toEqual(['otherData', 'traceEvents']);
    expect(traceEventProblems(file)).toEqual([]);
  });

  it('names the file by run and range', () => {
    expect(perfettoFileName('r1', capped)).toBe('r1-0.000000-0.100000.perfetto.json');
  });
});
