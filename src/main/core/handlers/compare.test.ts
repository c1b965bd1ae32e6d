// The compare.* commands over a real SQLite store: compare.runs and compare.diffFlame on two real
// runs; compare.cells and compare.exportBenchfmt on an experiment, checked against the real
// benchstat reading our own export: the verdicts must agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandInput, type CommandName, type CommandOutput } from '../../../shared/contract';
import { benchstatCsvRows, installBenchstat, type Benchstat } from '../../../../test/support/benchstat';
import { handlerTable } from '../../../../test/support/handler-table';
import { storeExperiment } from '../../../../test/support/experiment-fixture';
import { baselineAndCandidate } from '../../../../test/support/real-runs';
import { failureOf } from '../../../../test/support/run-core';
import { harnessResult, runConfig, tempDataDir, traceAnalysis } from '../../../../test/support/store-fixtures';
import { EventBus } from '../events';
import { FlameService } from '../flame/service';
import { Store } from '../store';
import { CommandFailure } from '../errors';
import { BENCHFMT_EXPORT_HEADER } from '../read-side/benchfmt-export';
import { dispatch } from './dispatch';
import { threeSignificant } from '../../../shared/significant';
import { programPauses } from '../../../shared/stw';
import { createCompareHandlers } from './compare';
import { createHistoryHandlers } from './history';

let data: ReturnType<typeof tempDataDir>;
let store: Store;
let table: ReturnType<typeof handlerTable>;
let benchstat: Benchstat;
let experiment: string;
let baseline: string;
let candidate: string;

async function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  return commands[name].output.parse(await dispatch(table, name, input)) as CommandOutput<N>;
}

const readJson = (id: string, name: string) => JSON.parse(readFileSync(join(store.runDir(id), name), 'utf8'));
const failure = async (p: Promise<unknown>) => (await failureOf(p)).detail;

beforeAll(async () => {
  data = tempDataDir();
  store = Store.open(data.dir);
  const deps = { store, flame: new FlameService({ cacheDir: join(data.dir, 'cache'), workerUrl: null }), events: new EventBus() };
  // runs.flame gives the undivided trees the differential one is checked against.
  table = handlerTable({ ...createCompareHandlers(deps), 'runs.flame': createHistoryHandlers(deps)['runs.flame'] });
  experiment = storeExperiment(store);
  benchstat = installBenchstat();
  ({ baseline, candidate } = await baselineAndCandidate(store));
});
afterAll(() => {
  store.close();
  data.cleanup();
  benchstat?.cleanup();
});

