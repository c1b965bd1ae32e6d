// Schemas of the files the Go side writes (resources/go/PROTOCOL.md), as the workbench reads them.
// Unknown extra fields pass through so a newer harness does not break an older workbench;
// an unknown schema number is rejected with a clear error by the reader.
import { z } from 'zod';
import { SettingChange, Histogram } from './domain';

// The harness writes an empty histogram as just { unit, count: 0 }: no bins, no quantiles.
// Defaults fill them in, so readers always see the full shape.
const LenientHistogram = Histogram.extend({ bins: Histogram.shape.bins.default([]) });
const quantile = () => z.number().nonnegative().nullable().default(null);
const HistogramWithQuantiles = LenientHistogram.extend({ p50: quantile(), p90: quantile(), p99: quantile(), p999: quantile(), max: quantile() });

export const MetricValue = z.discriminatedUnion('kind', [
  HistogramWithQuantiles.extend({ kind: z.literal('histogram') }).loose(),
  z
    .object({
      kind: z.literal('counter'),
      delta: z.number(),
      /**
       * On a counter the runtime updates only at a GC cycle's stops of the world (/cpu/classes/*): how
       * many cycles ended in the window. The delta runs from the last cycle before the window to the
       * last one in it; with none, it is 0 whatever ran, but for gc/pause and gc/total, which a
       * cycle's start moves too (PROTOCOL.md §2.2).
       */
      gc_cycles_ended: z.number().nonnegative().optional(),
    })
    .loose(),
  z.object({ kind: z.literal('gauge'), start: z.number(), end: z.number() }).loose(),
]);
export type MetricValue = z.infer<typeof MetricValue>;

/** result.json, schema 1 (PROTOCOL.md §2.2). */
/** A setting the harness watched through the run (PROTOCOL.md §2.2): configured, in force, changes. */
const WatchedSetting = z
  .object({
    // GOMAXPROCS (≥ 1) or a CPU limit in cores (0: none): never negative.
    configured: z.number().nonnegative(),
    in_force: z.number().nonnegative().nullable(),
    changes: z.array(SettingChange).nullable().transform((v) => v ?? []),
    changes_dropped: z.number().default(0),
  })
  .loose();

/** Whether `rate` is ops over a wall time that rounds to `wallS` at the microsecond, both rounded there too. */
function rateWithin(ops: number, wallS: number, rate: number): boolean {
  const HALF_US = 5e-7;
  const slack = 1e-6; // the rate's own rounding, and float error
  const lo = ops / (wallS + HALF_US);
  const hi = wallS > HALF_US ? ops / (wallS - HALF_US) : Infinity;
  return rate >= lo * (1 - slack) - slack && rate <= hi * (1 + slack) + slack;
}

