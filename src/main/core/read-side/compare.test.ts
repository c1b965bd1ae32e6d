// Comparison warnings, on runs stored in a real SQLite history from result.json documents shaped as
// the harness writes them.
import { describe, expect, it } from 'vitest';
import { harnessResult, runConfig, storedScenarioRun, traceAnalysis } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import { analysisPopulationWarnings, commonProfiles, comparedMetrics, pairedProfiles, profileOriginWarnings, provenanceWarnings } from './compare';
import type { RunDetail } from '../../../shared/contract';
import { runDetail } from './detail';

const temp = storePerTest();

const stored = (configured: number, inForce: number, params: Record<string, string>) => storedScenarioRun(temp.store, configured, inForce, params);

describe('provenanceWarnings', () => {
  it('compares the GOMAXPROCS in force, and says when a run did not run at the one it started with', () => {
    const base = stored(2, 2, { hogs: '2' });
    const cand = stored(2, 1, { hogs: '2' });
    expect(base.provenance?.gomaxprocs).toBe(2);
    expect(cand.provenance).toMatchObject({ gomaxprocs: 1, gomaxprocsConfigured: 2, gomaxprocsChanges: [{ t: 0.0018, phase: 'measure', from: 2, to: 1 }] });
    expect(provenanceWarnings(base, [cand])).toEqual([
      `Run ${cand.run.id} ran at GOMAXPROCS 1, not the 2 configured at the start: the program or the runtime changed it.`,
      `Run ${cand.run.id}: GOMAXPROCS 1 differs from the baseline's 2.`,
    ]);
  });

  it('compares the GOMAXPROCS a run without provenance left (a bench run, a run killed before its result) with the baseline\'s', () => {
    const base = stored(2, 2, {});
    const cand = stored(1, 1, {});
    const noResult = { ...cand, result: null, provenance: null };
    const unchecked = `Run ${cand.run.id}: no provenance (no readable result.json), so its environment cannot be checked.`;
    expect(provenanceWarnings(base, [noResult])).toEqual([unchecked, `Run ${cand.run.id}: GOMAXPROCS 1 differs from the baseline's 2.`]);
    expect(provenanceWarnings(noResult, [base])).toEqual([unchecked, `Run ${base.run.id}: GOMAXPROCS 2 differs from the baseline's 1.`]);
    // Go's default, never read: nothing to compare it with.
    const unread = { ...noResult, run: { ...noResult.run, gomaxprocs: 'default' as const, gomaxprocsInForce: null } };
    expect(provenanceWarnings(base, [unread])).toEqual([unchecked]);
    expect(provenanceWarnings(base, [noResult], ['gomaxprocs'])).toEqual([unchecked]);
  });

  it('flags scenario parameters that differ, defaults included, like provenance', () => {
    const base = stored(2, 2, { hogs: '2', spin: '10ms' });
    const cand = stored(2, 2, { hogs: '4', spin: '10ms' });
    const other = stored(2, 2, { hogs: '2' });
    expect(provenanceWarnings(base, [cand, other])).toEqual([
      `Run ${cand.run.id}: parameter hogs 4 differs from the baseline's 2.`,
      `Run ${other.run.id}: parameter spin not set differs from the baseline's 10ms.`,
    ]);
    expect(provenanceWarnings(base, [stored(2, 2, { spin: '10ms', hogs: '2' })])).toEqual([]);
    // Another target's parameters are other knobs: the differing target is said once, its parameters not.
    const elsewhere = { ...cand, run: { ...cand.run, targetName: 'chan-sync-pingpong' } };
    expect(provenanceWarnings(base, [elsewhere])).toEqual([`Run ${cand.run.id} ran chan-sync-pingpong, the baseline ran pingpong-hog.`]);
  });

  it('says when the concurrency differs, unless a scenario ignored it or the comparison expects it', () => {
    const base = stored(2, 2, {});
    const cand = stored(2, 2, {});
    const four = { ...cand, run: { ...cand.run, concurrency: 4 } };
    expect(base.run.concurrencyUsed).toBe(true);
    expect(provenanceWarnings(base, [four])).toEqual([`Run ${cand.run.id}: concurrency 4 differs from the baseline's ${base.run.concurrency}.`]);
    expect(provenanceWarnings(base, [{ ...four, run: { ...four.run, concurrencyUsed: false } }])).toEqual([]);
    expect(provenanceWarnings(base, [four], ['concurrency'])).toEqual([]);
  });

  it('says when a run did not succeed, and does not take the defaults a run without result.json never read for differences', () => {
    const base = stored(2, 2, { 'gc-off': 'true', netpoll: 'false' });
    const cand = stored(2, 2, { 'gc-off': 'true', netpoll: 'false' });
    // Killed on its host: no result.json, so only the parameters it was given (none), and its state.
    const killed = { ...cand, result: null, provenance: null, params: {}, run: { ...cand.run, state: 'failed' as const, exitCode: 137 } };
    expect(provenanceWarnings(base, [killed])).toEqual([`Run ${cand.run.id} failed (exit 137): its figures are what it left, not a whole run's.`, `Run ${cand.run.id}: no provenance (no readable result.json), so its environment cannot be checked.`]);
    const timedOut = { ...cand, run: { ...cand.run, state: 'timed-out' as const } };
    expect(provenanceWarnings(base, [timedOut])).toEqual([`Run ${cand.run.id} timed out: its figures are what it left, not a whole run's.`]);
    // A parameter it was given and the baseline ran otherwise is still a difference.
    expect(provenanceWarnings(base, [{ ...killed, params: { netpoll: 'true' } }])).toContain(`Run ${cand.run.id}: parameter netpoll true differs from the baseline's false.`);
  });

  it('says when the measured windows differ in length or warm-up, except for imports', () => {
    const base = stored(2, 2, {});
    const cand = stored(2, 2, {});
    const longer = { ...cand, config: { ...cand.config, duration: '5s', warmup: '1s' } };
    expect(provenanceWarnings(base, [longer])).toEqual([
      `Run ${cand.run.id}: duration 5s differs from the baseline's ${base.config.duration}: counts and tails cover windows of different lengths.`,
      `Run ${cand.run.id}: warm-up 1s differs from the baseline's ${base.config.warmup}: counts and tails cover windows of different lengths.`,
    ]);
    const imported = { ...longer, run: { ...longer.run, tags: ['imported'] } };
    expect(provenanceWarnings(base, [imported])).toEqual([]);
    // The same length written otherwise is the same window.
    expect(provenanceWarnings(base, [{ ...cand, config: { ...cand.config, duration: '2000ms' } }])).toEqual([]);
  });

  it('says when a run\'s trace was cut short', () => {
    const base = stored(2, 2, {});
    const id = storedScenarioRun(temp.store, 2, 2, {}).run.id;
    const analysis = traceAnalysis([1e-6, 2e-6]);
    temp.store.saveAnalysis(id, { ...analysis, meta: { ...analysis.meta, partial: true, duration_s: 0.25 } });
    expect(provenanceWarnings(base, [runDetail(temp.store, id)])).toEqual([`Run ${id}: its trace was cut short; its trace figures end at the last complete generation (0.250 s).`]);
  });

  it("says when one run's trace figures are of the flight recorder's window and the other's of the whole run", () => {
    const base = { ...stored(2, 2, {}), analysedTrace: 'trace.out' as const };
    const cand = stored(2, 2, {});
    expect(provenanceWarnings(base, [{ ...cand, analysedTrace: 'flight.trace' }])).toEqual([
      `Run ${cand.run.id}: its trace figures are of the flight recorder's last window, the baseline's of the whole run: exact latencies of different spans.`,
    ]);
    expect(provenanceWarnings(base, [{ ...cand, analysedTrace: 'trace.out' }])).toEqual([]);
  });

  it('names the machine each ran on when they differ', () => {
    const base = stored(2, 2, {});
    const cand = stored(2, 2, {});
    expect(base.provenance?.hostname).toBe('test');
    const elsewhere = { ...cand, provenance: { ...cand.provenance!, hostname: 'lab-7' } };
    expect(provenanceWarnings(base, [elsewhere])).toEqual([`Run ${cand.run.id}: machine lab-7 differs from the baseline's test.`]);
    // A run on another host: the host says it.
    const remote = { ...elsewhere, provenance: { ...elsewhere.provenance, host: 'lab' } };
    expect(provenanceWarnings(base, [remote])).toEqual([`Run ${cand.run.id}: host lab differs from the baseline's local.`]);
  });

  it('says when the runs recorded differently while they ran (tracing, profilers), not for end-of-run profiles', () => {
    const base = stored(2, 2, {});
    const cand = stored(2, 2, {});
    const bare = { ...base, config: { ...base.config, capture: [] } };
    const traced = { ...cand, config: { ...cand.config, capture: ['cpu', 'trace', 'heap'] as typeof cand.config.capture } };
    expect(provenanceWarnings(bare, [traced])).toEqual([
      `Run ${cand.run.id} recorded cpu, trace while running, the baseline nothing: tracing and profiling cost throughput and add their own frames to profiles.`,
    ]);
    const flight = { ...cand, config: { ...cand.config, capture: [], flightRecorder: '1s' } };
    expect(provenanceWarnings(bare, [flight])).toEqual([
      `Run ${cand.run.id} recorded flight recorder 1s while running, the baseline nothing: tracing and profiling cost throughput and add their own frames to profiles.`,
    ]);
    // A heap profile is taken at the end: it costs the window nothing.
    expect(provenanceWarnings(bare, [{ ...cand, config: { ...cand.config, capture: ['heap', 'goroutine'] as typeof cand.config.capture } }])).toEqual([]);
  });
});