describe('compare.cells', () => {
  it('compares a baseline cell with every other cell of its experiment, as benchstat would', async () => {
    const cmp = await call('compare.cells', { baseline: { experimentId: experiment, cell: 'GOMAXPROCS=1 concurrency=8' } });
    expect(cmp.baseline).toMatchObject({ cell: 'GOMAXPROCS=1 concurrency=8', excluded: [] });
    expect(cmp.baseline.runIds).toHaveLength(6);
    expect(cmp.candidates.map((c) => [c.cell, c.runIds.length, c.excluded.length])).toEqual([
      ['GOMAXPROCS=2 concurrency=8', 6, 1],
      ['GOMAXPROCS=4 concurrency=8', 2, 0],
    ]);
    expect(cmp.warnings.join('\n')).toMatch(/GOMAXPROCS=2 concurrency=8: 1 run left out because it did not succeed: .* \(failed\)/);
    expect(cmp.warnings.join('\n')).not.toMatch(/GOMAXPROCS 2 differs/);

    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline).toMatchObject({ n: 6, median: 1001.5, lo: 990, hi: 1012, ci: '± 1%' });
    expect(ops.candidates[0].verdict).toMatchObject({ outcome: 'better', text: '+49.88% (p=0.002 n=6)' });
    expect(ops.candidates[1].stats).toMatchObject({ n: 2, median: 1590, ci: null, note: expect.stringContaining('≥ 6 runs') });
    expect(ops.candidates[1].verdict).toMatchObject({ outcome: 'too-few', p: null, text: '+58.76%, untested: too few runs for a verdict (n=6+2)' });
    // More work, more GC cycles: a significant change, but neither better nor worse.
    const gc = cmp.metrics.find((m) => m.key === 'gcCycles')!;
    expect(gc.better).toBeNull();
    expect(gc.candidates[0].verdict).toMatchObject({ outcome: 'changed', text: '+50.00% (p=0.002 n=6)' });

    // The same numbers through benchstat, reading our export with the cells as columns.
    const { text } = await call('compare.exportBenchfmt', { experimentId: experiment });
    const rows = benchstatCsvRows(benchstat.run({ grid: text }, ['-format', 'csv', '-col', '/gomaxprocs', '-filter', '.unit:ops/s']));
    const [, baseMedian, baseCi, candMedian, candCi, vsBase, pn] = rows.get('ChanSyncPingpong/concurrency=8')!;
    expect([Number(baseMedian), `± ${baseCi}`]).toEqual([ops.baseline.median, ops.baseline.ci]);
    expect([Number(candMedian), `± ${candCi}`]).toEqual([ops.candidates[0].stats.median, ops.candidates[0].stats.ci]);
    expect(`${vsBase} (${pn})`).toBe(ops.candidates[0].verdict.text);
  });

  it('takes a single run as a group of one, and says there is no verdict', async () => {
    const [a, b] = store.listRuns({ filter: { experimentId: experiment }, sort: { key: 'createdAt', dir: 'asc' } }).runs;
    const cmp = await call('compare.cells', { baseline: { runIds: [a.id] }, candidates: [{ runIds: [b.id] }] });
    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline).toMatchObject({ n: 1, median: 1000, ci: null });
    expect(ops.candidates[0].verdict).toMatchObject({ outcome: 'too-few', deltaPct: 50, text: '+50.00%, untested: too few runs for a verdict (n=1)' });
  });

  it('refuses a run given twice, in one group or in two: a sample counted twice, or compared with itself', async () => {
    const [a, b] = store.listRuns({ filter: { experimentId: experiment }, sort: { key: 'createdAt', dir: 'asc' } }).runs;
    await expect(call('compare.cells', { baseline: { runIds: [a.id, a.id] }, candidates: [{ runIds: [b.id] }] })).rejects.toMatchObject({ detail: { field: 'baseline.runIds', message: `Run ${a.id} is given twice in 2 runs (${a.id} …): each run is one sample.` } });
    await expect(call('compare.cells', { baseline: { runIds: [a.id] }, candidates: [{ runIds: [b.id, a.id] }] })).rejects.toMatchObject({ detail: { field: 'candidates.0.runIds', message: expect.stringContaining(`Run ${a.id} is in both ${a.id} and 2 runs`) } });
  });

  it('says a metric a side has no value of is not measured there, not that it has too few runs', async () => {
    const [a] = store.listRuns({ filter: { experimentId: experiment }, sort: { key: 'createdAt', dir: 'asc' } }).runs;
    // A succeeded run that recorded no result.json: no throughput, however many repetitions.
    const bare = store.createRun({ config: runConfig({ gomaxprocs: 1 }) });
    store.transition(bare, 'running');
    store.transition(bare, 'succeeded', { exitCode: 0 });
    const cmp = await call('compare.cells', { baseline: { runIds: [a.id] }, candidates: [{ runIds: [bare] }] });
    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.candidates[0].stats.n).toBe(0);
    expect(ops.candidates[0].verdict).toEqual({ deltaPct: null, p: null, n1: 1, n2: 0, outcome: 'not-run', absent: [{ side: 'candidate', why: 'not measured' }], text: `not measured in ${cmp.candidates[0].label}` });
    store.deleteRuns([bare]);
  });

  it('counts a run that completed no operation as one that timed none, and says its cell\'s op latency rests on the others', async () => {
    const timed = readJson(candidate, 'result.json').op_latency.count as number;
    expect(timed).toBeGreaterThan(0);
    // A succeeded run whose one operation outlasted the window: no op completed, no op_latency.
    const config = runConfig({ gomaxprocs: 1 });
    const stalled = store.createRun({ config });
    store.saveResult(stalled, harnessResult({ ops: 0, wallS: 1 }, config));
    store.transition(stalled, 'running');
    store.transition(stalled, 'succeeded', { exitCode: 0 });
    // One that counted operations (lockstep-parallelism's hand-offs) but timed none (its rounds, none of which ended in the window).
    const handedOff = store.createRun({ config });
    store.saveResult(handedOff, harnessResult({ ops: 19, wallS: 1 }, config));
    store.transition(handedOff, 'running');
    store.transition(handedOff, 'succeeded', { exitCode: 0 });
    // The same, written by a harness that says its scenario times operations: an op latency of count 0.
    const timedNone = store.createRun({ config });
    store.saveResult(timedNone, { ...harnessResult({ ops: 19, wallS: 1 }, config), op_latency: { unit: 's', count: 0, bins: [] } });
    store.transition(timedNone, 'running');
    store.transition(timedNone, 'succeeded', { exitCode: 0 });
    try {
      // No other run timed an operation: the count-0 op latency alone says that this one timed none.
      const said = await call('compare.cells', { baseline: { runIds: [stalled] }, candidates: [{ runIds: [timedNone] }] });
      expect(said.warnings).toContain(`${said.candidates[0].label}: its run timed no operation in the measured window (none ended within it, where operations outlast it; or none was counted): no op latency.`);
      const alone = await call('compare.cells', { baseline: { runIds: [baseline] }, candidates: [{ runIds: [handedOff] }] });
      expect(alone.warnings).toContain(`${alone.candidates[0].label}: its run timed no operation in the measured window (none ended within it, where operations outlast it; or none was counted): no op latency.`);
      const cmp = await call('compare.cells', { baseline: { runIds: [baseline] }, candidates: [{ runIds: [candidate, stalled] }] });
      const samples = cmp.metrics.find((m) => m.key === 'opLatency.samples')!;
      expect(samples.candidates[0].stats).toMatchObject({ n: 2, median: timed / 2 });
      // The latency itself only the timed run has: said, not left to the n.
      expect(cmp.metrics.find((m) => m.key === 'opLatency.p50')!.candidates[0].stats.n).toBe(1);
      expect(cmp.warnings).toContain(`${cmp.candidates[0].label}: 1 of 2 runs timed no operation in the measured window (none ended within it, where operations outlast it; or none was counted), so they have no op latency: its statistics rest on the other 1 run alone (where operations outlast the window, the slowest runs are those left out).`);
    } finally {
      store.deleteRuns([stalled, handedOff, timedNone]);
    }
  });

  it('names the cells an experiment has when asked for one it has not', async () => {
    const err = await dispatch(table, 'compare.cells', { baseline: { experimentId: experiment, cell: 'GOMAXPROCS=3' } }).catch((e) => e);
    expect(err).toBeInstanceOf(CommandFailure);
    expect((err as CommandFailure).detail).toMatchObject({ code: 'not-found', field: 'baseline.cell', message: expect.stringContaining('"GOMAXPROCS=1 concurrency=8", "GOMAXPROCS=2 concurrency=8"') });
    const unknown = await failure(call('compare.cells', { baseline: { experimentId: experiment, cell: 'GOMAXPROCS=1 concurrency=8' }, candidates: [{ experimentId: 'nope', cell: 'x' }] }));
    expect(unknown).toMatchObject({ code: 'not-found', field: 'candidates.0.experimentId' });
  });
});

