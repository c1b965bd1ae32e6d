// What a valid run is, written once: the defaults of a plan and every range the harness (and
// `go test` for benchmarks) enforces, so that the contract refuses a plan the target would refuse,
// with the field named, before anything is stored or spawned. The schemas in domain.ts apply these
// rules; the New run form and the CLI reach them through the schemas. The harness side is
// resources/go/PROTOCOL.md §1; a change there is a change here.
import type { CaptureKind, RunSummary, Target } from './domain';
import { parseGoDurationNs } from './go-duration';
import { goRegexpProblem } from './go-regexp';
import { FLIGHT_RECORDER_MINOR, HARNESS_RELEASE_MINOR, LEAK_PROFILE_MINOR, LOCAL_GO, releaseMinor } from './go-release';
import { LOCAL_HOST } from './hosts';
import { IMPORTED_TAG, RESERVED_TAG_MESSAGE } from './imported-tag';

/** A plan's defaults, the harness's flag defaults (PROTOCOL.md §1) where it has one. */
export const PLAN_DEFAULTS = {
  duration: '5s',
  warmup: '0s',
  metricsInterval: '100ms',
  flightRecorder: '0s',
  gomaxprocs: 'default',
  goVersion: LOCAL_GO,
  cpuLimit: 'max',
  repeat: 1,
  benchRegex: '.',
} as const;

export interface DurationRange {
  /** Bounds in nanoseconds. */
  min: bigint;
  max: bigint;
  /** Whether 0 means "off" and is accepted outside the bounds. */
  zeroIsOff: boolean;
  /** The range in words, as the harness's usage errors put it. */
  accepted: string;
}

const MS = 1_000_000n;
const SECOND = 1000n * MS;
const HOUR = 3600n * SECOND;

export const DURATION_RANGES = {
  duration: { min: 10n * MS, max: 24n * HOUR, zeroIsOff: false, accepted: '10ms..24h' },
  warmup: { min: 0n, max: HOUR, zeroIsOff: false, accepted: '0s..1h' },
  metricsInterval: { min: 10n * MS, max: SECOND, zeroIsOff: true, accepted: '0s (off) or 10ms..1s' },
  flightRecorder: { min: 100n * MS, max: HOUR, zeroIsOff: true, accepted: '0s (off) or 100ms..1h' },
} as const satisfies Record<string, DurationRange>;

/** Why `text` is not a duration in `range`; null when it is. */
export function durationProblem(range: DurationRange, text: string): string | null {
  const ns = parseGoDurationNs(text);
  if (ns === null) return 'a Go duration such as 500ms, 2s or 1m';
  if (ns === 0n && range.zeroIsOff) return null;
  return ns < range.min || ns > range.max ? `${text} is out of range (accepted: ${range.accepted})` : null;
}

/** -test.benchtime as `go test` reads it: a count "Nx" with N ≥ 1, or a duration above zero. */
export function benchtimeProblem(text: string): string | null {
  const accepted = 'a Go duration such as 1s, or an iteration count such as 1000x';
  if (text.endsWith('x')) {
    const count = text.slice(0, -1);
    return /^[+-]?\d+$/.test(count) && BigInt(count) >= 1n && BigInt(count) < 1n << 63n ? null : accepted;
  }
  const ns = parseGoDurationNs(text);
  return ns !== null && ns > 0n ? null : accepted;
}

/**
 * Whether a target kind runs the plan's concurrency (the harness's load goroutines); go test's
 * benchmarks and a served program's endpoint take none, so none is shown for them.
 */
export const usesConcurrency = (kind: Target['kind']): boolean => kind === 'scenario' || kind === 'program';

/** Why a plan's concurrencies do not suit a scenario that ignores the concurrency (catalog's ignores_concurrency); null when they do. */
export function ignoredConcurrencyProblem(scenarioId: string, concurrencies: readonly number[]): string | null {
  if (concurrencies.length <= 1) return null;
  return `${scenarioId} ignores the concurrency (its load is fixed), so runs at ${concurrencies.join(', ')} would be the same run: give one value or none`;
}

