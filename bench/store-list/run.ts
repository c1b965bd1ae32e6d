// Store and flame benchmark (not a timed test): 10,000 realistic runs in a real SQLite file, then
// runs.list timed through the handler table (the adapters' path); then decoding a large profile.
//
//   npx tsx bench/store-list/run.ts [RUNS]        (default 10000; results go to stdout)
//   GMPW_BENCH_ONLY=list|flame                      one half only
//
// Goal: runs.list < 50 ms for a 500-row page, default sort and a filtered + sorted query; runs.trend
// (a setup's history, the Run page's) < 200 ms.
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { EventBus } from '../../src/main/core/events';
import { decodeFlameTree } from '../../src/main/core/flame/decode';
import { FlameService } from '../../src/main/core/flame/service';
import { dispatch } from '../../src/main/core/handlers/dispatch';
import { createHistoryHandlers } from '../../src/main/core/handlers/history';
import { Store } from '../../src/main/core/store';
import type { CommandInput } from '../../src/shared/contract';
import type { RunState } from '../../src/shared/domain';
import { handlerTable } from '../../test/support/handler-table';
import { harnessResult, runConfig, traceAnalysis } from '../../test/support/store-fixtures';

const RUNS = Number(process.argv[2] ?? 10_000);

/** Deterministic pseudo-random numbers (mulberry32), so every machine inserts the same rows. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

interface Timing {
  wall: number;
  /** CPU time of this process: less distorted than wall time when other work loads the machine. */
  cpu: number;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function time(fn: () => Promise<unknown> | unknown): Promise<Timing> {
  const c0 = cpuMs();
  const t0 = performance.now();
  await fn();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

/** One cold call, `warmUp` untimed ones, then `n` timed ones; with the last answer, to say what was measured. */
async function timeCalls<T>(n: number, call: () => Promise<T>, warmUp = 0): Promise<{ cold: Timing; samples: Timing[]; last: T }> {
  let last!: T;
  const cold = await time(async () => (last = await call()));
  for (let w = 0; w < warmUp; w++) await call();
  const samples: Timing[] = [];
  for (let r = 0; r < n; r++) samples.push(await time(async () => (last = await call())));
  return { cold, samples, last };
}

function stats(samples: Timing[]): string {
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  return `wall median ${q(wall, 0.5).toFixed(2)} ms, p95 ${q(wall, 0.95).toFixed(2)} ms; cpu median ${q(cpu, 0.5).toFixed(2)} ms (n=${samples.length})`;
}

async function benchList(): Promise<void> {
  // GMPW_BENCH_DIR=path reuses (or keeps) a filled database, to iterate on queries without re-inserting.
  const reuse = process.env.GMPW_BENCH_DIR;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'gmpw-bench-store-'));
  const store = Store.open(dir);
  const filled = store.listRuns({ limit: 1 }).total >= RUNS;
  const table = handlerTable(createHistoryHandlers({ store, flame: new FlameService({ cacheDir: join(dir, 'cache'), workerUrl: null }), events: new EventBus() }));

  const scenarios = Array.from({ length: 30 }, (_, i) => `scenario-${i}-${pick(['chan', 'timer', 'gc', 'sync', 'syscall'])}`);
  const endStates: RunState[] = ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'timed-out'];
  let experiment: string | null = null;
  const t0 = performance.now();
  for (let i = 0; i < (filled ? 0 : RUNS); i++) {
    if (i % 100 === 0) experiment = store.createExperiment(`sweep ${i / 100}`, { repeat: 5 });
    const gomaxprocs = pick(['default', 1, 2, 4, 8] as const);
    const id = store.createRun({
      config: runConfig({
        target: { kind: 'scenario', id: pick(scenarios), params: { n: String(i % 7) } },
        gomaxprocs,
        concurrency: pick([1, 10, 100, 1000]),
        capture: ['cpu', 'trace'],
        label: i % 10 === 0 ? `baseline ${i}` : '',
        tags: i % 3 === 0 ? ['nightly'] : i % 5 === 0 ? ['regression', 'gc'] : [],
      }),
      experimentId: experiment,
      cell: `GOMAXPROCS=${gomaxprocs} #${i % 5}`,
    });
    store.transition(id, 'running');
    const end = pick(endStates);
    if (end === 'succeeded') {
      const sched = Array.from({ length: 20 }, () => 1e-7 * 10 ** (rand() * 4));
      store.saveResult(id, harnessResult({ opsPerSec: 1e4 + rand() * 1e6, schedSamples: sched, gcPauseSamples: [1e-5 * (1 + rand() * 10)] }));
      store.saveSeries(id, Array.from({ length: 50 }, (_, t) => ({ t: t / 10, phase: 'measure' as const, ops: t * 1000, gauges: { '/sched/goroutines:goroutines': 100 + t }, hist: {} })));
      store.transition(id, 'analysing');
      if (i % 3 === 0) store.saveAnalysis(id, traceAnalysis(sched));
    }
    store.transition(id, end, { exitCode: end === 'succeeded' ? 0 : 1 });
  }
  const insertMs = performance.now() - t0;
  if (!filled) console.log(`insert: ${RUNS} runs (result.json, 50-tick series, 1/3 with analysis.json) in ${(insertMs / 1000).toFixed(1)} s (${(insertMs / RUNS).toFixed(2)} ms/run)`);

  const queries: [string, CommandInput<'runs.list'>][] = [
    ['default sort (createdAt desc), limit 500', {}],
    ['filtered (state, gomaxprocs, kind) + sorted by schedP99 desc, limit 500', { filter: { state: 'succeeded', gomaxprocs: 4, targetKind: 'scenario' }, sort: { key: 'schedP99', dir: 'desc' } }],
    ['sorted by opsPerSec desc (whole table), limit 500', { sort: { key: 'opsPerSec', dir: 'desc' } }],
    ['text search "timer", limit 500', { filter: { text: 'timer' } }],
    ['tag "nightly" + sorted by gcPauseP99 asc, limit 500', { filter: { tag: 'nightly' }, sort: { key: 'gcPauseP99', dir: 'asc' } }],
    ['deep page: offset 9500, limit 500', { offset: Math.max(0, RUNS - 500) }],
  ];
  for (const [name, input] of queries) {
    const { cold, samples, last } = await timeCalls(30, () => dispatch(table, 'runs.list', input), 5);
    console.log(`runs.list ${name}: ${last.runs.length} rows of ${last.total}; first ${cold.wall.toFixed(2)} ms; ${stats(samples)}`);
  }
  await benchTrend(store, table);
  store.close();
  if (!reuse) rmSync(dir, { recursive: true, force: true });
}

