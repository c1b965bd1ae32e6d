// The one contract between the UI (Electron renderer or browser) and the core.
// A feature is: a command (or event) here, a handler in src/main/core/handlers, a view in src/renderer.
// The three adapters (Electron IPC, HTTP+SSE, CLI) are generated from these tables and parse every
// input with these schemas; nothing else may cross the boundary.
import { z } from 'zod';
import {
  DiffFlameTree,
  ExperimentSummary,
  FlameTree,
  LabelFocus,
  MetricsTick,
  Normalisation,
  Progress,
  RunConfig,
  RunPlan,
  RunState,
  RunSummary,
  Artifact,
  Quantiles,
  Provenance,
  Gomaxprocs,
} from './domain';
import { Host, HostCheck, HostName } from './hosts';
import { IMPORTED_TAG } from './imported-tag';
import { Label, MAX_TAG_LENGTH, MAX_TAGS, Tags } from './tags';
import { BenchResult, Catalog, HarnessResult, TraceAnalysis } from './results';
import { RunWindow, WINDOW_MAX_ITEMS } from './trace-window';
import { RunTraceCut } from './trace-cut';
import { ABSENCES } from './verdict-text';

/** Run ids as the workbench makes them: also safe as one path segment (runs/<id>). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const RunId = z.string().regex(RUN_ID_PATTERN, 'a run id');

export const ToolchainInfo = z.object({
  ok: z.boolean(),
  goPath: z.string().nullable(),
  goVersion: z.string().nullable(),
  /** When not ok: what is wrong and how to fix it. */
  message: z.string().nullable(),
});
export type ToolchainInfo = z.infer<typeof ToolchainInfo>;

/** What the runner can do on this machine beyond running a target: its own cgroup, a CPU limit. */
export const RunnerCapabilities = z.object({
  /** Why a run's target cannot get a cgroup of its own (it is then contained by its process group); null when it can. */
  cgroupReason: z.string().nullable(),
  /** Why a CPU limit cannot be set; null when it can. */
  cpuLimitReason: z.string().nullable(),
  /** This machine's CPU count: what a plan that chooses no concurrency runs at here (the New run form's hint; a host runs at its own). */
  defaultConcurrency: z.number().int().min(1),
});
export type RunnerCapabilities = z.infer<typeof RunnerCapabilities>;

export const RunFilter = z.object({
  // SQLite refuses a LIKE pattern over 50,000 bytes; a search this long finds nothing anyway.
  text: z.string().max(1000).optional(),
  targetKind: z.enum(['scenario', 'bench', 'program', 'endpoint']).optional(),
  targetName: z.string().optional(),
  state: RunState.optional(),
  gomaxprocs: Gomaxprocs.optional(),
  concurrency: z.number().int().optional(),
  tag: z.string().optional(),
  /** Where the runs ran: 'local' or a host's name. */
  host: z.string().optional(),
  experimentId: z.string().optional(),
  since: z.string().optional(),
  until: z.string().optional(),
});
export type RunFilter = z.infer<typeof RunFilter>;

export const RUN_SORT_KEYS = [
  'createdAt', 'targetName', 'gomaxprocs', 'concurrency', 'state', 'label',
  'opsPerSec', 'schedP50', 'schedP99', 'gcPauseP99',
] as const;

