import { describe, expect, it } from 'vitest';
import type { WindowWait } from '../../../shared/trace-window';
import { TraceWindow } from '../../../shared/trace-window';
import { burstRuntimeText, heldText, waitEndText } from './wait-text';

const wait = (parts: Partial<WindowWait>): WindowWait => ({
  g: 19,
  startFunc: 'main.pong',
  cause: 'unblocked',
  begin_s: 1.5,
  end_s: 1.505,
  wait_s: 0.005,
  waiterStack: [],
  unblocker: 18,
  unblockerStartFunc: 'main.ping',
  unblockerStack: [],
  p: 0,
  psBusy_s: 0.0049,
  psInSyscalls_s: 0,
  psAvailable_s: 0.005,
  ranAfter: { g: 16, startFunc: 'main.hog', end_s: 1.505, stop: 'preempted' },
  heldBy: null,
  ...parts,
});

describe('what held the Ps, in words', () => {
  it('says how busy the Ps were and what ran on its P before it', () => {
    expect(heldText(wait({}))).toBe('While it waited the Ps ran goroutines for 4.90 ms of the 5.00 ms its GOMAXPROCS gave (98.0%). It got P0 as goroutine 16 (main.hog) stopped there (preempted).');
    expect(heldText(wait({ ranAfter: { g: 16, startFunc: 'main.hog', end_s: 1.5049, stop: 'blocked: select' } }))).toContain('It got P0 100 µs after goroutine 16 (main.hog) stopped there (blocked: select).');
    expect(heldText(wait({ ranAfter: null }))).toContain('It got P0, which had run nothing earlier in the range.');
  });

  it('says when no goroutine held the Ps for most of the wait, and states P-time alone without GOMAXPROCS', () => {
    expect(heldText(wait({ psBusy_s: 0.000001 }))).toContain('(0.02%). For 100.0% of that P-time no goroutine ran on them or held them.');
    expect(heldText(wait({ psBusy_s: 0.002 }))).toContain('(40.0%). For 60.0% of that P-time no goroutine ran on them or held them.');
    // Syscalls not kept as far as the wait's end: their P-time may be in the free share.
    expect(heldText(wait({ psBusy_s: 0.002, psInSyscalls_s: null }))).toContain('(40.0%). For 60.0% of that P-time no goroutine ran on them.');
    expect(heldText(wait({ psBusy_s: 0.0025 }))).not.toContain('no goroutine ran');
    expect(heldText(wait({ psAvailable_s: null }))).toMatch(/^While it waited the Ps ran goroutines for 4.90 ms\. It got P0/);
  });

  it('says how long goroutines in syscalls held the Ps, which is neither busy nor free P-time', () => {
    expect(heldText(wait({ psBusy_s: 0.0005, psInSyscalls_s: 0.003 }))).toContain('(10.0%). Goroutines in syscalls held them for 3.00 ms (60.0%). It got P0');
    expect(heldText(wait({ psBusy_s: 0.0005, psInSyscalls_s: 0.001 }))).toContain('Goroutines in syscalls held them for 1.00 ms (20.0%). For 70.0% of that P-time no goroutine ran on them or held them.');
    expect(heldText(wait({ psAvailable_s: null, psInSyscalls_s: 0.001 }))).toMatch(/^While it waited the Ps ran goroutines for 4.90 ms\. Goroutines in syscalls held them for 1.00 ms\. It got P0/);
  });

  it('says when it got its own P back, and nothing of a P it is not known to have got', () => {
    expect(heldText(wait({ ranAfter: { g: 19, startFunc: 'main.pong', end_s: 1.5, stop: 'preempted' } }))).toContain('It got P0 back 5.00 ms after it stopped there itself (preempted).');
    expect(heldText(wait({ p: null, ranAfter: null }))).toBe('While it waited the Ps ran goroutines for 4.90 ms of the 5.00 ms its GOMAXPROCS gave (98.0%).');
  });

  it('names whom the Ps ran, by goroutine group, the largest first', () => {
    const heldBy = [{ startFunc: 'main.hog', s: 0.004 }, { startFunc: 'main.worker', s: 0.0008 }, { startFunc: null, s: 0.0001 }];
    expect(heldText(wait({ heldBy }))).toBe(
      'While it waited the Ps ran goroutines for 4.90 ms of the 5.00 ms its GOMAXPROCS gave (98.0%). They ran main.hog for 4.00 ms, main.worker 800 µs and others 100 µs. It got P0 as goroutine 16 (main.hog) stopped there (preempted).',
    );
    expect(heldText(wait({ heldBy: [{ startFunc: 'main.hog', s: 0.0049 }] }))).toContain('They ran main.hog for 4.90 ms.');
    // Without their import paths' folders; a start never seen is said so.
    expect(heldText(wait({ heldBy: [{ startFunc: 'github.com/me/app/scenarios.runBurst.func2', s: 0.0048 }, { startFunc: '', s: 0.0001 }] }))).toContain('They ran scenarios.runBurst.func2 for 4.80 ms and (no stack seen) 100 µs.');
  });

  it('says nothing where the range kept too few slices to tell', () => {
    expect(heldText(wait({ p: null, psBusy_s: null, ranAfter: null }))).toBeNull();
  });
});

