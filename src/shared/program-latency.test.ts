import { describe, expect, it } from 'vitest';
import { headlineLatencyWhose, isRuntimeGoroutine, programSchedLatency, runtimeLongestWait, runtimeWaitsText } from './program-latency';
import type { TraceHistogram } from './results';

const hist = (count: number, p99: number): TraceHistogram => ({ unit: 's', count, bins: [], p50: p99 / 10, p90: p99 / 2, p99, p999: p99, max: p99, sum_s: count * p99 });

describe('programSchedLatency', () => {
  it("leads with the program's goroutines' waits and counts the runtime's own left out", () => {
    const all = hist(155_597, 192e-9);
    const program = hist(491, 0.128);
    const got = programSchedLatency({ sched_latency: { all, by_cause: { yielded: all }, program, program_by_cause: { unblocked: program } } });
    expect(got.hist).toBe(program);
    expect(got.byCause).toEqual({ unblocked: program });
    expect(got.runtimeWaits).toBe(155_106);
  });

  it('takes every goroutine’s waits from an analysis before the split, and says it cannot tell', () => {
    const all = hist(10, 1e-3);
    const got = programSchedLatency({ sched_latency: { all, by_cause: {} } });
    expect(got).toEqual({ hist: all, byCause: {}, runtimeWaits: null });
    expect(runtimeWaitsText(10, null, String)).toMatch(/^An older gmptrace analysed this trace: its exact figures hold every goroutine's 10 waits/);
  });

  it('says how many waits were the runtime’s', () => {
    expect(runtimeWaitsText(2147, 1168, (n) => n.toLocaleString('en-US'))).toMatch(/^1,168 of the trace's 2,147 waits were the runtime's own goroutines'/);
    expect(runtimeWaitsText(20, 0, String)).toBe("All 20 waits were the program's goroutines'.");
    // An import has no runtime sample to hold them alike.
    expect(runtimeWaitsText(30, 10, String, false)).toBe(`10 of the trace's 30 waits were the runtime's own goroutines' (GC workers, sweeper, scavenger, tracer): left out of the program's figures; "all goroutines" holds them.`);
  });
});

describe('isRuntimeGoroutine', () => {
  it('is gmptrace\'s rule: package runtime but runtime.main, and the tracer\'s runtime/trace', () => {
    for (const name of ['runtime.bgsweep', 'runtime.gcBgMarkWorker', 'runtime.traceStartReadCPU.func1', 'runtime/trace.Start.func1']) expect(isRuntimeGoroutine(name), name).toBe(true);
    for (const name of ['runtime.main', 'main.worker', 'runtimefoo.Bar', '']) expect(isRuntimeGoroutine(name), name).toBe(false);
  });
});

describe('runtimeLongestWait', () => {
  const analysis = (program: TraceHistogram | undefined) => ({ sched_latency: { all: hist(100, 0.2), by_cause: {}, ...(program ? { program } : {}) } });
  it("says the windows' longest wait was the runtime's when the program's waits are all shorter, with the program's longest", () => {
    expect(runtimeLongestWait(analysis(hist(40, 0.05)), 0.2)).toEqual({ programMax: 0.05 });
    expect(runtimeLongestWait(analysis(hist(40, 0.2)), 0.2)).toBeNull();
    expect(runtimeLongestWait(analysis({ ...hist(0, 0), max: null }), 0.2)).toEqual({ programMax: null });
    // An analysis before the split cannot tell whose it was.
    expect(runtimeLongestWait(analysis(undefined), 0.2)).toBeNull();
    expect(runtimeLongestWait(analysis(hist(40, 0.05)), null)).toBeNull();
  });
});

describe('headlineLatencyWhose', () => {
  it("says whose waits the run's headline p99 is of", () => {
    expect(headlineLatencyWhose('exact', true)).toBe("the program's goroutines', the runtime's own left out");
    expect(headlineLatencyWhose('exact', false)).toBe("every goroutine's (an older analysis)");
    expect(headlineLatencyWhose('sampled', true)).toBe("every goroutine's, as the runtime samples them");
  });
});