export const RunDetail = z.object({
  run: RunSummary,
  config: RunConfig,
  result: HarnessResult.nullable(),
  analysis: TraceAnalysis.nullable(),
  /** Why analysis is missing or partial, for the UI to say so. */
  analysisNote: z.string().nullable(),
  /**
   * The trace the analysis is of: the whole run's, or the flight recorder's last window of it (a run
   * stopped or failed with the recorder on), whose times count from that window's start. Null without analysis.
   */
  analysedTrace: z.enum(['trace.out', 'flight.trace']).nullable(),
  provenance: Provenance.nullable(),
  /** The Go release that built the executable the run spawned, as `go version -m` reads it from the binary; null when unknown. */
  builtWith: z.string().nullable(),
  /**
   * The scenario's parameters as they ran, defaults included (result.json's effective values), or
   * the ones the run was given when it has no result.json; empty for targets without parameters.
   */
  params: z.record(z.string(), z.string()),
  /** A bench run's benchmarks (bench.json): each matched one with every metric go test printed. */
  benchmarks: z.array(BenchResult),
  /** Scheduler latency quantiles from both sources, for the agreement panel. */
  schedLatency: z.object({
    /** The program's goroutines' (the runtime's own left out; every goroutine's from an older analysis): the figure views lead with. */
    exact: Quantiles.nullable(),
    /** Every goroutine's, the runtime's own included: the population the sampled metric holds, which the agreement compares with it. */
    exactAll: Quantiles.nullable(),
    sampled: Quantiles.nullable(),
    sampledCount: z.number(),
  }),
  artifacts: z.array(Artifact),
  /** Profiles that can be drawn as flame graphs (captured and trace-derived), by artifact name. */
  profiles: z.array(z.string()),
  /** CPU throttling of the run's cgroup over the measurement window; null without a CPU limit or without cgroup statistics. */
  throttling: z.object({ periods: z.number(), throttled: z.number(), throttledSeconds: z.number() }).nullable(),
  /** GOMAXPROCS as sampled each tick, where it changed (Go 1.25+ follows the CPU limit: updatemaxprocs); the first tick included. */
  gomaxprocsSteps: z.array(z.object({ t: z.number(), value: z.number() })),
});
export type RunDetail = z.infer<typeof RunDetail>;

/**
 * The Go benchmark a compared metric belongs to (docs/ARCHITECTURE.md §6): benchmarks are matched
 * across runs by package and name, the name without go test's "-GOMAXPROCS" suffix.
 */
export const BenchmarkRef = z.object({
  /** As go test names it, without the "Benchmark" prefix and the GOMAXPROCS suffix: "Sum", "Queue/size=8". */
  name: z.string(),
  /** The package from go test's "pkg:" header; null when the output had none. */
  pkg: z.string().nullable(),
  /** How to show it: "BenchmarkSum", with the package when the comparison holds several ("BenchmarkSum (example.com/m/a)"). */
  title: z.string(),
  /** The sides that did not run it: 0 is the baseline, 1… the candidates in order. */
  missingFrom: z.array(z.number()),
});
export type BenchmarkRef = z.infer<typeof BenchmarkRef>;

export const ComparedMetric = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  /**
   * Whether a larger value is better (throughput) or worse (latency); null for a figure that describes
   * the load rather than how well it ran (goroutines alive, GC cycles): its changes are "changed", as
   * are those of a directed metric whose medians give no direction (StatVerdict).
   */
  better: z.enum(['higher', 'lower']).nullable(),
  /** Set on a Go benchmark's metric (its unit one of those go test printed); absent on the run's own metrics. */
  benchmark: BenchmarkRef.optional(),
  baseline: z.number().nullable(),
  candidates: z.array(z.object({ value: z.number().nullable(), deltaPct: z.number().nullable() })),
  /**
   * Set on a quantile of a distribution: its level (0.99) and how many samples it rests on in each
   * run, the baseline's first; a quantile of too few is its run's maximum (shared/thin-quantile.ts).
   */
  quantile: z.object({ level: z.number(), samples: z.array(z.number().nullable()) }).optional(),
});
export type ComparedMetric = z.infer<typeof ComparedMetric>;

export const Comparison = z.object({
  baseline: RunDetail,
  candidates: z.array(RunDetail),
  metrics: z.array(ComparedMetric),
  /** Differences in provenance that make the comparison suspect (Go version, CPU, kernel …). */
  warnings: z.array(z.string()),
  /** Profiles the baseline shares with at least one candidate (profilesByCandidate's, together). */
  commonProfiles: z.array(z.string()),
  /** By candidate run id: the profiles it and the baseline both have, of one origin (read-side/compare.ts: pairedProfiles). */
  profilesByCandidate: z.record(z.string(), z.array(z.string())),
});
export type Comparison = z.infer<typeof Comparison>;

/** The most runs one group may hold: more is a history, not a sample. */
export const MAX_GROUP_RUNS = 1000;

/**
 * A group of repetitions compared as one sample (docs/ARCHITECTURE.md §6): all runs of an experiment cell
 * (the cell without its "#n" repetition, e.g. "GOMAXPROCS=2 concurrency=100"), a list of runs, or
 * every run carrying a tag (a CI job's baseline and candidate: `gmpw run … --tag main`).
 * A single run is a group of one.
 */