describe('waitEndText', () => {
  const w = (slices: Array<{ g: number; begin_s: number; end_s: number; stop: string }>) =>
    TraceWindow.parse({
      schema: 1, from_s: 0.6, to_s: 0.602, generations: [1], procs: [{ p: 1, slices: slices.map((x) => ({ start_func: x.g === 35 ? 'main.worker' : 'main.pinger', ...x })) }],
      goroutines: null, unblocks: null, run_queue: null, ranges: null, syscalls: null, regions: null, tasks: null, stacks: [[]], truncated: null, notes: null, longest_waits: null, open_waits: 0,
    });
  const wait = { g: 13, begin_s: 0.0004, end_s: 0.60066 };
  it("says the wait a range was opened at the end of, and on which P it ran, after whom", () => {
    expect(waitEndText(w([{ g: 35, begin_s: 0.6, end_s: 0.600659, stop: 'exited' }, { g: 13, begin_s: 0.60066, end_s: 0.6008, stop: 'preempted' }]), wait)).toBe(
      'Goroutine 13 waited 600 ms for a P, runnable since 0.0004 s. It got P1 1.00 µs after goroutine 35 (main.worker) stopped there (exited).',
    );
    expect(waitEndText(w([{ g: 13, begin_s: 0.60066, end_s: 0.6008, stop: 'preempted' }]), wait)).toContain('It got P1, which had run nothing earlier in the range.');
    // Its run past the slices the range kept: said, not guessed.
    expect(waitEndText(w([{ g: 35, begin_s: 0.6, end_s: 0.600659, stop: 'exited' }]), wait)).toBe('Goroutine 13 waited 600 ms for a P, runnable since 0.0004 s. Its run from 0.600660 s is not among the slices this range kept.');
  });
});

describe('burstRuntimeText', () => {
  const burst = (count: number, goroutines: number, runtime: number, runtimeGoroutines: number, startFuncs: string[]) => ({
    t: 1.5,
    count,
    goroutines,
    byCause: {},
    unblockers: [],
    moreUnblockers: { unblockers: 0, count: 0 },
    runtime: { count: runtime, goroutines: runtimeGoroutines, startFuncs },
  });
  it("says how many of a burst's wake-ups were of the runtime's own goroutines, of how many of them, naming them", () => {
    expect(burstRuntimeText(burst(20, 8, 8, 3, ['runtime.gcBgMarkWorker', 'runtime.bgsweep']))).toBe("8 of the 20 were of the runtime's own goroutines (3 of the 8: runtime.gcBgMarkWorker and runtime.bgsweep), not the program's.");
    expect(burstRuntimeText(burst(8288, 2, 8288, 2, ['runtime.bgsweep', 'runtime/trace.Start.func1']))).toBe("All 8,288 were of the runtime's own goroutines (runtime.bgsweep and runtime/trace.Start.func1), not the program's.");
    expect(burstRuntimeText(burst(9, 9, 1, 1, ['runtime.gcBgMarkWorker']))).toBe("1 of the 9 was of the runtime's own goroutine (1 of the 9: runtime.gcBgMarkWorker), not the program's.");
    expect(burstRuntimeText(burst(1, 1, 1, 1, ['runtime.bgsweep']))).toBe("It was of the runtime's own goroutine (runtime.bgsweep), not the program's.");
  });
});