export const HarnessResult = z
  .object({
    schema: z.literal(1),
    scenario: z.string(),
    params: z.record(z.string(), z.string()),
    labels: z.record(z.string(), z.string()).optional(),
    config: z.object({
      concurrency: z.number().int().nonnegative(),
      /** False when the scenario ignores the concurrency (PROTOCOL.md §4); absent from older harnesses. */
      concurrency_used: z.boolean().optional(),
      duration_s: z.number().nonnegative(),
      warmup_s: z.number().nonnegative(),
      metrics_interval_s: z.number().nonnegative(),
      capture: z.array(z.string()),
    }).loose(),
    provenance: z.object({
      go_version: z.string(),
      goos: z.string(),
      goarch: z.string(),
      num_cpu: z.number().int().positive(),
      /** Harnesses before it was recorded have none; "" where the machine does not say. */
      cpu_model: z.string().optional(),
      gomaxprocs: z.number().int().positive(),
      gomaxprocs_default: z.boolean(),
      cgroup_cpu_limit: z.number().nullable(),
      kernel: z.string(),
      godebug: z.string(),
      /** os.Hostname() of the machine that ran it (harnesses before it was read have none). */
      hostname: z.string().optional(),
    }).loose(),
    stopped: z.boolean(),
    // Measured figures: finite (zod refuses Infinity and NaN), never negative, and agreeing with each
    // other as the harness computes them, so a file that says otherwise is not shown as measured.
    wall_s: z.number().nonnegative(),
    ops: z.number().int().nonnegative(),
    ops_per_s: z.number().nonnegative(),
    op_latency: HistogramWithQuantiles.nullable(),
    metrics: z.record(z.string(), MetricValue),
    // Go encodes an empty nil slice as null; read it as the empty list it means.
    unavailable: z.array(z.string()).nullable().transform((v) => v ?? []),
    /** `covers: 'window'`: the file covers the measured window alone (the harness's CPU profile); else the whole run. */
    artifacts: z.array(z.object({ name: z.string(), kind: z.string(), covers: z.literal('window').optional() })),
    errors: z.array(z.string()).nullable().transform((v) => v ?? []),
    /** What the scenario reported with env.Report (PROTOCOL.md §2.2): value null when it was not finite. Absent from older harnesses. */
    values: z.record(z.string(), z.object({ value: z.number().nullable(), unit: z.string() }).loose()).optional(),
    /** The scenario's messages for the reader (env.Note); not errors. */
    notes: z.array(z.string()).nullable().optional(),
    /** The GOMAXPROCS that ran; absent from files written by a fresh-process parent and older harnesses. */
    gomaxprocs: WatchedSetting.optional(),
    /**
     * The CPU limit of the run's cgroup in cores (0: none), watched as GOMAXPROCS is: a scenario may
     * set it. Absent without a readable cgroup, from a fresh-process parent and from older harnesses.
     */
    cpu_limit: WatchedSetting.optional(),
  })
  .loose()
  // Both are rounded to the microsecond, ops_per_s from the unrounded wall time, which lay within
  // half a microsecond of wall_s: a forged figure lies orders of magnitude outside. No time passes
  // in no window (wall_s 0) and nothing is done in it; a window between 0 and 1 µs is not a rounding.
  .refine((r) => (r.wall_s === 0 ? r.ops === 0 && r.ops_per_s === 0 : r.wall_s >= 1e-6 && rateWithin(r.ops, r.wall_s, r.ops_per_s)), {
    message: 'ops_per_s is not ops / wall_s',
    path: ['ops_per_s'],
  });
export type HarnessResult = z.infer<typeof HarnessResult>;

export const TraceHistogram = HistogramWithQuantiles.extend({
  sum_s: z.number(),
  /** 0 when the quantiles are exact order statistics; past 2^20 waits, their worst relative error (2^-11). */
  rel_err: z.number().optional(),
});
export type TraceHistogram = z.infer<typeof TraceHistogram>;

/** Goroutines still runnable when the trace ended; `starved` ones were runnable for the whole trace. */
const TraceOpenWaits = z.object({
  count: z.number(),
  starved: z.number(),
  max_lower_bound_s: z.number(),
  by_cause: z.record(z.string(), z.object({ count: z.number(), max_lower_bound_s: z.number() })),
  goroutines: z.array(z.object({
    g: z.number(),
    start_func: z.string(),
    cause: z.string(),
    runnable_since_s: z.number(),
    lower_bound_s: z.number(),
    starved: z.boolean(),
  })),
  listed: z.number(),
});

/** Minimum mutator utilisation per window size (PROTOCOL.md §3.1 mmu; src/shared/mmu.ts reads it). */
export const MmuCurve = z.object({
  /** What counts as GC work: "stw", "background", "assist" (go tool trace's MMU page defaults). */
  flags: z.array(z.string()),
  /** Ascending window sizes; the last is the trace's whole length. `err` bounds |mmu − exact| (0: exact). */
  points: z.array(z.object({ window_s: z.number(), mmu: z.number(), worst_at_s: z.number(), err: z.number() })),
});

/**
 * A group's (or the program's) scheduler-latency samples in one analysis window [t, t + window_s); a
 * program window says whether it spikes by the rule every goroutine's windows are judged by.
 */
