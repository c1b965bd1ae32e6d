// Domain schemas shared by every process: the main process validates with them,
// the renderer and the CLI type their data with them. No node, DOM or electron imports here.
import { z } from 'zod';
import { parseGoDurationNs } from './go-duration';
import { normalizeGoRelease, notAGoRelease } from './go-release';
import { crossFieldIssues, DURATION_RANGES, durationProblem, PLAN_DEFAULTS, type DurationRange } from './run-rules';
import { HostName, LOCAL_HOST } from './hosts';
import { Label, MAX_LABEL, Tags } from './tags';

// ---- run configuration -------------------------------------------------------------------

/** 'flight' writes the flight recorder's window on success too; it needs flightRecorder set. */
const CAPTURE_KINDS = ['cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine', 'goroutineleak', 'trace', 'flight'] as const;
export const CaptureKind = z.enum(CAPTURE_KINDS);
export type CaptureKind = z.infer<typeof CaptureKind>;

/** A Go duration string as time.ParseDuration reads it ("250ms", "2s", "1m30s"). */
export const GoDuration = z.string().refine((s) => parseGoDurationNs(s) !== null, 'a Go duration such as 500ms, 2s or 1m');

/** A Go duration within the range the harness accepts for a flag (run-rules.ts). */
const goDurationIn = (range: DurationRange) =>
  z.string().check((ctx) => {
    const problem = durationProblem(range, ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/**
 * Text handed to a process (arguments, environment values, paths): a NUL ends a C string, so it
 * would be cut there without a word. Refused instead, naming the field.
 */
const processText = () => z.string().regex(/^[^\0]*$/, 'must not contain a NUL character');

export const ScenarioTarget = z.object({
  kind: z.literal('scenario'),
  id: z.string().min(1, 'pick a scenario'),
  params: z.record(z.string(), processText()).default({}),
});
export const BenchTarget = z.object({
  kind: z.literal('bench'),
  /**
   * The Go package(s) holding the benchmarks, as go test takes them: a directory (./mypkg,
   * /abs/dir), an import path (runtime, example.com/m/pkg) or a pattern (./...). Stored absolute
   * when local.
   */
  pkg: processText().min(1, 'a Go package: a directory, an import path or a pattern such as ./...'),
  /** Where an import path is resolved (its module's directory); the caller's working directory when not given. */
  dir: processText().optional(),
  /** -test.bench regexp. */
  bench: processText().min(1).default(PLAN_DEFAULTS.benchRegex),
  /** -test.benchtime, e.g. "1s" or "1000x"; defaults to the run duration. */
  benchtime: processText().optional(),
});
export const ProgramTarget = z.object({
  kind: z.literal('program'),
  /** A Go main package directory (built with go build) or an executable that speaks the harness protocol. */
  path: processText().min(1, 'a Go main package directory or a binary'),
  /** The harness scenario id inside that program, when it has more than one. */
  scenario: processText().optional(),
  params: z.record(z.string(), processText()).default({}),
  args: z.array(processText()).default([]),
});
export const EndpointTarget = z.object({
  kind: z.literal('endpoint'),
  /** A Go main package directory or a binary that serves net/http/pprof on loopback. */
  path: processText().min(1, 'a Go main package directory or a binary'),
  args: z.array(processText()).default([]),
  /** Base URL of its pprof handlers, e.g. http://127.0.0.1:6060/debug/pprof/ (loopback only). */
  pprofUrl: z.string().url(),
});
export const Target = z.discriminatedUnion('kind', [ScenarioTarget, BenchTarget, ProgramTarget, EndpointTarget]);
export type Target = z.infer<typeof Target>;

export const Gomaxprocs = z.union([z.literal('default'), z.number().int('must be a whole number').min(1, 'must be at least 1').max(1024, 'must be at most 1024')]);
export type Gomaxprocs = z.infer<typeof Gomaxprocs>;

/** A Go release a plan builds its target with, normalized (go-release.ts). */
export const GoRelease = z.string().transform((text, ctx) => {
  const release = normalizeGoRelease(text);
  if (release === null) ctx.addIssue({ code: 'custom', message: notAGoRelease(text) });
  return release ?? text;
});

const Concurrency = z.number().int().min(1, 'concurrency must be at least 1').max(1_000_000);

/**
 * The CPU limit of the run's own cgroup, in cores (0.5 = half of one CPU per CFS period), or 'max'
 * for none. Linux only, where the workbench may create cgroups; elsewhere a limit is refused.
 */
export const CpuLimit = z.union([z.literal('max'), z.number().min(0.01, 'a CPU limit of at least 0.01 cores').max(1024)]);
export type CpuLimit = z.infer<typeof CpuLimit>;


/**
 * One run's configuration, as stored: what a single process execution got. It checks the shape
 * only; the ranges a new run must respect are RunPlan's (an imported run has a duration of 0s).
 */
export const RunConfig = z.object({
  target: Target,
  concurrency: Concurrency,
  duration: GoDuration,
  warmup: GoDuration.default(PLAN_DEFAULTS.warmup),
  gomaxprocs: Gomaxprocs.default(PLAN_DEFAULTS.gomaxprocs),
  /** The Go release asked for (go1.22.12, go1.24.x or local); the one that built the binary is in the provenance. */
  goVersion: z.string().default(PLAN_DEFAULTS.goVersion),
  cpuLimit: CpuLimit.default(PLAN_DEFAULTS.cpuLimit),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), processText()).default({}),
  capture: z.array(CaptureKind).default([]),
  metricsInterval: GoDuration.default(PLAN_DEFAULTS.metricsInterval),
  /** Harness flight recorder (Go 1.25+): keep the last D of execution trace; '0s' = off. Scenario and program targets only. */
  flightRecorder: GoDuration.default(PLAN_DEFAULTS.flightRecorder),
  label: z.string().max(MAX_LABEL).default(''),
  tags: z.array(z.string().min(1).max(64)).default([]),
  /** Where the target runs: 'local' (this machine) or a host's name (docs/REMOTE.md). */
  host: HostName.default(LOCAL_HOST),
});
export type RunConfig = z.infer<typeof RunConfig>;
export type RunConfigInput = z.input<typeof RunConfig>;

/** Runs one plan may create: a grid past this is a slip of the keyboard, not an experiment. */
export const MAX_PLAN_RUNS = 1000;
/** A plan bigger than this starts only once the user confirms it (gmpw run --yes, a dialog in the app). */
export const CONFIRM_PLAN_RUNS = 100;

/** How many runs a plan makes: every Go release × host × GOMAXPROCS × concurrency × CPU-limit cell, repeat times. */
export function planRunCount(plan: {
  concurrency?: readonly unknown[];
  gomaxprocs: readonly unknown[];
  goVersion?: readonly unknown[];
  cpuLimit?: readonly unknown[];
  hosts?: readonly unknown[];
  repeat?: number;
}): number {
  return (plan.goVersion?.length ?? 1) * (plan.hosts?.length ?? 1) * (plan.concurrency?.length ?? 1) * plan.gomaxprocs.length * (plan.cpuLimit?.length ?? 1) * (plan.repeat ?? 1);
}

/** A list axis of the grid names each value once: a value twice would make two cells of one name. */
const eachOnce = (list: readonly unknown[]): boolean => new Set(list.map(String)).size === list.length;

/**
 * What the user asks for: a run, or a grid of runs (an experiment) when lists or repeat > 1 are
 * given. Every rule of a valid run (run-rules.ts) is checked here, so runs.start refuses what the
 * target would refuse, naming the field, before anything is stored.
 */
export const RunPlan = RunConfig.omit({ concurrency: true, gomaxprocs: true, goVersion: true, cpuLimit: true, host: true })
  .extend({
    // go list would take such a package for a flag of its own (-toolexec=…). A rule of new plans, on
    // the field (so a form hears it whatever else is wrong): a run stored with one still reads.
    target: Target.refine((t) => t.kind !== 'bench' || !t.pkg.startsWith('-'), {
      path: ['pkg'],
      message: 'a Go package, not a flag: it must not begin with "-" (a directory of that name is written ./-dir)',
    }),
    duration: goDurationIn(DURATION_RANGES.duration).default(PLAN_DEFAULTS.duration),
    warmup: goDurationIn(DURATION_RANGES.warmup).default(PLAN_DEFAULTS.warmup),
    metricsInterval: goDurationIn(DURATION_RANGES.metricsInterval).default(PLAN_DEFAULTS.metricsInterval),
    flightRecorder: goDurationIn(DURATION_RANGES.flightRecorder).default(PLAN_DEFAULTS.flightRecorder),
    /** Absent: one value per machine, its CPU count (this machine's, or a host's as hosts.check reports it). */
    concurrency: z.array(Concurrency).min(1, 'at least one concurrency').refine(eachOnce, 'a concurrency is listed twice').optional(),
    gomaxprocs: z.array(Gomaxprocs).min(1, 'at least one GOMAXPROCS value').refine(eachOnce, 'a GOMAXPROCS value is listed twice'),
    goVersion: z
      .array(GoRelease)
      .min(1, 'at least one Go release')
      .default([PLAN_DEFAULTS.goVersion])
      .refine(eachOnce, 'a Go release is listed twice'),
    cpuLimit: z.array(CpuLimit).min(1, 'at least one CPU limit').refine(eachOnce, 'a CPU limit is listed twice').default([PLAN_DEFAULTS.cpuLimit]),
    repeat: z.number().int().min(1).max(100).default(PLAN_DEFAULTS.repeat),
    capture: z.array(CaptureKind).refine(eachOnce, 'a capture is listed twice').default([]),
    // A new run's tags and label are held to the rules; a stored run's (RunConfig) keep what they were.
    tags: Tags.default([]),
    label: Label.default(''),
    /** Hosts to run on ('local' is this machine); several make host a dimension of the experiment. */
    hosts: z
      .array(HostName)
      .min(1, 'at least one host')
      .max(16)
      .refine(eachOnce, 'each host once')
      .default([LOCAL_HOST]),
  })
  .superRefine((plan, ctx) => {
    for (const issue of crossFieldIssues(plan)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    const runs = planRunCount(plan);
    if (runs > MAX_PLAN_RUNS) {
      ctx.addIssue({ code: 'custom', path: ['repeat'], message: `this plan makes ${runs} runs (Go releases × hosts × GOMAXPROCS values × concurrency values × CPU limits × repeat); at most ${MAX_PLAN_RUNS} are started at once` });
    }
  });
export type RunPlan = z.infer<typeof RunPlan>;
export type RunPlanInput = z.input<typeof RunPlan>;

// ---- runs --------------------------------------------------------------------------------

export const ACTIVE_STATES = ['queued', 'building', 'running', 'analysing'] as const;
export const TERMINAL_STATES = ['succeeded', 'failed', 'cancelled', 'timed-out', 'interrupted'] as const;
export const RunState = z.enum([...ACTIVE_STATES, ...TERMINAL_STATES]);
export type RunState = z.infer<typeof RunState>;
export const isTerminal = (s: RunState): boolean => (TERMINAL_STATES as readonly string[]).includes(s);

const ENDED_AS: Record<(typeof TERMINAL_STATES)[number], string> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'was cancelled', interrupted: 'was interrupted', 'timed-out': 'timed out' };

/** How a run ended, as a verb phrase ("the run timed out", "was cancelled"); the state itself for one still under way. */
export const endedAs = (s: RunState): string => (isTerminal(s) ? ENDED_AS[s as (typeof TERMINAL_STATES)[number]] : s);

/** Sparse histogram in the runtime's time-histogram layout (resources/go/PROTOCOL.md §2.1). */
export const Histogram = z.object({
  unit: z.literal('s'),
  // Counts of samples: a negative one is no count a runtime or gmptrace writes.
  count: z.number().int().nonnegative(),
  bins: z.array(z.tuple([z.number().nullable(), z.number().nullable(), z.number().int().nonnegative()])),
});
export type Histogram = z.infer<typeof Histogram>;

export const Quantiles = z.object({
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
  p999: z.number().nullable(),
  max: z.number().nullable(),
});
export type Quantiles = z.infer<typeof Quantiles>;

/**
 * A change of a setting the harness watched (GOMAXPROCS, the cgroup's CPU limit; PROTOCOL.md §2.2): t
 * in seconds since the run started; `after`, when the call that made it began, or, for a change an
 * observation saw, when the observation before it began (the change happened between the two;
 * files of an older harness lack it for changes made through the harness).
 */
export const SettingChange = z.object({ t: z.number(), phase: z.string(), from: z.number(), to: z.number(), after: z.number().optional() });
export type SettingChange = z.infer<typeof SettingChange>;

export const Provenance = z.object({
  goVersion: z.string(),
  goos: z.string(),
  goarch: z.string(),
  numCpu: z.number(),
  /** The processor's name as go test's "cpu:" line gives it (null: not known there, or a harness before it was recorded). */
  cpuModel: z.string().nullable(),
  /**
   * The GOMAXPROCS in force during the measured window (resources/go/PROTOCOL.md §2.2), which a
   * scenario or the runtime may have changed from the one the process started with.
   */
  gomaxprocs: z.number(),
  /** What the process started with: the GOMAXPROCS environment, or Go's default when unset. */
  gomaxprocsConfigured: z.number(),
  gomaxprocsDefault: z.boolean(),
  /** Every change the harness saw, in time order: the first 1000 of them. */
  gomaxprocsChanges: z.array(SettingChange),
  /** Changes after those the harness recorded (it keeps 1000). */
  gomaxprocsChangesDropped: z.number(),
  /**
   * The CPU limit of the run's cgroup in force during the measured window, in cores (null: none), which
   * a scenario may have set (cpu-quota-throttle-tail applies its quota); the value held longest there.
   */
  cgroupCpuLimit: z.number().nullable(),
  /** The limit the process started with: the workbench's --cpu-limit, or its group's. */
  cgroupCpuLimitAtStart: z.number().nullable(),
  /** Every change of the limit the harness saw (0: none), the first 1000. */
  cgroupCpuLimitChanges: z.array(SettingChange),
  kernel: z.string(),
  godebug: z.string(),
  /** Where it ran: 'local' or the name of the remote host (the other fields are that machine's). */
  host: z.string(),
  /** That machine's own name (os.Hostname), null when the harness did not say. */
  hostname: z.string().nullable(),
});
export type Provenance = z.infer<typeof Provenance>;

/** What a run's trace cut short means for its figures (its writer killed, a file truncated). */
export const PARTIAL_TRACE = "its trace was cut short: the trace's figures end at its last complete generation";

/** One row of the run history: scalar summary columns only, cheap to list by the thousand. */
export const RunSummary = z.object({
  id: z.string(),
  experimentId: z.string().nullable(),
  /** Position in the experiment grid, e.g. "GOMAXPROCS=2 concurrency=100 #3". */
  cell: z.string().nullable(),
  state: RunState,
  targetKind: z.enum(['scenario', 'bench', 'program', 'endpoint']),
  targetName: z.string(),
  /** The configured GOMAXPROCS (the grid's dimension). */
  gomaxprocs: Gomaxprocs,
  /** The GOMAXPROCS in force during the measured window, from result.json; null until it is read. */
  gomaxprocsInForce: z.number().nullable(),
  concurrency: z.number(),
  /** False when the run's result.json says its scenario ignored the concurrency: then no screen shows one. */
  concurrencyUsed: z.boolean(),
  duration: z.string(),
  label: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  /** When the run left the queue: its build (a Go release fetched, the target compiled) comes first. */
  startedAt: z.string().nullable(),
  /** When the target's process started, after the build; null before, and for runs stored before it was kept. */
  targetStartedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /**
   * When the files a failed remote run left on its host were fetched, after the run ended
   * (`runs.fetchKept`); null for every other run. Its state and error stay what they were.
   */
  filesFetchedAt: z.string().nullable(),
  /** What that fetch met, a line each (the host's watchdog, the target's end as the host recorded it); none for other runs and older fetches. */
  filesFetchNotes: z.array(z.string()).default([]),
  exitCode: z.number().nullable(),
  error: z.string().nullable(),
  opsPerSec: z.number().nullable(),
  schedP50: z.number().nullable(),
  schedP99: z.number().nullable(),
  /** Where schedP50/P99 come from: the trace's every transition, or the runtime's ~1-in-8 sample. */
  schedSource: z.enum(['exact', 'sampled']).nullable(),
  /** Its trace was cut short (PARTIAL_TRACE). */
  tracePartial: z.boolean().default(false),
  /** The measured window as it ran (result.json's wall_s): shorter than the duration asked when the run was stopped. */
  measuredS: z.number().nullable().default(null),
  gcPauseP99: z.number().nullable(),
  /** Where it ran: 'local' or a host's name (from its config; runs stored before hosts ran here). */
  host: z.string(),
  /** The Go release asked for ('local': the workbench's own), and the run's CPU limit in cores: from its config. */
  goVersion: z.string(),
  cpuLimit: CpuLimit,
  /** What ran, from result.json (null without one): the Go version that built it ("go1.24.13") and the CPU limit in force in cores (0: none). */
  goVersionInForce: z.string().nullable(),
  cpuLimitInForce: z.number().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const Artifact = z.object({
  name: z.string(),
  kind: z.string(),
  /** Path relative to the data directory. */
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** The command a user would type to open it (go tool pprof / go tool trace), with an absolute path; null when the file is not there as kept. */
  openWith: z.string().nullable(),
  /**
   * Whether the file is still in the run's folder as the run left it: 'changed' when its size is not
   * the one recorded (replaced), 'missing' when it is gone (the folder deleted outside the workbench).
   */
  onDisk: z.enum(['kept', 'missing', 'changed']),
});
export type Artifact = z.infer<typeof Artifact>;

export const ExperimentSummary = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  runIds: z.array(z.string()),
});
export type ExperimentSummary = z.infer<typeof ExperimentSummary>;

// ---- live data ---------------------------------------------------------------------------

/** CFS throttling of the target's CPU cgroup, cumulative since its sampler started (PROTOCOL §2.3, §2.5). */
export const CgroupTick = z.object({
  nr_periods: z.number(),
  nr_throttled: z.number(),
  throttled_s: z.number(),
});
export type CgroupTick = z.infer<typeof CgroupTick>;

/** One metrics.jsonl tick (resources/go/PROTOCOL.md §2.3), as the UI consumes it. */
export const MetricsTick = z.object({
  t: z.number(),
  phase: z.enum(['warmup', 'measure']),
  ops: z.number(),
  gauges: z.record(z.string(), z.number()),
  hist: z.record(z.string(), Histogram),
  /** Absent when the target had no readable cgroup cpu.stat. */
  cgroup: CgroupTick.optional(),
});
export type MetricsTick = z.infer<typeof MetricsTick>;

/** One line of metrics.jsonl as a tick, or null when it is blank, cut mid-write or not a tick. */
export function parseTick(line: string): MetricsTick | null {
  if (!line.trim()) return null;
  try {
    const parsed = MetricsTick.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The ticks of a metrics.jsonl text; a line cut mid-write (a killed process) is skipped. */
export function parseMetricsText(text: string): MetricsTick[] {
  return text.split('\n').flatMap((line) => parseTick(line) ?? []);
}

export const Progress = z.object({
  /** Seconds elapsed in this run and its expected total (warm-up + duration). */
  elapsed: z.number(),
  total: z.number(),
  /** Position of this run in its experiment, 1-based, and the experiment's size. */
  index: z.number(),
  of: z.number(),
  /** Seconds left for the whole queue, a best estimate. */
  eta: z.number(),
});
export type Progress = z.infer<typeof Progress>;

// ---- flame graphs ------------------------------------------------------------------------

/** A call tree ready to draw: node 0 is the root; children index into `nodes`. */
export const FlameNode = z.object({
  name: z.string(),
  /** Source file of the frame, when known. */
  file: z.string(),
  self: z.number(),
  total: z.number(),
  /** The samples whose stack ends in this frame (see FlameTree.countType); 0 where the profile counts none. */
  selfCount: z.number(),
  children: z.array(z.number()),
});
export type FlameNode = z.infer<typeof FlameNode>;

/** The longest label key and value a focus takes: a label past them is not offered. */
export const LABEL_KEY_MAX = 200;
export const LABEL_VALUE_MAX = 1000;

/** Samples that carry the string label `key` with this `value`, matched exactly (pprof's -tagfocus matches a pattern). */
export const LabelFocus = z.object({ key: z.string().min(1).max(LABEL_KEY_MAX), value: z.string().max(LABEL_VALUE_MAX) });
export type LabelFocus = z.infer<typeof LabelFocus>;

/**
 * A profile's string labels (pprof's -tags): per key, the weight of the samples carrying it
 * (`carried`) and of those carrying each value, heaviest first, in the unit of the tree's sample
 * type, out of `total` (every sample's, focus or not). A sample that carries two values of one key
 * weighs under both: a key's values may add up to more than it carried. The harness labels its CPU
 * profile's samples phase and scenario; gmptrace labels a scheduler-latency sample by its cause and
 * a blocking one by its reason. A label no focus can name (an empty key, one longer than
 * LABEL_KEY_MAX or a value longer than LABEL_VALUE_MAX) is not listed.
 */
export const FlameLabels = z.object({
  total: z.number(),
  keys: z.array(
    z.object({
      key: z.string(),
      carried: z.number(),
      values: z.array(z.object({ value: z.string(), total: z.number() })),
      /** Values past the most listed (FLAME_LABEL_VALUES): their count and the weight of the samples carrying one. */
      omitted: z.object({ values: z.number(), total: z.number() }),
    }),
  ),
  /** Keys past the most listed (FLAME_LABEL_KEYS, the heaviest kept). */
  omittedKeys: z.number(),
});
export type FlameLabels = z.infer<typeof FlameLabels>;

/** The most values of one label key a tree lists (a request id per sample would list thousands). */
export const FLAME_LABEL_VALUES = 50;
/** The most label keys a tree lists. */
export const FLAME_LABEL_KEYS = 20;

export const FlameTree = z.object({
  profile: z.string(),
  /** Sample type shown, e.g. "cpu/nanoseconds" or "delay/nanoseconds". */
  sampleType: z.string(),
  unit: z.string(),
  total: z.number(),
  /**
   * "samples" when the profile counts the samples behind its values (a CPU profile: one per tick
   * that caught a stack); null when it does not (the runtime scales block, mutex and heap figures up
   * from what it sampled; goroutine and trace profiles count every goroutine or event).
   */
  countType: z.string().nullable(),
  /** How long the profile recorded (its duration_nanos): null when it does not say (a snapshot, a count since the start). */
  durationS: z.number().nullable(),
  /** When the profile started recording (its time_nanos, RFC 3339): null when it does not say. */
  startedAt: z.string().nullable(),
  nodes: z.array(FlameNode),
  /** The string labels of the profile's samples and what each value weighs, whatever the focus. */
  labels: FlameLabels,
  /** The label the tree keeps the samples of (pprof's -tagfocus); null: every sample. */
  focus: LabelFocus.nullable(),
});
export type FlameTree = z.infer<typeof FlameTree>;


export const Normalisation = z.enum(['per-second', 'per-op', 'share']);
export type Normalisation = z.infer<typeof Normalisation>;

/** A differential tree: every node of the union of both trees, with both values normalised. */
export const DiffFlameNode = z.object({
  name: z.string(),
  file: z.string(),
  baseTotal: z.number(),
  candTotal: z.number(),
  baseSelf: z.number(),
  candSelf: z.number(),
  children: z.array(z.number()),
});
/**
 * Whether a function found in one profile only could be there by chance: `samples`, the samples whose
 * stack holds it, and `chance`, the probability that all of them land in one of the two profiles,
 * either one, when the function takes the same share of both. Null where the profiles count no samples.
 */
export const ChangedByChance = z.object({
  samples: z.number().nullable(),
  chance: z.number().nullable(),
  /** chance is at most the workbench's level (1%), or unknown: listed as a change, not as noise. */
  beyondChance: z.boolean(),
});
export type ChangedByChance = z.infer<typeof ChangedByChance>;
export const DiffFlameTree = z.object({
  profile: z.string(),
  normalisation: Normalisation,
  unit: z.string(),
  /** What each side's values were divided by, in words ("the 1.00 s cpu.pprof recorded"). */
  basis: z.object({ baseline: z.string(), candidate: z.string() }),
  nodes: z.array(DiffFlameNode),
  /** Both trees' countType when they agree, else null: the lists below then say nothing of chance. */
  countType: z.string().nullable(),
  /** Functions present in the baseline and absent from the candidate, largest first (normalised values). */
  vanished: z.array(z.object({ name: z.string(), baseSelf: z.number(), baseTotal: z.number(), ...ChangedByChance.shape })),
  /** Functions present only in the candidate, largest first (normalised values). */
  appeared: z.array(z.object({ name: z.string(), candSelf: z.number(), candTotal: z.number(), ...ChangedByChance.shape })),
});
export type DiffFlameTree = z.infer<typeof DiffFlameTree>;