export const RunGroupRef = z.union([
  z.object({ experimentId: z.string().min(1), cell: z.string().min(1) }).strict(),
  z.object({ runIds: z.array(RunId).min(1).max(MAX_GROUP_RUNS) }).strict(),
  z.object({ tag: z.string().min(1).max(MAX_TAG_LENGTH) }).strict(),
]);
export type RunGroupRef = z.infer<typeof RunGroupRef>;

/** One side of a metric: its runs' median with the 95% CI benchstat computes. */
export const SampleStats = z.object({
  n: z.number(),
  median: z.number().nullable(),
  /** CI bounds; null below 6 runs. */
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  /** The CI as benchstat prints it, "± 3%"; null below 6 runs. */
  ci: z.string().nullable(),
  /** Why there is no CI or no value, in words. */
  note: z.string().nullable(),
});
export type SampleStats = z.infer<typeof SampleStats>;

export const StatVerdict = z.object({
  /** Change of the candidate's median from the baseline's, in percent. */
  deltaPct: z.number().nullable(),
  /** Mann–Whitney U two-sided p-value; null with too few runs. */
  p: z.number().nullable(),
  /** How many values each side's sample holds: the baseline's, the candidate's. */
  n1: z.number(),
  n2: z.number(),
  /**
   * better/worse: significant at α = 0.05 in the metric's good/bad direction; changed: significant,
   * of a metric without a direction, or whose medians give none (equal, or against the ranks: the
   * text says which); no-difference: not significant; too-few: sides too
   * small for the test ever to reach p ≤ 0.05 (3+3, say); not-run: a side did not run the benchmark
   * or has no value of the metric (not measured there, or no run of it succeeded), so there is
   * nothing to compare.
   */
  outcome: z.enum(['better', 'worse', 'changed', 'no-difference', 'too-few', 'not-run']),
  /** benchstat's wording: "+12.30% (p=0.002 n=6)", "~ (p=0.400 n=6+5)", or why there is no verdict. */
  text: z.string(),
  /** With not-run: each side that has nothing to compare, and why (the text says the same with the groups' labels). */
  absent: z.array(z.object({ side: z.enum(['baseline', 'candidate']), why: z.enum(ABSENCES) })).optional(),
});
export type StatVerdict = z.infer<typeof StatVerdict>;

export const GroupedMetric = ComparedMetric.pick({ key: true, label: true, unit: true, better: true, benchmark: true }).extend({
  baseline: SampleStats,
  candidates: z.array(z.object({ stats: SampleStats, verdict: StatVerdict })),
});
export type GroupedMetric = z.infer<typeof GroupedMetric>;

/** One run of a setup's history (runs.trend), with what it ran under, which may differ run to run. */
export const TrendPoint = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** When it started: the runs of one plan are created together and run one after another; null for one never started. */
  startedAt: z.string().nullable(),
  state: RunState,
  label: z.string(),
  tags: z.array(z.string()),
  /** The Go that built it ("go1.26.8"), where known. */
  goBuilt: z.string().nullable(),
  gomaxprocsInForce: z.number().nullable(),
  /** The CPU limit in force in cores ('max': none); null where unknown. */
  cpuLimitInForce: z.union([z.number(), z.literal('max')]).nullable(),
  /** The CPUs its machine had (runtime.NumCPU), where known: a run on a smaller machine is another load. */
  cpus: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const TrendMetric = ComparedMetric.pick({ key: true, label: true, unit: true, better: true, benchmark: true }).extend({
  /** One per point: null where that run did not succeed or did not measure it. */
  values: z.array(z.number().nullable()),
  /**
   * The latest Trend.recentN values against the recentN before them, benchstat's test (the baseline
   * the earlier ones); too-few with fewer than 2 × recentN values.
   */
  recent: StatVerdict,
});
export type TrendMetric = z.infer<typeof TrendMetric>;

/** A setup's history: the runs of one setup, configured alike, oldest first, and each metric across them. */
export const Trend = z.object({
  /** The setup as one line: "gc-assist-pressure · 2s · concurrency 4 · capture trace · GOMAXPROCS 2". */
  setup: z.string(),
  points: z.array(TrendPoint),
  metrics: z.array(TrendMetric),
  recentN: z.number(),
  /** The limit ended the search: older runs of the setup may be left out. */
  limited: z.boolean(),
  /** The asked run is older than the latest runs of its setup shown: it is the first point, apart from the others. */
  anchorApart: z.boolean(),
  /** Runs of the same target looked at, newest first, until the limit was reached or the scan's bound. */
  examined: z.number(),
  /** The scan's bound ended the search before the limit did: older runs of the target were not looked at. */
  olderNotExamined: z.boolean(),
});
export type Trend = z.infer<typeof Trend>;

