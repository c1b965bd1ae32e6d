// Deterministic synthetic data for the renderer benchmarks: Go-profile-like call trees of an exact
// node count (depth up to 60, widths over six orders of magnitude, names repeating as real functions
// do) and the comparison of N runs as the core would send it.
import type { Comparison, RunDetail } from '../../../src/shared/contract';
import type { DiffFlameTree, FlameNode, FlameTree, Histogram } from '../../../src/shared/domain';
import type { TraceWindow } from '../../../src/shared/trace-window';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE_NS = 1e7;

const PACKAGES = ['runtime', 'main', 'net/http', 'encoding/json', 'sync', 'github.com/acme/store', 'github.com/acme/store/internal/index', 'internal/poll', 'bufio', 'sort'];

export function syntheticFlameTree(size: number, seed = 1): FlameTree {
  const random = rng(seed);
  const names = Array.from({ length: Math.max(50, Math.floor(size / 10)) }, (_, i) => `${PACKAGES[i % PACKAGES.length]}.fn${i}`);
  const nodes: FlameNode[] = [{ name: 'root', file: '', self: 0, total: 0, selfCount: 0, children: [] }];
  const depth: number[] = [0];
  // Grow the tree by attaching each new node under a frontier node, mostly a recent (deep) one, so
  // stacks reach realistic depths while the fan-out stays irregular.
  const frontier: number[] = [0];
  while (nodes.length < size) {
    const pick = random() < 0.65 ? frontier.length - 1 - Math.floor(random() * Math.min(4, frontier.length)) : Math.floor(random() * frontier.length);
    const parent = frontier[Math.max(0, pick)];
    const id = nodes.length;
    nodes.push({ name: names[Math.floor(random() ** 2 * names.length)], file: 'synthetic.go', self: 0, total: 0, selfCount: 0, children: [] });
    nodes[parent].children.push(id);
    depth.push(depth[parent] + 1);
    if (depth[id] < 60) frontier.push(id);
    if (nodes[parent].children.length > 12 || random() < 0.05) frontier.splice(frontier.indexOf(parent), 1);
    if (frontier.length === 0) frontier.push(0);
  }
  // Self values span six orders of magnitude (log-uniform), totals are sums bottom-up.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    n.self = n.children.length === 0 || random() < 0.3 ? Math.round(10 ** (3 + random() * 6)) : 0;
    n.selfCount = Math.ceil(n.self / SAMPLE_NS); // the CPU profile's 10 ms samples
    n.total = n.self + n.children.reduce((s, c) => s + nodes[c].total, 0);
  }
  return { profile: 'cpu.pprof', sampleType: 'cpu/nanoseconds', unit: 'nanoseconds', total: nodes[0].total, countType: 'samples', durationS: 1, startedAt: null, nodes, labels: { total: nodes[0].total, keys: [], omittedKeys: 0 }, focus: null };
}

export function syntheticDiff(tree: FlameTree, seed = 2): DiffFlameTree {
  const random = rng(seed);
  const factor = tree.nodes.map(() => (random() < 0.03 ? 0 : random() < 0.03 ? 2 + random() * 4 : 0.6 + random() * 0.8));
  const nodes = tree.nodes.map((n, i) => ({ name: n.name, file: n.file, baseSelf: n.self, candSelf: n.self * factor[i], baseTotal: 0, candTotal: 0, children: n.children }));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    n.baseTotal = n.baseSelf + n.children.reduce((s, c) => s + nodes[c].baseTotal, 0);
    n.candTotal = n.candSelf + n.children.reduce((s, c) => s + nodes[c].candTotal, 0);
  }
  const vanished = nodes
    .filter((n) => n.baseSelf > 0 && n.candSelf === 0)
    .slice(0, 200)
    .map((n) => {
      const samples = Math.ceil(n.baseSelf / SAMPLE_NS);
      return { name: n.name, baseSelf: n.baseSelf, baseTotal: n.baseTotal, samples, chance: 0.5 ** samples, beyondChance: 0.5 ** samples <= 0.01 };
    });
  return { profile: tree.profile, normalisation: 'per-second', unit: tree.unit, basis: { baseline: 'the 1 s cpu.pprof recorded', candidate: 'the 1 s cpu.pprof recorded' }, nodes, countType: 'samples', vanished, appeared: [] };
}

