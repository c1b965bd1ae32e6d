// Building blocks for tests of the store and the read side: a temporary data directory, run
// configs, and result.json / analysis.json documents shaped as resources/go/PROTOCOL.md says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDetail } from '../../src/shared/contract';
import { RunConfig, type RunConfigInput } from '../../src/shared/domain';
import { goDurationSeconds } from '../../src/shared/go-duration';
import { runDetail } from '../../src/main/core/read-side/detail';
import type { Store } from '../../src/main/core/store';

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function runConfig(overrides: Partial<RunConfigInput> = {}): RunConfig {
  return RunConfig.parse({
    target: { kind: 'scenario', id: 'chan-sync-pingpong', params: {} },
    concurrency: 8,
    duration: '2s',
    ...overrides,
  });
}

/** A sparse histogram whose quantiles are the given values' bucket upper bounds (factor 1.25 wide). */
export function histogram(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const bins = new Map<number, number>();
  for (const s of sorted) {
    const exp = Math.floor(Math.log2(s) * 4) / 4;
    bins.set(exp, (bins.get(exp) ?? 0) + 1);
  }
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
  return {
    unit: 's' as const,
    count: sorted.length,
    bins: [...bins].map(([exp, n]) => [2 ** exp, 2 ** (exp + 0.25), n] as [number, number, number]),
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    p999: q(0.999),
    max: sorted.at(-1) ?? null,
  };
}

export interface ResultShape {
  opsPerSec?: number;
  ops?: number;
  wallS?: number;
  schedSamples?: number[];
  gcPauseSamples?: number[];
  goVersion?: string;
  numCpu?: number;
  gomaxprocs?: number;
  kernel?: string;
  godebug?: string;
}

/**
 * A result.json as the harness writes it for a run of `config` (runConfig()'s by default): it
 * echoes the scenario, concurrency, duration and warm-up it was given, as the store checks.
 */
export function harnessResult(shape: ResultShape = {}, config: RunConfig = runConfig()) {
  const wall = shape.wallS ?? 2;
  const ops = shape.ops ?? Math.round((shape.opsPerSec ?? 1000) * wall);
  return {
    schema: 1,
    scenario: config.target.kind === 'scenario' ? config.target.id : 'program',
    params: {},
    labels: {},
    config: { concurrency: config.concurrency, duration_s: goDurationSeconds(config.duration), warmup_s: goDurationSeconds(config.warmup), metrics_interval_s: 0.1, capture: ['cpu'] },
    provenance: {
      go_version: shape.goVersion ?? 'go1.26.0',
      goos: 'linux',
      goarch: 'amd64',
      num_cpu: shape.numCpu ?? 2,
      cpu_model: 'Test CPU @ 2.00GHz',
      gomaxprocs: shape.gomaxprocs ?? 2,
      gomaxprocs_default: true,
      cgroup_cpu_limit: null,
      kernel: shape.kernel ?? '6.1.0',
      godebug: shape.godebug ?? '',
      gogc: '',
      hostname: 'test',
      pid: 1,
      started_at: '2026-11-28T03:00:00Z',
    },
    stopped: false,
    wall_s: wall,
    ops,
    ops_per_s: ops / wall,
    op_latency: null,
    metrics: {
      '/sched/latencies:seconds': { kind: 'histogram', ...histogram(shape.schedSamples ?? [1e-6, 2e-6, 4e-6, 1e-4]) },
      '/sched/pauses/total/gc:seconds': { kind: 'histogram', ...histogram(shape.gcPauseSamples ?? [5e-5, 1e-4]) },
      // A run that does more work collects more often: one cycle per 100 ops.
      '/gc/cycles/total:gc-cycles': { kind: 'counter', delta: Math.max(1, Math.round(ops / 100)) },
      '/sched/goroutines:goroutines': { kind: 'gauge', start: 10, end: 12 },
    },
    unavailable: [],
    artifacts: [],
    errors: [],
  };
}

export function traceAnalysis(schedSamples: readonly number[], partial = false) {
  const all = { ...histogram(schedSamples), sum_s: schedSamples.reduce((a, b) => a + b, 0) };
  return {
    schema: 1,
    meta: { go_version: 'go1.26', duration_s: 2, events: 1000, partial, gomaxprocs: [{ t: 0, n: 2 }], window_s: 0.1 },
    sched_latency: { all, by_cause: { unblocked: all } },
    windows: [{ t: 0, count: schedSamples.length, p99: all.p99, max: all.max, spike: false }],
    goroutines: [{ t: 0, running: 2, runnable: 1, waiting: 3, syscall: 0 }],
    procs: [{ p: 0, util: [0.9] }],
    run_length: { unit: 's', count: 0, bins: [] },
    stw: [{ t: 1, duration_s: 1e-4, reason: 'stop-the-world (GC mark termination)' }],
    gc: { cycles: 2, mark_assist_s: 0, spans: [] },
    syscalls: { count: 4, time_s: 0.01, lost_p: 1, lost_p_time_s: 0.001 },
    blocking: { 'chan receive': 0.5 },
    profiles: [],
  };
}

/**
 * A succeeded pingpong-hog run stored with its result.json: configured at GOMAXPROCS `configured`,
 * in force `inForce` during the window (one change at 1.8 ms when they differ, as the scenarios that
 * called runtime.GOMAXPROCS themselves did), with `params` as the harness's effective values.
 */
export function storedScenarioRun(store: Store, configured: number, inForce: number, params: Record<string, string>): RunDetail {
  const config = runConfig({ gomaxprocs: configured, target: { kind: 'scenario', id: 'pingpong-hog', params: {} } });
  const id = store.createRun({ config });
  const changes = inForce === configured ? [] : [{ t: 0.0018, phase: 'measure', from: configured, to: inForce }];
  store.saveResult(id, { ...harnessResult({ gomaxprocs: configured }, config), params, gomaxprocs: { configured, in_force: inForce, changes, changes_dropped: 0 } });
  store.transition(id, 'running');
  store.transition(id, 'succeeded', { exitCode: 0 });
  return runDetail(store, id);
}

/** A succeeded run of `config` (runConfig()'s, with `overrides`) whose result.json says it did `opsPerSec`, built by `goVersion`. */
export function storedRunAt(store: Store, opsPerSec: number, overrides: Partial<RunConfigInput> = {}, goVersion = 'go1.26.0'): string {
  const config = runConfig(overrides);
  const id = store.createRun({ config });
  store.saveResult(id, harnessResult({ opsPerSec, goVersion }, config));
  store.transition(id, 'running');
  store.transition(id, 'succeeded', { exitCode: 0 });
  return id;
}
