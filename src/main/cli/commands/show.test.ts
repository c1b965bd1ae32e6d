// gmpw show: the CPU throttle line speaks of a limit only when one was in force (a run without a CPU
// limit still has its group's cpu.stat sampled, zero periods, which is no statement about the run),
// and the Machine line names the machine.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsTick } from '../../../shared/domain';
import { harnessResult, runConfig, storedScenarioRun, traceAnalysis } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import { runDetail } from '../../core/read-side/detail';
import { renderRun } from './show';

const temp = storePerTest();

const tick = (t: number, phase: MetricsTick['phase'], [periods, throttled, seconds]: [number, number, number]): MetricsTick => ({
  t,
  phase,
  ops: 0,
  gauges: {},
  hist: {},
  cgroup: { nr_periods: periods, nr_throttled: throttled, throttled_s: seconds },
});

/** A stored run with the CPU limit given and its group's cpu.stat sampled per tick. */
function storedRun(cpuLimit: number | 'max', ticks: MetricsTick[]): string {
  const id = temp.store.createRun({ config: runConfig({ cpuLimit }) });
  temp.store.saveSeries(id, ticks);
  return id;
}

describe('gmpw show: CPU throttle', () => {
  it('is left out for a run without a CPU limit, and stated for one with a limit', () => {
    const free = storedRun('max', [tick(0.1, 'warmup', [0, 0, 0]), tick(0.2, 'measure', [0, 0, 0])]);
    const limited = storedRun(0.5, [tick(0.1, 'warmup', [2, 1, 0.01]), tick(0.2, 'measure', [12, 10, 0.41])]);
    expect(renderRun(runDetail(temp.store, free))).not.toMatch(/CPU throttle|CFS periods/);
    expect(runDetail(temp.store, free).throttling).toBeNull();
    expect(renderRun(runDetail(temp.store, limited))).toContain("CPU throttle 9 of 10 CFS periods throttled (90%), held back 400ms in the window (summed over CPUs: it can exceed the window; the harness's sampler read the run's cgroup from the window's start to its end)");
  });
});

describe('gmpw show: machine', () => {
  it('names the machine the run ran on, as the harness read its hostname', () => {
    const shown = renderRun(storedScenarioRun(temp.store, 2, 2, {}));
    expect(shown).toMatch(/^Machine      test, go1\.\d+\S* linux\/amd64, 2 CPUs \(Test CPU @ 2\.00GHz\), kernel /m);
    // No trace: its row is all dashes, its count too (not a blank beside the sampled row's dash).
    expect(shown).toMatch(/^  exact \(trace\)(\s+—){6}$/m);
  });

  it('names the host of a run that wrote no result.json', () => {
    const id = temp.store.createRun({ config: runConfig({ host: 'lab' }) });
    temp.store.transition(id, 'running');
    temp.store.transition(id, 'failed', { exitCode: 255, error: 'the connection to host lab was lost' });
    expect(renderRun(runDetail(temp.store, id))).toMatch(/^Machine      host lab \(no result\.json: nothing more is known of it\)$/m);
  });
});

describe('gmpw show: measured window', () => {
  /** A finished run of a 500 ms scenario whose window took wallS. */
  const finished = (wallS: number) => {
    const config = runConfig({ duration: '500ms' });
    const id = temp.store.createRun({ config });
    temp.store.saveResult(id, harnessResult({ wallS, opsPerSec: 1000 }, config));
    return renderRun(runDetail(temp.store, id));
  };

  it('says when the window ran well past the duration asked for, which the rate counts', () => {
    expect(finished(0.574)).toContain("note: the window ran 74.0ms past the 500ms asked for (the harness's timer ran late: its goroutine waited for a P or a CPU); the rate counts all of it");
  });

  it('says nothing of a tick of slack', () => {
    expect(finished(0.5012)).not.toContain('past the');
  });
});

describe('gmpw show: config', () => {
  it('names the flight recorder when it was on, as the Run page does', () => {
    const on = temp.store.createRun({ config: runConfig({ flightRecorder: '5s', capture: ['flight'] }) });
    const off = temp.store.createRun({ config: runConfig() });
    expect(renderRun(runDetail(temp.store, on))).toMatch(/^Config {7}.* capture=flight flight-recorder=5s/m);
    expect(renderRun(runDetail(temp.store, off))).not.toContain('flight-recorder');
  });
});

describe('gmpw show: scheduler latency', () => {
  it('counts no sampled transitions of a run without runtime metrics: it has none, not 0', () => {
    const id = temp.store.createRun({ config: runConfig() });
    expect(renderRun(runDetail(temp.store, id))).toMatch(/^ {2}sampled \(runtime\/metrics\)\s+—\s+—\s+—\s+—\s+—\s+—$/m);
  });
});

describe('gmpw show: op latency', () => {
  it('says that a run that completed no operation timed none, and what timed quantiles are', () => {
    const config = runConfig();
    const stalled = temp.store.createRun({ config });
    temp.store.saveResult(stalled, harnessResult({ ops: 0, wallS: 1 }, config));
    expect(renderRun(runDetail(temp.store, stalled))).toContain('Op latency   — No operation was counted in the measured window, so none was timed (a scenario whose operations outlast the window counts none).');
    // A run with operations and no op latency: its scenario times none, or (a harness older than
    // TimesOps) none of those it times ended in the window.
    const untimed = temp.store.createRun({ config });
    temp.store.saveResult(untimed, harnessResult({ ops: 10 }, config));
    expect(renderRun(runDetail(temp.store, untimed))).toContain('Op latency   — No operation was timed in the measured window: the scenario times none, or none of those it times ended within the window.');
    // An op latency of count 0: the scenario times operations and none of them ended in the window.
    const timedNone = temp.store.createRun({ config });
    temp.store.saveResult(timedNone, { ...harnessResult({ ops: 10 }, config), op_latency: { unit: 's', count: 0, bins: [] } });
    expect(renderRun(runDetail(temp.store, timedNone))).toContain('Op latency   — The scenario times its operations, and none of those it times ended within the measured window.');
  });
});