describe('compare.exportBenchfmt', () => {
  it('writes configuration lines, one line per succeeded run, and unit directions; benchstat reads it without complaint', async () => {
    const out = await call('compare.exportBenchfmt', { experimentId: experiment });
    expect(out.runs).toBe(14);
    expect(out.skipped).toEqual([{ id: expect.any(String), reason: 'it is failed' }]);
    const lines = out.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([BENCHFMT_EXPORT_HEADER, 'goos: linux', 'goarch: amd64', 'cpu: Test CPU @ 2.00GHz']);
    expect(lines).toContain('pkg: gmpstress');
    expect(lines.filter((l) => l.startsWith('BenchmarkChanSyncPingpong/concurrency=8-2\t2000\t1000 ops/s'))).toHaveLength(0);
    expect(lines.find((l) => l.startsWith('BenchmarkChanSyncPingpong/concurrency=8-1\t'))).toMatch(/^BenchmarkChanSyncPingpong\/concurrency=8-1\t1000\t1000 ops\/s\t.* sched-sampled-p50-sec/);
    expect(lines).toContain('Unit ops/s better=higher');
    expect(lines).toContain('Unit sched-sampled-p99-sec better=lower');
    // benchstat fails on syntax errors; the plain text table must name every unit we wrote.
    const printed = benchstat.run({ grid: out.text }, ['-col', '/gomaxprocs']);
    for (const unit of ['ops/s', 'sched-sampled-p99-sec', 'gc-pause-p99-sec', 'gc-cycles', 'goroutines']) expect(printed).toContain(unit);
  });

  it('wants either an experiment or runs', async () => {
    const err = await dispatch(table, 'compare.exportBenchfmt', {}).catch((e) => e);
    expect((err as CommandFailure).detail.message).toMatch(/either an experiment id or run ids/);
  });
});