const GroupWindow = z.object({ t: z.number(), count: z.number(), p99: z.number(), max: z.number(), spike: z.boolean().optional() });

/**
 * Goroutines grouped by start function with the figures of `go tool trace`'s goroutine pages (PROTOCOL.md §3.1
 * goroutine_groups): times in seconds, block time by the runtime's reason, and each group's scheduler-latency
 * distribution in the bins of sched_latency.
 */
export const TraceGoroutineGroup = z.object({
  start_func: z.string(),
  count: z.number(),
  exec_s: z.number(),
  sched_wait_s: z.number(),
  block_s: z.record(z.string(), z.number()),
  syscall_s: z.number(),
  syscall_block_s: z.number(),
  gc_assist_s: z.number(),
  total_s: z.number(),
  sched_latency: TraceHistogram,
  /** The group's samples by analysis window (only windows with samples); null past gmptrace's sample budget, absent in older analyses. */
  windows: z.array(GroupWindow).nullable().optional(),
}).loose();
export type TraceGoroutineGroup = z.infer<typeof TraceGoroutineGroup>;
const TraceGoroutineGroups = z.object({
  groups: z.array(TraceGoroutineGroup),
  total: z.number(),
  omitted: z.object({ groups: z.number(), goroutines: z.number(), exec_s: z.number(), sched_wait_s: z.number() }),
  /** Why the groups have no windows ("" or absent when they have them). */
  windows_note: z.string().optional(),
  /**
   * The program's goroutines' samples by analysis window (every group's but the runtime's own, as
   * sched_latency.program); null past gmptrace's sample budget, absent in older analyses.
   */
  program_windows: z.array(GroupWindow).nullable().optional(),
}).loose();

/** runtime/trace annotations (PROTOCOL.md §3.1 user_annotations): region and task types, log categories. */
export const TraceRegionType = z.object({
  type: z.string(),
  count: z.number(),
  incomplete: z.number(),
  duration: TraceHistogram,
  sched_latency: TraceHistogram,
}).loose();
export type TraceRegionType = z.infer<typeof TraceRegionType>;
const TraceUserAnnotations = z.object({
  regions: z.array(TraceRegionType),
  tasks: z.array(z.object({ type: z.string(), count: z.number(), incomplete: z.number(), duration: TraceHistogram }).loose()),
  logs: z.array(z.object({ category: z.string(), count: z.number() })),
  dropped: z.number(),
}).loose();
export type TraceUserAnnotations = z.infer<typeof TraceUserAnnotations>;

/** gmptrace's analysis.json, schema 1 (PROTOCOL.md §3.1). */
export const TraceAnalysis = z
  .object({
    schema: z.literal(1),
    meta: z.object({
      go_version: z.string().optional(),
      duration_s: z.number(),
      events: z.number(),
      partial: z.boolean(),
      gomaxprocs: z.array(z.object({ t: z.number(), n: z.number() })),
      window_s: z.number(),
      /** The wall-clock time of the trace's first event (RFC 3339, UTC): Go 1.25+ traces only (PROTOCOL.md §3.1). */
      started_at: z.string().optional(),
    }).loose(),
    sched_latency: z.object({
      all: TraceHistogram,
      by_cause: z.record(z.string(), TraceHistogram),
      /**
       * `all` and `by_cause` of the program's goroutines alone, the runtime's own (GC workers, the
       * sweeper, the tracer) left out (PROTOCOL.md §3.1). Absent from analyses before the split.
       */
      program: TraceHistogram.optional(),
      program_by_cause: z.record(z.string(), TraceHistogram).optional(),
      /** Waits still open at the trace's end: lower bounds, not samples (PROTOCOL.md §3.1). Absent in older analyses. */
      open_waits: TraceOpenWaits.optional(),
      /**
       * What the windows were judged against (PROTOCOL.md §3.1): their median p99 and the p99 a
       * window had to pass to spike. Absent when no window had samples, and in older analyses.
       */
      spike_bar: z.object({ median_p99_s: z.number(), threshold_s: z.number() }).optional(),
      /** The spike rule in words, as the gmptrace that judged the windows states it. */
      spike_rule: z.string().optional(),
    }),
    windows: z.array(z.object({ t: z.number(), count: z.number(), p99: z.number().nullable(), max: z.number().nullable(), spike: z.boolean() }).loose()),
    goroutines: z.array(z.object({ t: z.number() }).catchall(z.number())),
    procs: z.array(z.object({ p: z.number(), util: z.array(z.number()) })),
    run_length: LenientHistogram.loose(),
    stw: z.array(z.object({ t: z.number(), duration_s: z.number(), reason: z.string() })),
    gc: z.object({ cycles: z.number(), mark_assist_s: z.number(), spans: z.array(z.object({ t: z.number(), duration_s: z.number() })) }).loose(),
    syscalls: z.object({ count: z.number(), time_s: z.number(), lost_p: z.number(), lost_p_time_s: z.number() }),
    blocking: z.record(z.string(), z.number()),
    profiles: z.array(z.object({ name: z.string(), kind: z.string() })),
    /** Absent in analyses written before gmptrace computed it, and for a trace without GOMAXPROCS. */
    mmu: MmuCurve.optional(),
    /** Absent in analyses written before gmptrace grouped goroutines. */
    goroutine_groups: TraceGoroutineGroups.optional(),
    user_annotations: TraceUserAnnotations.optional(),
  })
  .loose();