describe("gmpw show: the program's goroutines' scheduler latency", () => {
  it("leads with the program's waits, shows every goroutine's beside them and says how many were the runtime's", () => {
    const id = temp.store.createRun({ config: runConfig() });
    const split = traceAnalysis([1e-7, 1e-7, 1e-7, 1e-7, 2e-7, 2e-7, 0.002, 0.128]);
    const program = traceAnalysis([0.002, 0.128]).sched_latency.all;
    temp.store.saveAnalysis(id, { ...split, sched_latency: { ...split.sched_latency, program, program_by_cause: { unblocked: program } } });
    const shown = renderRun(runDetail(temp.store, id));
    expect(shown).toMatch(/^ {2}exact \(trace, program's goroutines\)\s+2.00ms\s.*\s2$/m);
    expect(shown).toMatch(/^ {2}exact \(trace, all goroutines\)\s+100ns\s.*\s8$/m);
    expect(shown).toContain("6 of the trace's 8 waits were the runtime's own goroutines'");
    // Analysed by a gmptrace before the split: one row of every goroutine's, said to be so.
    const older = temp.store.createRun({ config: runConfig() });
    temp.store.saveAnalysis(older, split);
    const olderShown = renderRun(runDetail(temp.store, older));
    expect(olderShown).toMatch(/^ {2}exact \(trace\)\s+100ns\s/m);
    expect(olderShown).not.toContain('all goroutines)');
    expect(olderShown).toContain("An older gmptrace analysed this trace: its exact figures hold every goroutine's 8 waits");
  });
});

describe('gmpw show: what the scenario reported', () => {
  it('lists the values and notes of result.json', () => {
    const config = runConfig();
    const id = temp.store.createRun({ config });
    temp.store.saveResult(id, { ...harnessResult({}, config), values: { victim_longest_wait: { value: 0.00628, unit: 's' }, peak_threads: { value: 68, unit: 'threads' } }, notes: ['GOMAXPROCS 2 is not above NumCPU 2: the Ps are not oversubscribed'] });
    const shown = renderRun(runDetail(temp.store, id));
    expect(shown).toMatch(/^Values {7}\(what the scenario reported of its measured run\)$/m);
    expect(shown).toMatch(/^ {2}peak_threads\s+68 threads$/m);
    expect(shown).toMatch(/^ {2}victim_longest_wait\s+6\.28ms$/m);
    expect(shown).toMatch(/^Notes {8}\(the scenario's, for the reader\)\n {2}GOMAXPROCS 2 is not above NumCPU 2: the Ps are not oversubscribed$/m);
  });
});

describe('gmpw show: a flight-recorder trace', () => {
  it('says the exact figures are of the recorder\'s last moments, and how long they are', () => {
    const config = runConfig();
    const id = temp.store.createRun({ config });
    temp.store.saveResult(id, harnessResult({ schedSamples: [1e-6, 2e-6, 3e-6] }, config));
    const analysis = traceAnalysis([1e-6, 2e-6]);
    temp.store.saveAnalysis(id, { ...analysis, meta: { ...analysis.meta, duration_s: 1.48 } });
    writeFileSync(join(temp.store.runDir(id), 'flight.trace'), 'go 1.26 trace\0\0\0');
    expect(renderRun(runDetail(temp.store, id))).toMatch(/^ {2}spans: exact, flight\.trace, the recorder's last 1\.48s of the run; sampled \(bucket upper bounds\), the 2\.00s measured window$/m);
  });
});

describe('gmpw show: artifacts', () => {
  it('names the files no longer in the run\'s folder as it left them, and offers no command for them', async () => {
    const id = temp.store.createRun({ config: runConfig() });
    const dir = temp.store.runDir(id);
    for (const name of ['cpu.pprof', 'block.pprof', 'terminal.log']) writeFileSync(join(dir, name), `${name}\n`);
    await temp.store.registerFolder(id);
    let shown = renderRun(runDetail(temp.store, id));
    expect(shown).toMatch(/^  cpu\.pprof +cpu +\d+ B +go tool pprof -http=: \S+cpu\.pprof$/m);
    expect(shown).not.toContain('!!');
    rmSync(join(dir, 'cpu.pprof'));
    writeFileSync(join(dir, 'block.pprof'), 'replaced by something longer\n');
    shown = renderRun(runDetail(temp.store, id));
    expect(shown).toMatch(/^  cpu\.pprof +cpu +\d+ B +!! missing: deleted outside the workbench$/m);
    expect(shown).toMatch(/^  block\.pprof +block +\d+ B +!! changed since the run: its size is not the one recorded$/m);
    expect(shown).toContain("  !! 2 of the run's 3 files are not in its folder as the run left it. The figures stored at the run's end stand; what reads those files (a flame graph, a drill-down, the log, go tool) cannot be shown.");
  });
});