/** The setup a trend is timed on: TREND_RUNS runs configured alike, beside the history's others. */
const TREND_TARGET = 'trend-setup';
const TREND_RUNS = 500;

/**
 * runs.trend in that history: a setup of 500 runs (limit 100, the Run page's, and 500), and a run of
 * the random history, whose target's runs (about 330) are looked through for the few alike.
 */
async function benchTrend(store: Store, table: ReturnType<typeof handlerTable>): Promise<void> {
  if (store.listRuns({ filter: { targetName: TREND_TARGET }, limit: 1 }).total === 0) {
    for (let i = 0; i < TREND_RUNS; i++) {
      const config = runConfig({ target: { kind: 'scenario', id: TREND_TARGET, params: {} }, gomaxprocs: 2, concurrency: 8, capture: ['cpu', 'trace'] });
      const id = store.createRun({ config });
      store.transition(id, 'running');
      const sched = Array.from({ length: 20 }, () => 1e-7 * 10 ** (rand() * 4));
      store.saveResult(id, harnessResult({ opsPerSec: 1e5 + rand() * 1e4, schedSamples: sched }, config));
      if (i % 3 === 0) store.saveAnalysis(id, traceAnalysis(sched));
      store.transition(id, 'succeeded', { exitCode: 0 });
    }
  }
  const newest = store.listRuns({ filter: { targetName: TREND_TARGET }, limit: 1 }).runs[0]!.id;
  const cases: [string, CommandInput<'runs.trend'>][] = [
    [`a setup of ${TREND_RUNS} runs, limit 100`, { id: newest, limit: 100 }],
    [`a setup of ${TREND_RUNS} runs, limit 500`, { id: newest, limit: 500 }],
    ['a run of the random history (its target looked through)', { id: store.listRuns({ filter: { state: 'succeeded' }, limit: 1, offset: 600 }).runs[0]!.id, limit: 100 }],
  ];
  for (const [name, input] of cases) {
    const { cold, samples, last } = await timeCalls(10, () => dispatch(table, 'runs.trend', input));
    console.log(`runs.trend ${name}: ${last.points.length} points, ${last.examined} runs looked through; first ${cold.wall.toFixed(2)} ms; ${stats(samples)}`);
  }
}