describe('analysisPopulationWarnings', () => {
  /** A stored run analysed with (a gmptrace that tells them apart) or without the program's goroutines' waits. */
  function analysed(split: boolean): RunDetail {
    const id = storedScenarioRun(temp.store, 2, 2, {}).run.id;
    const analysis = traceAnalysis([1e-7, 1e-7, 2e-3]);
    const program = traceAnalysis([2e-3]).sched_latency.all;
    temp.store.saveAnalysis(id, split ? { ...analysis, sched_latency: { ...analysis.sched_latency, program } } : analysis);
    return runDetail(temp.store, id);
  }

  it('says which runs count every goroutine when others count the program\'s alone, and nothing when all count alike', () => {
    const [newer, older, oldest] = [analysed(true), analysed(false), analysed(false)];
    expect(analysisPopulationWarnings([newer, older, oldest])).toEqual([
      `Runs ${older.run.id}, ${oldest.run.id}: analysed by an older gmptrace, their exact scheduler latency holds every goroutine's waits, the runtime's own included; the other runs' hold the program's goroutines' alone.`,
    ]);
    expect(analysisPopulationWarnings([newer, analysed(true)])).toEqual([]);
    expect(analysisPopulationWarnings([older, oldest])).toEqual([]);
  });
});

describe('open waits in comparisons', () => {
  /** A stored run whose trace ended with `count` goroutines runnable, `starved` of them for the whole trace. */
  function withOpenWaits(count: number, starved: number, longest: number, tracers: { start_func: string; lower_bound_s: number; starved: boolean }[] = []) {
    const id = storedScenarioRun(temp.store, 2, 2, {}).run.id;
    const analysis = traceAnalysis([1e-6, 2e-6, 5e-6]);
    const program = Array.from({ length: count }, (_, i) => ({ g: i + 1, start_func: 'main.worker', cause: i < starved ? 'before_trace' : 'preempted', runnable_since_s: i < starved ? 0 : 1, lower_bound_s: i < starved ? longest : 1, starved: i < starved }));
    const tracer = tracers.map((t, i) => ({ ...t, g: 1000 + i, cause: t.starved ? 'before_trace' : 'unblocked', runnable_since_s: t.starved ? 0 : 2 }));
    const goroutines = [...program, ...tracer].sort((a, b) => b.lower_bound_s - a.lower_bound_s);
    const all = [longest, ...tracer.map((t) => t.lower_bound_s)];
    const open_waits = { count: goroutines.length, starved: starved + tracer.filter((t) => t.starved).length, max_lower_bound_s: Math.max(...all), by_cause: {}, goroutines, listed: goroutines.length };
    temp.store.saveAnalysis(id, { ...analysis, sched_latency: { ...analysis.sched_latency, open_waits } });
    return runDetail(temp.store, id);
  }

  it('compares their count, the longest and the starved as metrics, and warns of starvation', () => {
    const base = withOpenWaits(2, 0, 1);
    const cand = withOpenWaits(17, 12, 3);
    const byKey = Object.fromEntries(comparedMetrics(base, [cand]).map((m) => [m.key, [m.baseline, m.candidates[0].value]]));
    expect(byKey['openWaits.count']).toEqual([2, 17]);
    expect(byKey['openWaits.max']).toEqual([1, 3]);
    expect(byKey['openWaits.starved']).toEqual([0, 12]);
    expect(provenanceWarnings(base, [cand])).toEqual([`Run ${cand.run.id}: starved: 12 goroutines runnable for the whole trace; its latency quantiles leave them out.`]);
  });

  it("leaves the tracer's own goroutines out, as its pauses are: a run whose only open wait was the tracer's has none", () => {
    const base = withOpenWaits(0, 0, 0, [{ start_func: 'runtime.traceStartReadCPU.func1', lower_bound_s: 1.6e-4, starved: false }]);
    const cand = withOpenWaits(3, 1, 2, [
      { start_func: 'runtime.(*traceAdvancerState).start.func1', lower_bound_s: 5, starved: true },
      { start_func: 'runtime/trace.Start.func1', lower_bound_s: 0.5, starved: false },
    ]);
    const byKey = Object.fromEntries(comparedMetrics(base, [cand]).map((m) => [m.key, [m.baseline, m.candidates[0].value]]));
    expect(byKey['openWaits.count']).toEqual([0, 3]);
    expect(byKey['openWaits.max']).toEqual([0, 2]);
    expect(byKey['openWaits.starved']).toEqual([0, 1]);
  });
});