export const RunGroup = z.object({
  label: z.string(),
  experimentId: z.string().nullable(),
  cell: z.string().nullable(),
  /** The succeeded runs that make the sample. */
  runIds: z.array(z.string()),
  /** Runs of the group left out because they did not succeed. */
  excluded: z.array(z.object({ id: z.string(), state: RunState })),
});
export type RunGroup = z.infer<typeof RunGroup>;

/** What a group's succeeded runs ran and where, each fact once: the cell name alone does not say it. */
export const GroupFacts = z.object({
  /** "pingpong-hog (hogs=1) · 1s · concurrency 4" */
  setups: z.array(z.string()),
  /** The Go that built the runs, as asked: "go1.24.13 (asked go1.24.x)". */
  goReleases: z.array(z.string()),
  /** The settings in force during the runs' measured windows: "GOMAXPROCS 2 · CPU limit 0.5 cores (configured 1.5)". */
  inForce: z.array(z.string()),
  /** The releases that built the runs ("go1.24.13"), where the runs said: what a go=go1.24.x or go=local cell ran. */
  goBuilt: z.array(z.string()),
  /** GOMAXPROCS in force during the runs' windows, where known: what a GOMAXPROCS=default cell ran at. */
  gomaxprocsInForce: z.array(z.number()),
  /** The CPU limit in force during the runs' windows, in cores ('max': none), where known: a scenario may set its own. */
  cpuLimitInForce: z.array(z.union([z.number(), z.literal('max')])),
  /** "vm: 2 CPUs linux/amd64, kernel 6.1.0" (this machine), "lab (box7): …" (a host, its machine's name beside it) */
  machines: z.array(z.string()),
});
export type GroupFacts = z.infer<typeof GroupFacts>;

export const GroupComparison = z.object({
  baseline: RunGroup,
  candidates: z.array(RunGroup),
  /** One per group, the baseline first. */
  facts: z.array(GroupFacts),
  metrics: z.array(GroupedMetric),
  warnings: z.array(z.string()),
});
export type GroupComparison = z.infer<typeof GroupComparison>;

/** The runs to export in the Go benchmark format: an experiment's, or the given ones. */
const BenchfmtSelection = z
  .object({ experimentId: z.string().min(1).optional(), runIds: z.array(RunId).min(1).max(10_000).optional() })
  .strict()
  .refine((s) => (s.experimentId === undefined) !== (s.runIds === undefined), { message: 'give either an experiment id or run ids', path: ['runIds'] });