/**
 * A CPU-profile-like pprof: a random call tree of `nodes` frames over `functions` functions (a
 * uniform random recursive tree: depths up to ~40, shared prefixes as in real programs), and
 * `samples` samples each ending at a random frame of it, so many stacks repeat with other values
 * (as samples that differ only by labels do).
 */
function largeProfile(samples: number, nodes: number, functions: number): Buffer {
  const rand = prng(7); // its own sequence: the same profile whether or not the list half ran
  const strings = new StringTable();
  const fns = Array.from({ length: functions }, (_, i) =>
    new PFunction({ id: i + 1, name: strings.dedup(`pkg${i % 97}.(*T${i % 13}).method${i}`), filename: strings.dedup(`/src/pkg${i % 97}/file${i % 31}.go`) }));
  const parent = new Int32Array(nodes).fill(-1);
  const locations: Location[] = [];
  for (let n = 0; n < nodes; n++) {
    if (n > 0) parent[n] = Math.floor(rand() * n);
    const fn = fns[Math.floor(rand() * functions)];
    locations.push(new Location({ id: n + 1, address: 0x400000 + n * 16, line: [new Line({ functionId: fn.id, line: 10 + (n % 200) })] }));
  }
  const sampleList: Sample[] = [];
  for (let s = 0; s < samples; s++) {
    const ids: number[] = [];
    for (let n = Math.floor(rand() * nodes); n >= 0; n = parent[n]) ids.push(n + 1); // leaf first
    sampleList.push(new Sample({ locationId: ids, value: [1 + Math.floor(rand() * 20), 10_000_000 * (1 + Math.floor(rand() * 20))] }));
  }
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }), new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') })],
    sample: sampleList,
    location: locations,
    function: fns,
    stringTable: strings,
    periodType: new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
    period: 10_000_000,
  });
  return gzipSync(profile.encode());
}

async function benchFlame(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-bench-flame-'));
  const file = join(dir, 'cpu.pprof');
  const bytes = largeProfile(300_000, 100_000, 20_000);
  writeFileSync(file, bytes);
  console.log(`profile: 300,000 samples over a 100,000-frame call tree, 20,000 functions, ${(bytes.length / 1e6).toFixed(2)} MB gzipped`);

  const inThread: Timing[] = [];
  let nodes = 0;
  for (let r = 0; r < 3; r++) inThread.push(await time(() => (nodes = decodeFlameTree(bytes, file, 'cpu').nodes.length)));
  console.log(`decode on the calling thread (gunzip + pprof-format + tree, ${nodes} nodes): ${stats(inThread)}`);

  // Through the worker: how long the caller waits, and how long the main thread's event loop stalls meanwhile.
  const service = new FlameService({ cacheDir: join(dir, 'cache') });
  let worstLag = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worstLag = Math.max(worstLag, now - last - 5);
    last = now;
  }, 5);
  const cold = await time(() => service.tree(file, 'sha-1', 'cpu'));
  const warmDecode = await time(() => service.tree(file, 'sha-2', 'cpu'));
  clearInterval(ticker);
  console.log(`decode in the worker: first ${cold.wall.toFixed(0)} ms (incl. worker start), next ${warmDecode.wall.toFixed(0)} ms; worst main-thread event-loop stall meanwhile ${worstLag.toFixed(1)} ms`);
  const memoryHit = await time(() => service.tree(file, 'sha-1', 'cpu'));
  await service.close();
  const diskHit = await time(() => new FlameService({ cacheDir: join(dir, 'cache'), workerUrl: null }).tree(file, 'sha-1', 'cpu'));
  console.log(`cached tree: memory ${memoryHit.wall.toFixed(2)} ms, disk (JSON parse) ${diskHit.wall.toFixed(0)} ms`);
  rmSync(dir, { recursive: true, force: true });
}

console.log(`# ${new Date().toISOString()} node ${process.version} ${cpus()[0]?.model} ×${cpus().length}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// No top-level await: tsx runs this package's .ts files as CommonJS.
void (async () => {
  const only = process.env.GMPW_BENCH_ONLY;
  if (only !== 'flame') await benchList();
  if (only !== 'list') await benchFlame();
})();
