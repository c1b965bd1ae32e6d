// A run's row: the columns a summary is read from (scalars copied out of its configuration and
// result for sorting and filtering), and its shape as the contract's RunSummary.
import { basename } from 'node:path';
import type { RunState, RunSummary, Target } from '../../../shared/domain';
import type { HarnessResult } from '../../../shared/results';
import { RUN_CPU_LIMIT, RUN_CPU_LIMIT_IN_FORCE, RUN_GO, RUN_GO_IN_FORCE, RUN_HOST } from './query';

export interface RunRow {
  id: string;
  host: string;
  go_version: string;
  cpu_limit: number | 'max';
  go_in_force: string | null;
  cpu_limit_in_force: number | null;
  experiment_id: string | null;
  cell: string | null;
  state: RunState;
  target_kind: RunSummary['targetKind'];
  target_name: string;
  gomaxprocs: number | null;
  gomaxprocs_in_force: number | null;
  concurrency: number;
  concurrency_used: 0 | 1;
  duration: string;
  label: string;
  tags: string;
  created_at: string;
  started_at: string | null;
  target_started_at: string | null;
  ended_at: string | null;
  files_fetched_at: string | null;
  files_fetch_notes: string | null;
  exit_code: number | null;
  error: string | null;
  ops_per_sec: number | null;
  sched_p50: number | null;
  sched_p99: number | null;
  sched_exact: 0 | 1;
  trace_partial: 0 | 1;
  wall_s: number | null;
  gc_pause_p99: number | null;
}

export const SUMMARY_COLUMNS = `id, experiment_id, cell, state, target_kind, target_name, gomaxprocs, gomaxprocs_in_force, concurrency, concurrency_used, duration, label,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE run_id = runs.id ORDER BY tag)) AS tags,
  created_at, started_at, target_started_at, ended_at, files_fetched_at, files_fetch_notes, exit_code, error, ops_per_sec, sched_p50, sched_p99, gc_pause_p99,
  ${RUN_HOST} AS host, ${RUN_GO} AS go_version, ${RUN_CPU_LIMIT} AS cpu_limit,
  ${RUN_GO_IN_FORCE} AS go_in_force, ${RUN_CPU_LIMIT_IN_FORCE} AS cpu_limit_in_force,
  EXISTS (SELECT 1 FROM metrics WHERE run_id = runs.id AND name = 'trace:sched_latency.p99') AS sched_exact,
  EXISTS (SELECT 1 FROM metrics WHERE run_id = runs.id AND name = 'trace:partial') AS trace_partial,
  (SELECT value FROM metrics WHERE run_id = runs.id AND name = 'wall_s') AS wall_s`;

/** result.json's word on whether the concurrency was used, as the column stores it; null when it does not say. */
export function concurrencyUsedOf(result: HarnessResult | null): 0 | 1 | null {
  const used = result?.config.concurrency_used;
  return used === undefined ? null : used ? 1 : 0;
}

export function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    cell: row.cell,
    state: row.state,
    targetKind: row.target_kind,
    targetName: row.target_name,
    gomaxprocs: row.gomaxprocs ?? 'default',
    gomaxprocsInForce: row.gomaxprocs_in_force,
    concurrency: row.concurrency,
    concurrencyUsed: row.concurrency_used === 1,
    duration: row.duration,
    label: row.label,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    startedAt: row.started_at,
    targetStartedAt: row.target_started_at,
    endedAt: row.ended_at,
    filesFetchedAt: row.files_fetched_at,
    filesFetchNotes: row.files_fetch_notes ? row.files_fetch_notes.split('\n') : [],
    exitCode: row.exit_code,
    error: row.error,
    opsPerSec: row.ops_per_sec,
    schedP50: row.sched_p50,
    schedP99: row.sched_p99,
    // The same choice refreshSchedColumns makes: trace quantiles when there are any.
    schedSource: row.sched_p99 === null ? null : row.sched_exact ? 'exact' : 'sampled',
    tracePartial: row.trace_partial === 1,
    measuredS: row.wall_s,
    gcPauseP99: row.gc_pause_p99,
    host: row.host,
    goVersion: row.go_version,
    cpuLimit: row.cpu_limit,
    goVersionInForce: row.go_in_force,
    cpuLimitInForce: row.cpu_limit_in_force,
  };
}

/** The short name a run list shows for a target. */
export function targetName(target: Target): string {
  switch (target.kind) {
    case 'scenario':
      return target.id;
    case 'bench':
      // A directory by its last element (a pattern's "..." kept: "mymod/..."), an import path whole;
      // the regex named as go test's flag, so "pkg -bench ." does not read as two packages.
      return `${target.pkg.startsWith('/') ? (/[^/]+\/\.\.\.$/.exec(target.pkg)?.[0] ?? basename(target.pkg)) : target.pkg} -bench ${target.bench}`;
    case 'program':
      return target.scenario ? `${basename(target.path)} ${target.scenario}` : basename(target.path);
    case 'endpoint':
      return basename(target.path);
  }
}