/**
 * Why a plan asks what a scenario whose child runs without the harness cannot give (deadlock-detection:
 * a sampler or a signal handler would keep the runtime from declaring its outcome): captures or a
 * flight recorder. Null when it asks neither. The field is the first one asked.
 */
export function bareChildProblem(scenarioId: string, plan: { capture: readonly string[]; flightRecorder: string }): { field: 'plan.capture' | 'plan.flightRecorder'; message: string } | null {
  const asked = [...(plan.capture.length > 0 ? [{ field: 'plan.capture' as const, what: `capture ${plan.capture.join(', ')}` }] : []), ...(recorderIsOn(plan.flightRecorder) ? [{ field: 'plan.flightRecorder' as const, what: 'keep a flight recorder' }] : [])];
  if (asked.length === 0) return null;
  return { field: asked[0]!.field, message: `${scenarioId} runs its child without the harness, by design (nothing may keep the runtime from declaring its outcome): it cannot ${asked.map((a) => a.what).join(' or ')}` };
}

/** Whether a run's concurrency drove its load: a kind that takes one, and no result saying its scenario ignored it. */
export const runUsedConcurrency = (r: Pick<RunSummary, 'targetKind' | 'concurrencyUsed'>): boolean => usesConcurrency(r.targetKind) && r.concurrencyUsed;

/** The -test.benchtime a benchmark run ran with: its own, else the plan's duration. */
export const benchtimeOf = (target: Extract<Target, { kind: 'bench' }>, duration: string): string => target.benchtime ?? duration;

/** Whether a target kind has the harness's flight recorder (the harness targets). */
export const hasFlightRecorder = (kind: Target['kind']): boolean => kind === 'scenario' || kind === 'program';

/**
 * What each target kind can capture: the harness writes them all, the goroutine leak profile from
 * a build the workbench makes with its experiment on (so not of a given executable: checked at the
 * start); `go test` has no goroutine profile flag; an endpoint serves no flight recorder, and its
 * pprof endpoint no leak profile.
 */
export const TARGET_CAPTURES: Record<Target['kind'], readonly CaptureKind[]> = {
  scenario: ['cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine', 'goroutineleak', 'trace', 'flight'],
  program: ['cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine', 'goroutineleak', 'trace', 'flight'],
  bench: ['cpu', 'heap', 'allocs', 'mutex', 'block', 'trace'],
  endpoint: ['cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine', 'trace'],
};

export interface PlanIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The Go experiments a plan's build needs: the goroutine leak profile is an experiment of Go 1.26
 * (GOEXPERIMENT=goroutineleakprofile), which the build must turn on.
 */
export function goExperimentsFor(capture: readonly CaptureKind[]): string[] {
  return capture.includes('goroutineleak') ? ['goroutineleakprofile'] : [];
}

/** Why a release cannot capture the goroutine leak profile. */
export const leakProfileRelease = (release: string): string =>
  `the goroutine leak profile needs Go 1.${LEAK_PROFILE_MINOR} or newer (GOEXPERIMENT=goroutineleakprofile); ${release} has none: leave goroutineleak out for it`;

/** Whether a flight recorder duration turns it on: any but 0 (in any unit). */
export const recorderIsOn = (duration: string): boolean => (parseGoDurationNs(duration) ?? 0n) !== 0n;