describe('goroutines at the window\'s end', () => {
  /** A run built by `goVersion`, whose runtime said 12 goroutines at the end. */
  const builtBy = (goVersion: string) => {
    const config = runConfig();
    const id = temp.store.createRun({ config });
    temp.store.saveResult(id, harnessResult({ goVersion }, config));
    temp.store.transition(id, 'running');
    temp.store.transition(id, 'succeeded', { exitCode: 0 });
    return runDetail(temp.store, id);
  };
  const rows = (base: ReturnType<typeof builtBy>, cand: ReturnType<typeof builtBy>) =>
    Object.fromEntries(comparedMetrics(base, [cand]).filter((m) => m.key.startsWith('goroutines')).map((m) => [m.key, [m.baseline, m.candidates[0]!.value, m.candidates[0]!.deltaPct]]));

  it('are two figures across Go 1.26, which began counting the runtime\'s own: never one compared with the other', () => {
    expect(rows(builtBy('go1.26.8'), builtBy('go1.24.13'))).toEqual({ goroutines: [12, null, null], goroutinesUser: [null, 12, null] });
    expect(rows(builtBy('go1.26.8'), builtBy('go1.26.0'))).toEqual({ goroutines: [12, 12, 0] });
    expect(rows(builtBy('go1.22.12'), builtBy('go1.25.9'))).toEqual({ goroutinesUser: [12, 12, 0] });
  });

  it("and so is the runtime's sampled scheduler latency, whose population changed in Go 1.26", () => {
    const sampled = (base: ReturnType<typeof builtBy>, cand: ReturnType<typeof builtBy>) =>
      Object.fromEntries(comparedMetrics(base, [cand]).filter((m) => m.key.endsWith('.p50') && m.key.startsWith('sched.sampled')).map((m) => [m.key, [m.baseline !== null, m.candidates[0]!.value !== null]]));
    // A new user's experiment drew "−96%, better" from Go 1.24 and 1.25 runs' zero-length samples.
    expect(sampled(builtBy('go1.26.8'), builtBy('go1.24.13'))).toEqual({ 'sched.sampled.p50': [true, false], 'sched.sampledBeforeGo126.p50': [false, true] });
    expect(sampled(builtBy('go1.26.8'), builtBy('go1.26.0'))).toEqual({ 'sched.sampled.p50': [true, true] });
    expect(sampled(builtBy('go1.24.13'), builtBy('go1.25.14'))).toEqual({ 'sched.sampledBeforeGo126.p50': [true, true] });
    // A development build that names no release is read as newer than the releases: its sample is kept.
    expect(sampled(builtBy('go1.26.8'), builtBy('devel +9f2b1c0 Tue Dec 1 2026'))).toEqual({ 'sched.sampled.p50': [true, true] });
  });
});