/** A sched-latency histogram in the runtime's layout (4 sub-buckets per power of two), log-normal. */
function latencyHistogram(random: () => number, medianSeconds: number, count: number): Histogram & { p50: number; p90: number; p99: number; p999: number; max: number; sum_s: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < 4000; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    const v = medianSeconds * Math.exp(1.3 * gaussian);
    const bucket = Math.floor(Math.log2(v) * 4);
    counts.set(bucket, (counts.get(bucket) ?? 0) + count / 4000);
  }
  const bins = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([b, n]) => [2 ** (b / 4), 2 ** ((b + 1) / 4), Math.round(n)] as [number, number, number]);
  const q = (p: number) => {
    let c = 0;
    for (const [, hi, n] of bins) if ((c += n) >= p * count) return hi;
    return bins[bins.length - 1][1];
  };
  return { unit: 's', count, bins, p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: bins[bins.length - 1][1], sum_s: count * medianSeconds * 1.5 };
}

export function syntheticComparison(runs: number, seed = 3): Comparison {
  const random = rng(seed);
  const details: RunDetail[] = Array.from({ length: runs }, (_, i) => {
    const gomaxprocs = i + 1;
    const all = latencyHistogram(random, 2e-6 * (1 + i * 0.3), 500_000);
    const windows = Array.from({ length: 20 }, (_, w) => ({ t: w * 0.1, count: 1000, p99: all.p99 * (0.5 + random()), max: all.max, spike: random() < 0.1 }));
    const id = `run-${i}`;
    return {
      run: {
        id, experimentId: 'exp', cell: `GOMAXPROCS=${gomaxprocs}`, state: 'succeeded', targetKind: 'scenario', targetName: 'pingpong-hog', gomaxprocs, gomaxprocsInForce: gomaxprocs, concurrency: 8, concurrencyUsed: true, duration: '2s',
        label: '', tags: [], createdAt: '2026-11-28T03:00:00Z', startedAt: null, targetStartedAt: null, endedAt: null, filesFetchedAt: null, filesFetchNotes: [], tracePartial: false, measuredS: null, exitCode: 0, error: null,
        opsPerSec: 100_000 * Math.sqrt(gomaxprocs) * (0.9 + 0.2 * random()), schedP50: all.p50, schedP99: all.p99, schedSource: 'exact', gcPauseP99: 5e-6, host: 'local', goVersion: 'local', cpuLimit: 'max', goVersionInForce: 'go1.26.0', cpuLimitInForce: 0,
      },
      config: { target: { kind: 'scenario', id: 'pingpong-hog', params: {} }, concurrency: 8, duration: '2s', warmup: '0s', gomaxprocs, goVersion: 'local', cpuLimit: 'max', env: {}, capture: ['cpu', 'trace'], metricsInterval: '100ms', flightRecorder: '0s', label: '', tags: [], host: 'local' },
      result: null,
      analysis: {
        schema: 1,
        meta: { duration_s: 2, events: 1_000_000, partial: false, gomaxprocs: [{ t: 0, n: gomaxprocs }], window_s: 0.1 },
        sched_latency: { all, by_cause: { unblocked: all } },
        windows,
        goroutines: windows.map((w) => ({ t: w.t, running: gomaxprocs, runnable: 5, waiting: 10, syscall: 0 })),
        procs: Array.from({ length: gomaxprocs }, (_, p) => ({ p, util: windows.map(() => random()) })),
        run_length: { unit: 's', count: 0, bins: [] },
        stw: [],
        gc: { cycles: 1, mark_assist_s: 0, spans: [] },
        syscalls: { count: 0, time_s: 0, lost_p: 0, lost_p_time_s: 0 },
        blocking: {},
        profiles: [],
      },
      analysisNote: null,
      analysedTrace: 'trace.out',
      builtWith: null,
      params: {},
      benchmarks: [],
      provenance: { goVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64', numCpu: 8, cpuModel: 'Synthetic CPU', gomaxprocs, gomaxprocsConfigured: gomaxprocs, gomaxprocsDefault: false, gomaxprocsChanges: [], gomaxprocsChangesDropped: 0, cgroupCpuLimit: null, cgroupCpuLimitAtStart: null, cgroupCpuLimitChanges: [], kernel: '6.1', godebug: '', host: 'local', hostname: 'bench' },
      schedLatency: { exact: all, exactAll: all, sampled: all, sampledCount: 60_000 },
      artifacts: [],
      profiles: ['cpu.pprof', 'sched.pprof'],
      throttling: null,
      gomaxprocsSteps: [],
    };
  });
  const [baseline, ...candidates] = details;
  const metric = (key: string, label: string, unit: string, better: 'higher' | 'lower', pick: (d: RunDetail) => number | null) => {
    const b = pick(baseline);
    return { key, label, unit, better, baseline: b, candidates: candidates.map((c) => ({ value: pick(c), deltaPct: b && pick(c) !== null ? ((pick(c)! - b) / b) * 100 : null })) };
  };
  return {
    baseline,
    candidates,
    metrics: [
      metric('ops', 'Throughput', 'ops/s', 'higher', (d) => d.run.opsPerSec),
      metric('p50', 'Sched latency p50', 's', 'lower', (d) => d.run.schedP50),
      metric('p99', 'Sched latency p99', 's', 'lower', (d) => d.run.schedP99),
      metric('p999', 'Sched latency p99.9', 's', 'lower', (d) => d.schedLatency.exact?.p999 ?? null),
      metric('gc', 'GC pause p99', 's', 'lower', (d) => d.run.gcPauseP99),
    ],
    warnings: ['GOMAXPROCS differs: 1, 2, 3, 4, 5, 6, 7, 8'],
    commonProfiles: ['cpu.pprof', 'sched.pprof'],
    profilesByCandidate: Object.fromEntries(candidates.map((c) => [c.run.id, ['cpu.pprof', 'sched.pprof']])),
  };
}

/**
 * A window query's answer with exactly `slices` goroutine slices over `procs` Ps (back to back, 1 µs
 * to 1 ms each, 50 goroutine groups), the transitions of 20 goroutines, a run-queue step per slice,
 * GC and STW bands: the drill-down timeline's frame benchmark.
 */
export function syntheticWindow(slices: number, procs = 8, seed = 11): TraceWindow {
  const random = rng(seed);
  const funcs = Array.from({ length: 50 }, (_, i) => `${PACKAGES[i % PACKAGES.length]}.worker${i}`);
  const perP = Math.ceil(slices / procs);
  const lanes: TraceWindow['procs'] = [];
  let end = 0;
  for (let p = 0; p < procs; p++) {
    const list: TraceWindow['procs'][number]['slices'] = [];
    let t = 0;
    for (let i = 0; i < perP && p * perP + i < slices; i++) {
      const d = 10 ** (-6 + random() * 3);
      const g = 1 + Math.floor(random() * 2000);
      list.push({ g, start_func: funcs[g % funcs.length]!, begin_s: t, end_s: t + d, stop: random() < 0.5 ? 'preempted' : 'blocked: chan receive' });
      t += d + random() * 2e-6;
    }
    end = Math.max(end, t);
    lanes.push({ p, slices: list });
  }
  const run_queue = Array.from({ length: Math.min(slices, 100_000) }, (_, i) => ({ t: (i / Math.min(slices, 100_000)) * end, runnable: Math.floor(random() * 40) }));
  const goroutines = Array.from({ length: 20 }, (_, i) => {
    const g = 5000 + i;
    const t0 = random() * end * 0.5;
    return {
      g,
      start_func: funcs[i]!,
      state_at_from: 'Waiting',
      transitions: [
        { t: t0, from: 'Waiting', to: 'Runnable', stack: 1 },
        { t: t0 + random() * end * 0.3, from: 'Runnable', to: 'Running', stack: 0 },
      ],
    };
  });
  const ranges = Array.from({ length: 20 }, (_, i) => ({ name: i % 4 === 0 ? 'stop-the-world (GC mark termination)' : 'GC concurrent mark phase', scope: 'global', begin_s: (i / 20) * end, end_s: (i / 20) * end + end / 60 }));
  return {
    schema: 1,
    from_s: 0,
    to_s: end,
    generations: [1],
    procs: lanes,
    goroutines,
    unblocks: goroutines.map((g) => ({ t: g.transitions[0]!.t, g: g.g, by: 1, stack: 1 })),
    run_queue,
    ranges,
    sweeps: [],
    syscalls: [],
    regions: [],
    tasks: [],
    stacks: [[], ['main.release /src/main.go:20', 'main.main /src/main.go:5']],
    truncated: {},
    kept_until_s: {},
    notes: [],
    longest_waits: [],
    open_waits: 0,
  };
}