export type TraceAnalysis = z.infer<typeof TraceAnalysis>;

/** One measurement of a benchmark result, e.g. { value: 1250, unit: 'ns/op' }. */
export const BenchValue = z.object({ value: z.number(), unit: z.string() });
export type BenchValue = z.infer<typeof BenchValue>;

/** One result line of the Go benchmark format, with the file configuration in force where it appeared. */
export const BenchResult = z.object({
  /** Full name without the "Benchmark" prefix, sub-benchmarks and -GOMAXPROCS suffix included: "Sum/size=8-2". */
  name: z.string(),
  iterations: z.number(),
  /** Every value the line carries, in its order, each with its own unit (ns/op, B/op, custom metrics …). */
  values: z.array(BenchValue),
  /** File configuration in force for this result: goos, goarch, pkg, cpu, and any other key. */
  config: z.record(z.string(), z.string()),
});
export type BenchResult = z.infer<typeof BenchResult>;

/** bench.json (schema 2): what the workbench kept of a bench run's output, every matched benchmark. */
export const BenchFile = z.object({ schema: z.literal(2), results: z.array(BenchResult) }).loose();

/** One entry of `gmpstress -list -json` (PROTOCOL.md §4). */
export const CatalogParam = z.object({
  name: z.string(),
  type: z.enum(['int', 'float', 'duration', 'bool', 'string', 'enum']),
  default: z.string(),
  min: z.string().optional(),
  max: z.string().optional(),
  choices: z.array(z.string()).optional(),
  help: z.string().optional(),
});
export type CatalogParam = z.infer<typeof CatalogParam>;

export const CatalogScenario = z.object({
  id: z.string(),
  group: z.string(),
  title: z.string(),
  mechanism: z.string(),
  source: z.string(),
  fresh_process: z.boolean(),
  params: z.array(CatalogParam),
  signals: z.array(z.string()),
  /** The GOMAXPROCS the scenario's source was written for; a suggestion only (PROTOCOL.md §4). */
  suggested_gomaxprocs: z.number().int().min(1).optional(),
  /** The scenario's load does not depend on the concurrency: runs at two would be the same run (PROTOCOL.md §4). */
  ignores_concurrency: z.boolean().optional(),
  /** Its child runs without the harness (deadlock-detection): no capture, metric or sampler (PROTOCOL.md §4). */
  bare_child: z.boolean().optional(),
});
export type CatalogScenario = z.infer<typeof CatalogScenario>;

export const Catalog = z.object({ schema: z.literal(1), scenarios: z.array(CatalogScenario) });
export type Catalog = z.infer<typeof Catalog>;