describe('commonProfiles', () => {
  // A run that captured only the trace has its derived block profile as block.pprof; one that
  // captured block too has the runtime's there, and the derived one as trace-block.pprof.
  const run = (id: string, profiles: string[], derived: string[]) => ({ run: { id }, profiles, analysis: { profiles: derived.map((name) => ({ name, kind: name.replace(/^trace-|\.pprof$/g, '') })) } }) as unknown as RunDetail;
  const traceOnly = run('a', ['block.pprof', 'sched.pprof'], ['block.pprof', 'sched.pprof']);
  const both = run('b', ['block.pprof', 'sched.pprof', 'trace-block.pprof'], ['trace-block.pprof', 'sched.pprof']);

  it('pairs profiles of one name and one origin only, and says which it left out', () => {
    expect(commonProfiles(traceOnly, [both])).toEqual(['sched.pprof']);
    expect(commonProfiles(both, [traceOnly])).toEqual(['sched.pprof']);
    expect(commonProfiles(both, [both])).toEqual(['block.pprof', 'sched.pprof', 'trace-block.pprof']);
    expect(profileOriginWarnings(traceOnly, [both])).toEqual(["block.pprof is derived from the trace in the baseline and the runtime's sampled profile in run b: not compared."]);
    expect(profileOriginWarnings(both, [both])).toEqual([]);
    // Per candidate: a second run of the trace only pairs block.pprof with the first; the other does not.
    const traceOnlyToo = run('c', ['block.pprof'], ['block.pprof']);
    expect(pairedProfiles(traceOnly, traceOnlyToo)).toEqual(['block.pprof']);
    expect(pairedProfiles(traceOnly, both)).toEqual(['sched.pprof']);
  });
});