/** What to export as a report: runs (the first, or `baseline`, is the baseline) or an experiment's cells. */
export const ReportSelection = z
  .object({
    runIds: z.array(RunId).min(1).max(8).optional(),
    experimentId: z.string().min(1).optional(),
    /** A run id among runIds, or a cell of the experiment; the first run or cell when omitted. */
    baseline: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => (s.experimentId === undefined) !== (s.runIds === undefined), { message: 'give either an experiment id or run ids', path: ['runIds'] });

/** Seconds from a trace's start, as gmptrace takes them: whole nanoseconds that fit its int64 (about 292 years). */
const WindowTime = z.number().max(9.2e9, 'a time within the trace, in seconds');

/** A range of a run's trace, in seconds from its first event. */
const TraceRange = { id: RunId, from_s: WindowTime.min(0, 'a time from the trace start, ≥ 0'), to_s: WindowTime };
/** gmptrace counts whole nanoseconds: a range both ends of which round to one ns is empty. */
const inWholeNs = (r: { from_s: number; to_s: number }) => Math.round(r.to_s * 1e9) > Math.round(r.from_s * 1e9);
const inWholeNsError = { message: 'must be at least 1 ns after the start of the range', path: ['to_s'] };

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const commands = {
  'toolchain.info': { input: Empty, output: ToolchainInfo },
  'catalog.list': { input: Empty, output: Catalog },
  'runner.capabilities': { input: Empty, output: RunnerCapabilities },
  'runs.list': {
    input: z.object({
      filter: RunFilter.default({}),
      sort: z.object({ key: z.enum(RUN_SORT_KEYS), dir: z.enum(['asc', 'desc']) }).default({ key: 'createdAt', dir: 'desc' }),
      limit: z.number().int().min(1).max(10_000).default(500),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ runs: z.array(RunSummary), total: z.number(), experiments: z.array(ExperimentSummary) }),
  },
  'runs.get': { input: z.object({ id: RunId }), output: RunDetail },
  'runs.series': { input: z.object({ id: RunId }), output: z.object({ ticks: z.array(MetricsTick) }) },
  /** The runs configured as this one was, over time, with each metric across them (read-side/trend.ts). */
  'runs.trend': { input: z.object({ id: RunId, limit: z.number().int().min(2).max(500).default(100) }), output: Trend },
  'runs.terminal': { input: z.object({ id: RunId }), output: z.object({ text: z.string() }) },
  /**
   * A profile's flame tree; with `focus`, of the samples carrying that string label's value, matched
   * exactly (pprof's -tagfocus=key=value matches a pattern). A tree's own `focus` may be sent back.
   */
  'runs.flame': { input: z.object({ id: RunId, profile: z.string().min(1), focus: LabelFocus.nullish() }), output: FlameTree },
  /**
   * What happened in [from_s, to_s] of a run's execution trace (seconds from the trace's start, the
   * charts' time axis): gmptrace's window query and the drill-down's text facts (docs/ARCHITECTURE.md §5).
   * With `group` (a start function), the facts are that goroutine group's: its waits, its burst, its
   * longest hold; the run queue stays everyone's (what the group's goroutines waited behind).
   * `maxItems` caps each list of the answer (gmptrace window -max; default 100,000): an exported
   * report asks for fewer, to stay small.
   */
  'runs.window': {
    input: z.object({ ...TraceRange, group: z.string().min(1).optional(), maxItems: z.number().int().min(1).max(WINDOW_MAX_ITEMS).optional() }).refine(inWholeNs, inWholeNsError),
    output: RunWindow,
  },
  /**
   * The whole generations of a run's execution trace that hold [from_s, to_s], as a trace of their
   * own for go tool trace or gotraceui (gmptrace cut, PROTOCOL.md §3.4), made in the run's cache:
   * which generations, the time they span, and where the cut lies.
   */
  'runs.cutTrace': { input: z.object(TraceRange).refine(inWholeNs, inWholeNsError), output: RunTraceCut },
  'runs.start': {
    input: z.object({ plan: RunPlan }),
    output: z.object({ experimentId: z.string().nullable(), runIds: z.array(z.string()) }),
  },
  /**
   * Analyse existing files (an execution trace and/or pprof profiles) without running anything: they
   * are copied into a new run, of kind program tagged 'imported', and analysed like a run's own.
   */
  'runs.import': {
    input: z.object({
      files: z.array(z.string().min(1)).min(1, 'at least one trace or pprof file'),
      label: Label.default(''),
      // One place is the import's own tag, which runs.import adds.
      tags: Tags.max(MAX_TAGS - 1, `at most ${MAX_TAGS - 1} tags (the ${MAX_TAGS}th is '${IMPORTED_TAG}', which every import carries)`).default([]),
    }),
    output: z.object({ runId: z.string() }),
  },
  'runs.cancel': { input: z.object({ id: RunId }), output: Ok },
  /**
   * Fetch the files a finished remote run left on its host (its own fetch did not come through),
   * store and analyse them as a finished run's; the run keeps its state and error and gains
   * `filesFetchedAt`. `artifacts`: the run's files now; `notes`: what the fetch and the analysis met.
   */
  'runs.fetchKept': {
    input: z.object({ id: RunId }),
    output: z.object({ host: z.string(), state: RunState, fetchedAt: z.string(), artifacts: z.array(z.string()), notes: z.array(z.string()) }),
  },
  /**
   * Whether this process runs the run (queued or running here; `gmpw run` in a terminal is another
   * process, whose progress events stay there) and the last progress it reported.
   */
  'runs.progress': { input: z.object({ id: RunId }), output: z.object({ here: z.boolean(), progress: Progress.nullable() }) },
  'runs.delete': { input: z.object({ ids: z.array(RunId).min(1) }), output: z.object({ deleted: z.number() }) },
  'runs.setTags': { input: z.object({ id: RunId, tags: Tags }), output: Ok },
  'runs.setLabel': { input: z.object({ id: RunId, label: Label }), output: Ok },
  'compare.runs': {
    input: z.object({ baseline: RunId, candidates: z.array(RunId).min(1).max(7) }),
    output: Comparison,
  },
  /**
   * Groups of repetitions (experiment cells) against a baseline group, with benchstat's statistics.
   * Without candidates, a baseline cell is compared with every other cell of its experiment.
   */
  'compare.cells': {
    input: z.object({ baseline: RunGroupRef, candidates: z.array(RunGroupRef).max(64).default([]) }),
    output: GroupComparison,
  },
  /** Runs in the Go benchmark format (golang.org/design/14313), for benchstat and its kin. */
  'compare.exportBenchfmt': {
    input: BenchfmtSelection,
    output: z.object({
      text: z.string(),
      runs: z.number(),
      skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
      /** The keys that tell the exported runs apart, for benchstat's -col (shared/benchstat-columns.ts). */
      columns: z.array(z.string()),
    }),
  },
  'compare.diffFlame': {
    input: z.object({ baseline: RunId, candidate: RunId, profile: z.string().min(1), normalisation: Normalisation.default('per-second') }),
    output: DiffFlameTree,
  },
  /** One self-contained HTML page (CSS, JS and data inline) showing the runs as the app does, read-only. */
  'report.export': {
    input: ReportSelection,
    /** `unanswered`: what the report shows as an error where the app would (a file deleted since the run), each message once. */
    output: z.object({ fileName: z.string(), html: z.string(), bytes: z.number(), ms: z.number(), unanswered: z.array(z.string()) }),
  },
  'hosts.list': { input: Empty, output: z.object({ hosts: z.array(Host) }) },
  /** A machine reached with `ssh [sshOptions] destination` (docs/REMOTE.md); nothing is contacted yet. */
  'hosts.add': { input: Host.omit({ createdAt: true }), output: Host },
  'hosts.rm': { input: z.object({ name: HostName }), output: Ok },
  /**
   * Connects and reports the host's platform, CPUs, kernel and cgroup quota; unreachable is an answer,
   * not an error. With `sweep`, a host that answered is then swept of what runs left running there, as
   * before a run (docs/REMOTE.md, Leftover runs: it may kill, and wait up to 15 s); `leftovers` says
   * what the sweep did, a line each (empty without a sweep).
   */
  'hosts.check': { input: z.object({ name: HostName, sweep: z.boolean().default(false) }), output: HostCheck.extend({ leftovers: z.array(z.string()) }) },
  /**
   * A native file or folder dialog. Only the desktop app has one: elsewhere it fails with code
   * 'unavailable' and the renderer offers a text field instead. `path` is null when cancelled.
   */
  'system.pickPath': {
    input: z.object({ kind: z.enum(['file', 'directory']), title: z.string().max(200).default('') }),
    output: z.object({ path: z.string().nullable() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type CommandName = keyof typeof commands;
/** What a caller passes (defaults may be omitted). */
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
/** What a handler receives: the input after the schema parsed it and filled in defaults. */
export type CommandArgs<N extends CommandName> = z.infer<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.infer<(typeof commands)[N]['output']>;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export const events = {
  'run.state': z.object({ runId: z.string(), state: RunState, exitCode: z.number().nullable(), error: z.string().nullable() }),
  /** Terminal output of the target, batched (a few chunks per frame at most). */
  'run.output': z.object({ runId: z.string(), data: z.string() }),
  'run.metrics': z.object({ runId: z.string(), tick: MetricsTick }),
  'run.progress': z.object({ runId: z.string(), progress: Progress }),
  /** The history changed (a run was added, finished, tagged or deleted): lists should refresh. */
  'runs.changed': z.object({}),
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What the renderer sees, whichever adapter carries it (window.api in Electron, HTTP+SSE in a browser). */
export interface GmpwApi {
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Error shape that crosses every adapter: `field` names the offending input field when known. */
export const CommandError = z.object({ message: z.string(), field: z.string().nullable(), code: z.string() });
export type CommandError = z.infer<typeof CommandError>;

export type { RunConfig, RunPlan };