describe('compare.runs and compare.diffFlame', () => {
  it('compares real runs: deltas from their results, and a warning for the GOMAXPROCS that differs', async () => {
    const cmp = await call('compare.runs', { baseline, candidates: [candidate] });
    const b = readJson(baseline, 'result.json');
    const c = readJson(candidate, 'result.json');
    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline).toBe(b.ops_per_s);
    expect(ops.candidates[0].value).toBe(c.ops_per_s);
    expect(ops.candidates[0].deltaPct).toBeCloseTo(((c.ops_per_s - b.ops_per_s) / b.ops_per_s) * 100, 9);
    const exactP99 = cmp.metrics.find((m) => m.key === 'sched.exact.p99')!;
    expect(exactP99.baseline).toBe(readJson(baseline, 'analysis.json').sched_latency.program.p99);
    expect(cmp.metrics.find((m) => m.key === 'sched.sampled.p99')!.candidates[0].value).toBe(c.metrics['/sched/latencies:seconds'].p99);
    // Neither run had a CPU limit: no throttling rows (0 against 0 says nothing).
    expect(cmp.metrics.map((m) => m.key)).not.toContain('throttledPeriods');
    // The tracer's own stop-the-world to start tracing is in every trace, and not counted as the program's.
    const stw = readJson(baseline, 'analysis.json').stw as Array<{ reason: string }>;
    expect(stw.map((p) => p.reason)).toContain('stop-the-world (start trace)');
    expect(cmp.metrics.find((m) => m.key === 'stwPauses')!.baseline).toBe(programPauses(stw).length);
    expect(programPauses(stw).length).toBeLessThan(stw.length);
    expect(cmp.warnings).toEqual([expect.stringMatching(new RegExp(`${candidate}: GOMAXPROCS 1 differs from the baseline's 2`))]);
    expect(cmp.commonProfiles).toEqual(expect.arrayContaining(['cpu.pprof', 'sched.pprof']));
  });

  it("pairs a profile of one name only where both runs' are of one origin, and refuses to diff the others", async () => {
    // A block.pprof derived from the trace (a run that captured only the trace) and the runtime's sampled one.
    const withBlock = async (derived: boolean) => {
      const id = store.createRun({ config: runConfig() });
      writeFileSync(join(store.runDir(id), 'block.pprof'), 'x');
      await store.registerFolder(id);
      if (derived) store.saveAnalysis(id, { ...traceAnalysis([1e-6, 2e-6]), profiles: [{ name: 'block.pprof', kind: 'block' }] });
      return id;
    };
    const [a, b, c] = [await withBlock(true), await withBlock(true), await withBlock(false)];
    const cmp = await call('compare.runs', { baseline: a, candidates: [b, c] });
    expect(cmp.profilesByCandidate).toEqual({ [b]: ['block.pprof'], [c]: [] });
    expect(cmp.warnings).toContain(`block.pprof is derived from the trace in the baseline and the runtime's sampled profile in run ${c}: not compared.`);
    await expect(call('compare.diffFlame', { baseline: a, candidate: c, profile: 'block.pprof' })).rejects.toMatchObject({
      detail: { field: 'profile', message: `block.pprof is derived from the trace in the baseline and the runtime's sampled profile in run ${c}: they are not alike, so not diffed` },
    });
  });

  it('refuses a run given twice, as the baseline or as two candidates, naming the field', async () => {
    const [a, b] = [store.createRun({ config: runConfig() }), store.createRun({ config: runConfig() })];
    await expect(call('compare.runs', { baseline: a, candidates: [a] })).rejects.toMatchObject({
      detail: { field: 'candidates', message: `Run ${a} is given twice, as the baseline and as a candidate: compare different runs` },
    });
    await expect(call('compare.runs', { baseline: a, candidates: [b, b] })).rejects.toMatchObject({ detail: { field: 'candidates', message: `Run ${b} is given twice: compare different runs` } });
    await expect(call('compare.diffFlame', { baseline: a, candidate: a, profile: 'cpu.pprof', normalisation: 'share' })).rejects.toMatchObject({ detail: { field: 'candidate', message: `Run ${a} is given twice, as the baseline and as the candidate: diff different runs` } });
  });

  it('warns about every provenance difference', async () => {
    const mk = (shape: Parameters<typeof harnessResult>[0]) => {
      const id = store.createRun({ config: runConfig() });
      store.saveResult(id, harnessResult(shape));
      return id;
    };
    const a = mk({ goVersion: 'go1.25.3', numCpu: 8, kernel: '6.1', godebug: '' });
    const z = mk({ goVersion: 'go1.26.0', numCpu: 4, kernel: '6.8', godebug: 'asyncpreemptoff=1' });
    const { warnings } = await call('compare.runs', { baseline: a, candidates: [z] });
    expect(warnings.join('\n')).toMatch(/Go version go1.26.0 differs from the baseline's go1.25.3/);
    expect(warnings.join('\n')).toMatch(/CPU count 4 differs/);
    expect(warnings.join('\n')).toMatch(/kernel 6.8 differs/);
    expect(warnings.join('\n')).toMatch(/GODEBUG asyncpreemptoff=1 differs from the baseline's \(empty\)/);
  });

  it('diffs real profiles per second each recorded, per op, and as shares', async () => {
    const [bt, ct] = await Promise.all([baseline, candidate].map((id) => call('runs.flame', { id, profile: 'cpu.pprof' })));
    const b = readJson(baseline, 'result.json');
    const c = readJson(candidate, 'result.json');
    // The harness says its CPU profile covers the measured window, the warm-ups left out.
    for (const r of [b, c]) expect(r.artifacts).toContainEqual({ name: 'cpu.pprof', kind: 'cpu', covers: 'window' });
    const perSecond = await call('compare.diffFlame', { baseline, candidate, profile: 'cpu.pprof' });
    expect(perSecond.normalisation).toBe('per-second');
    expect(perSecond.nodes[0].baseTotal).toBeCloseTo(bt.total / b.wall_s, 6);
    expect(perSecond.nodes[0].candTotal).toBeCloseTo(ct.total / c.wall_s, 6);
    expect(perSecond.basis.candidate).toBe(`the ${threeSignificant(c.wall_s)} s measured window`);
    const perOp = await call('compare.diffFlame', { baseline, candidate, profile: 'cpu.pprof', normalisation: 'per-op' });
    expect(perOp.nodes[0].candTotal).toBeCloseTo(ct.total / c.ops, 6);
    expect(perOp.unit).toBe('nanoseconds/op');
    expect(perOp.basis.candidate).toBe(`the ${c.ops.toLocaleString('en-US')} operations of the measured window`);
    // The trace's profiles cover the trace, the warm-up included: per second of that, and no per-op
    // (the operations are the window's alone).
    const sched = await call('runs.flame', { id: candidate, profile: 'sched.pprof' });
    expect(sched.durationS).toBeGreaterThan(c.wall_s + 0.25);
    const schedPerSecond = await call('compare.diffFlame', { baseline, candidate, profile: 'sched.pprof' });
    expect(schedPerSecond.nodes[0].candTotal).toBeCloseTo(sched.total / sched.durationS!, 6);
    expect(schedPerSecond.basis.candidate).toBe(`the ${threeSignificant(sched.durationS!)} s sched.pprof recorded`);
    const refused = await failure(call('compare.diffFlame', { baseline, candidate, profile: 'sched.pprof', normalisation: 'per-op' }));
    expect(refused).toMatchObject({ field: 'normalisation', message: expect.stringMatching(new RegExp(`^sched\\.pprof of run (${baseline}|${candidate}) recorded [\\d.]+ s, its [\\d,]+ operations took the [\\d.]+ s measured window`)) });
    const share = await call('compare.diffFlame', { baseline, candidate, profile: 'cpu.pprof', normalisation: 'share' });
    expect([share.nodes[0].baseTotal, share.nodes[0].candTotal]).toEqual([1, 1]);
  });

  it('refuses per-op normalisation for a run that counted no ops', async () => {
    const id = store.createRun({ config: runConfig() });
    writeFileSync(join(store.runDir(id), 'cpu.pprof'), readFileSync(join(store.runDir(baseline), 'cpu.pprof')));
    await store.registerFolder(id);
    store.saveResult(id, harnessResult({ ops: 0 }));
    const err = await failure(call('compare.diffFlame', { baseline, candidate: id, profile: 'cpu.pprof', normalisation: 'per-op' }));
    expect(err).toMatchObject({ field: 'normalisation', message: expect.stringContaining(id) });
  });
});