/** The rules that tie fields together: captures, flight recorder and hosts by target kind, bench flags, releases that build the harness. */
export function crossFieldIssues(plan: {
  target: Target;
  capture: readonly CaptureKind[];
  flightRecorder: string;
  goVersion?: readonly string[];
  hosts?: readonly string[];
  cpuLimit?: readonly (number | 'max')[];
  env?: Readonly<Record<string, string>>;
  tags?: readonly string[];
  concurrency?: readonly number[];
}): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const { kind } = plan.target;
  // The tag is how every view tells an import (no run here, no configuration) from a run.
  if (plan.tags?.includes(IMPORTED_TAG)) issues.push({ path: ['tags'], message: RESERVED_TAG_MESSAGE });
  // GOMAXPROCS is a dimension of the plan, recorded with each run; through the environment it would
  // run under a value every view calls Go's default.
  if (plan.env && 'GOMAXPROCS' in plan.env) {
    issues.push({ path: ['env', 'GOMAXPROCS'], message: 'set GOMAXPROCS with the plan\'s GOMAXPROCS values (gmpw run --gomaxprocs), not the environment, so that each run records it' });
  }
  if (kind === 'scenario' || kind === 'program') {
    // Built on the harness module, whose go.mod no older release accepts.
    plan.goVersion?.forEach((release, i) => {
      const minor = releaseMinor(release);
      if (minor !== null && minor < HARNESS_RELEASE_MINOR) {
        issues.push({ path: ['goVersion', i], message: `${kind} targets are built on the harness, which needs Go 1.${HARNESS_RELEASE_MINOR} or newer` });
      }
    });
  }
  const remote = plan.hosts?.some((h) => h !== LOCAL_HOST) ?? false;
  // Only the harness targets run on remote hosts: their files are known, their build is static.
  if (remote && !hasFlightRecorder(kind)) {
    issues.push({ path: ['hosts'], message: `${kind} targets run on this machine only (scenario and program targets run on hosts)` });
  }
  // A CPU limit is a cgroup of this machine's; a remote target runs in its host's ssh session.
  if (remote && plan.cpuLimit?.some((l) => l !== 'max')) {
    issues.push({ path: ['cpuLimit'], message: 'a CPU limit applies on this machine only (its cgroups); leave it at max for runs on hosts' });
  }
  const recorderOn = recorderIsOn(plan.flightRecorder);
  if (recorderOn && !hasFlightRecorder(kind)) {
    issues.push({ path: ['flightRecorder'], message: `${kind} targets have no flight recorder (scenario and program targets only); use 0s` });
  } else if (recorderOn) {
    // Known before the build: the harness would refuse it at the start, after the build.
    plan.goVersion?.forEach((release, i) => {
      const minor = releaseMinor(release);
      if (minor !== null && minor < FLIGHT_RECORDER_MINOR) issues.push({ path: ['goVersion', i], message: `the flight recorder needs Go 1.${FLIGHT_RECORDER_MINOR} or newer (${release} has none); turn it off (0s) for that release` });
    });
  }
  if (plan.capture.includes('goroutineleak')) {
    plan.goVersion?.forEach((release, i) => {
      const minor = releaseMinor(release);
      if (minor !== null && minor < LEAK_PROFILE_MINOR) issues.push({ path: ['goVersion', i], message: leakProfileRelease(release) });
    });
  }
  const unsupported = plan.capture.filter((c) => !TARGET_CAPTURES[kind].includes(c));
  if (unsupported.length > 0) {
    issues.push({ path: ['capture'], message: `${kind} targets cannot capture ${unsupported.join(', ')} (they can: ${TARGET_CAPTURES[kind].join(', ')})` });
  } else if (plan.capture.includes('flight') && !recorderOn) {
    issues.push({ path: ['capture'], message: "capture 'flight' needs the flight recorder (e.g. 10s)" });
  }
  // A kind that runs no load goroutines of the harness would make one run per value, all alike.
  if (!usesConcurrency(kind) && (plan.concurrency?.length ?? 0) > 1) {
    issues.push({ path: ['concurrency'], message: `${kind} targets take no concurrency (${kind === 'bench' ? "go test's benchmarks run their own loop" : 'the served program makes its own load'}), so runs at ${plan.concurrency!.join(', ')} would be the same run: give one value or none` });
  }
  if (plan.target.kind === 'bench') {
    const benchtime = plan.target.benchtime;
    const problem = benchtime === undefined ? null : benchtimeProblem(benchtime);
    if (problem) issues.push({ path: ['target', 'benchtime'], message: problem });
    const regexpProblem = goRegexpProblem(plan.target.bench);
    if (regexpProblem) issues.push({ path: ['target', 'bench'], message: `${JSON.stringify(plan.target.bench)} is not a regular expression go test takes: ${regexpProblem}` });
  }
  return issues;
}
