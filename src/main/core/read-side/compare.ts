// Comparison of a baseline run against candidates (docs/ARCHITECTURE.md §6): key numbers with relative
// deltas, and warnings when the runs' environments differ enough to make the numbers suspect.
import type { ComparedMetric, RunDetail } from '../../../shared/contract';
import { endedAs, isTerminal, type Provenance, type Quantiles } from '../../../shared/domain';
import { programOpenWaits, starvedText } from '../../../shared/open-waits';
import { programPauses } from '../../../shared/stw';
import { hadCpuLimit } from '../../../shared/throttling';
import { parseGoDurationNs } from '../../../shared/go-duration';
import { IMPORTED_TAG } from '../../../shared/imported';
import { runUsedConcurrency } from '../../../shared/run-rules';
import { isGo126OrLater } from '../../../shared/go-release';
import type { MetricValue } from '../../../shared/results';
import { deltaPct, median } from '../stats';
import { gcPauseHistogram } from '../store/scalars';
import { benchHeaderWarnings, benchMetrics } from './bench-compare';
import { programSchedLatency } from '../../../shared/program-latency';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';

export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower' | null;
  value: (d: RunDetail) => number | null | undefined;
  /**
   * Whether the run measured it, when a value does not say: throttling is 0 for a run without a CPU
   * limit, which is a baseline for a limited run's figures but not a row of its own.
   */
  measured?: (d: RunDetail) => boolean;
  /** For a quantile of a distribution: its level (0.99) and how many samples it rests on in a run. */
  quantile?: { level: number; samples: (d: RunDetail) => number | null | undefined };
}

/** Whether a comparison shows the metric: some run measured it (a value, unless the metric says otherwise). */
export const measuredByAny = (def: MetricDef, runs: readonly RunDetail[]): boolean => runs.some((d) => (def.measured ? def.measured(d) : finite(def.value(d)) !== null));

const runtimeMetric = (d: RunDetail, name: string): MetricValue | undefined => d.result?.metrics[name];
const gaugeEnd = (name: string) => (d: RunDetail) => {
  const m = runtimeMetric(d, name);
  return m?.kind === 'gauge' ? m.end : null;
};
const openWaitsOf = (pick: (w: ReturnType<typeof programOpenWaits>) => number) => (d: RunDetail) => {
  const w = d.analysis?.sched_latency.open_waits;
  return w ? pick(programOpenWaits(w)) : null;
};

/**
 * Whether the Go that ran is 1.26 or later, where two runtime metrics changed what they hold: the
 * runtime's own goroutines count in /sched/goroutines (gcount(true) in runtime/metrics.go), and
 * /sched/latencies:seconds samples another population (shared/sched-sample.ts). A run without
 * provenance has neither metric.
 */
function fromGo126(d: RunDetail): boolean {
  return d.provenance === null || isGo126OrLater(d.provenance.goVersion);
}
const goroutinesEnd = (systemIncluded: boolean) => (d: RunDetail) => (d.provenance && fromGo126(d) === systemIncluded ? gaugeEnd('/sched/goroutines:goroutines')(d) : null);
const counterDelta = (name: string) => (d: RunDetail) => {
  const m = runtimeMetric(d, name);
  return m?.kind === 'counter' ? m.delta : null;
};

/**
 * A throttling figure of the run; 0 for a run that never had a CPU limit (none configured, none in
 * force at any time: nothing can throttle it), so a limited cell has a baseline to differ from.
 */
const throttledBy = (pick: (t: NonNullable<RunDetail['throttling']>) => number) => (d: RunDetail) => {
  if (d.throttling) return pick(d.throttling);
  return d.provenance && !hadCpuLimit(d.config.cpuLimit, d.provenance) ? 0 : null;
};

const throttleMeasured = (d: RunDetail): boolean => d.throttling !== null;

/** Each quantile's key, label and level (null: the maximum). */
const QUANTILES: [keyof Quantiles, string, number | null][] = [['p50', 'p50', 0.5], ['p90', 'p90', 0.9], ['p99', 'p99', 0.99], ['p999', 'p99.9', 0.999], ['max', 'max', null]];

/**
 * Where a scheduler-latency row comes from: the trace, or the runtime's sample of Go 1.26 and later
 * or of an earlier Go. The two samples hold other populations (fromGo126), so runs on either side of
 * 1.26 fill two rows, and across the change each row has one side unmeasured: no delta, no test.
 */
type SchedSource = 'exact' | 'sampled' | 'sampledBeforeGo126';

const SCHED_SOURCE_LABELS: Record<SchedSource, string> = {
  // Their spans differ: the trace holds start-up, warm-up and wind-down, the metric the window alone.
  exact: "trace, exact: the program's goroutines over the whole trace",
  sampled: 'runtime/metrics, sampled by Go 1.26+, bucket bound per run: the measured window',
  sampledBeforeGo126: 'runtime/metrics, sampled by Go before 1.26, another population: golang/go#79391',
};

/** The run's sample, if it belongs to this row's side of Go 1.26. */
const sampledOf = (source: 'sampled' | 'sampledBeforeGo126', d: RunDetail) => (fromGo126(d) === (source === 'sampled') ? d.schedLatency.sampled : null);

/** How many waits the scheduler latency of `source` holds. */
const schedSamples = (source: SchedSource) => (d: RunDetail) => {
  if (source === 'exact') return d.analysis ? programSchedLatency(d.analysis).hist.count : null;
  return sampledOf(source, d) ? d.schedLatency.sampledCount : null;
};

const schedMetrics = (source: SchedSource): MetricDef[] =>
  QUANTILES.map(([q, label, level]) => ({
    key: `sched.${source}.${q}`,
    label: `Sched latency ${label} (${SCHED_SOURCE_LABELS[source]})`,
    unit: 's',
    better: 'lower',
    value: (d) => (source === 'exact' ? d.schedLatency.exact : sampledOf(source, d))?.[q],
    ...(level === null ? {} : { quantile: { level, samples: schedSamples(source) } }),
  }));

/**
 * How many operations the run timed: 0 for a run that counted none in its window (a scenario
 * whose operations outlast it: result.json then has no op_latency), so that such runs count as runs
 * without a latency rather than drop out unseen; null for a run that counted operations but timed none.
 */
export const opLatencySamples = (d: RunDetail): number | null => {
  if (!d.result) return null;
  return d.result.op_latency?.count ?? (d.result.ops === 0 ? 0 : null);
};

/** The key numbers of a run, in the order comparisons show them (also the statistics and the benchfmt export). */
export const COMPARED_METRICS: readonly MetricDef[] = [
  // A bench run's throughput is its benchmarks' ns/op, compared per benchmark (bench-compare.ts).
  { key: 'opsPerSec', label: 'Throughput', unit: 'ops/s', better: 'higher', value: (d) => (d.benchmarks.length ? null : (d.result?.ops_per_s ?? d.run.opsPerSec)) },
  ...schedMetrics('exact'),
  { key: 'sched.exact.samples', label: 'Sched latency samples (trace, exact)', unit: 'waits', better: null, value: schedSamples('exact') },
  ...schedMetrics('sampled'),
  { key: 'sched.sampled.samples', label: 'Sched latency samples (runtime/metrics, sampled by Go 1.26+)', unit: 'waits', better: null, value: schedSamples('sampled') },
  ...schedMetrics('sampledBeforeGo126'),
  { key: 'sched.sampledBeforeGo126.samples', label: 'Sched latency samples (runtime/metrics, sampled by Go before 1.26)', unit: 'waits', better: null, value: schedSamples('sampledBeforeGo126') },
  {
    key: 'gcPause.p99', label: 'GC pause p99 (runtime/metrics, bucket bound per run)', unit: 's', better: 'lower',
    value: (d) => (d.result ? gcPauseHistogram(d.result)?.p99 : null),
    quantile: { level: 0.99, samples: (d) => (d.result ? gcPauseHistogram(d.result)?.count : null) },
  },
  { key: 'opLatency.p50', label: 'Op latency p50 (bucket bound per run)', unit: 's', better: 'lower', value: (d) => d.result?.op_latency?.p50, quantile: { level: 0.5, samples: opLatencySamples } },
  { key: 'opLatency.p99', label: 'Op latency p99 (bucket bound per run)', unit: 's', better: 'lower', value: (d) => d.result?.op_latency?.p99, quantile: { level: 0.99, samples: opLatencySamples } },
  { key: 'opLatency.samples', label: 'Op latency samples', unit: 'ops', better: null, value: opLatencySamples },
  { key: 'threads', label: 'OS threads (end)', unit: 'threads', better: 'lower', value: gaugeEnd('/sched/threads/total:threads') },
  // Neither direction is better for these: more goroutines is what a higher concurrency asks for,
  // and a run that does more work collects more often. The runtime's count changed meaning in Go 1.26,
  // so runs on either side of it fill two rows, and across the change each row has one side unmeasured.
  { key: 'goroutines', label: "Goroutines (end; the runtime's own included, as Go 1.26+ counts)", unit: 'goroutines', better: null, value: goroutinesEnd(true) },
  { key: 'goroutinesUser', label: "Goroutines (end; the runtime's own left out, as Go before 1.26 counts)", unit: 'goroutines', better: null, value: goroutinesEnd(false) },
  { key: 'gcCycles', label: 'GC cycles (measured window)', unit: 'cycles', better: null, value: counterDelta('/gc/cycles/total:gc-cycles') },
  { key: 'mutexWait', label: 'Mutex wait', unit: 's', better: 'lower', value: counterDelta('/sync/mutex/wait/total:seconds') },
  { key: 'throttledPeriods', label: 'CFS periods throttled (CPU limit)', unit: 'periods', better: 'lower', value: throttledBy((t) => t.throttled), measured: throttleMeasured },
  { key: 'throttledTime', label: 'Time throttled (CPU limit)', unit: 's', better: 'lower', value: throttledBy((t) => t.throttledSeconds), measured: throttleMeasured },
  // Waits still open at the trace's end are lower bounds the quantiles above cannot include.
  // The tracer's own goroutines left out, as its pauses are below.
  { key: 'openWaits.count', label: "Goroutines runnable at the trace end (the tracer's own left out)", unit: 'goroutines', better: 'lower', value: openWaitsOf((w) => w.count) },
  { key: 'openWaits.max', label: "Longest open wait (lower bound; the tracer's goroutines left out)", unit: 's', better: 'lower', value: openWaitsOf((w) => w.maxLowerBoundS) },
  { key: 'openWaits.starved', label: "Starved goroutines (runnable for the whole trace; the tracer's own left out)", unit: 'goroutines', better: 'lower', value: openWaitsOf((w) => w.starved) },
  { key: 'syscallsLostP', label: 'Syscalls that lost their P', unit: 'syscalls', better: 'lower', value: (d) => d.analysis?.syscalls.lost_p },
  { key: 'stwPauses', label: "Stop-the-world pauses (the whole trace, the tracer's and the harness's own left out)", unit: 'pauses', better: 'lower', value: (d) => (d.analysis ? programPauses(d.analysis.stw).length : null) },
];

export const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The value of one run (go test prints one line per benchmark; were there several, their median). */
export const oneValue = (values: number[]): number | null => (values.length ? median(values) : null);

/** Every benchmark of the runs, unit by unit, then every metric that at least one of the runs has. */
export function comparedMetrics(baseline: RunDetail, candidates: readonly RunDetail[]): ComparedMetric[] {
  const benchmarks = benchMetrics([[baseline], ...candidates.map((c) => [c])]).map(({ values, ...def }): ComparedMetric => {
    const base = oneValue(values(baseline));
    return { ...def, baseline: base, candidates: candidates.map((c) => ({ value: oneValue(values(c)), deltaPct: deltaPct(base, oneValue(values(c))) })) };
  });
  return [...benchmarks, ...runMetrics(baseline, candidates)];
}

function runMetrics(baseline: RunDetail, candidates: readonly RunDetail[]): ComparedMetric[] {
  return COMPARED_METRICS.flatMap((def) => {
    if (!measuredByAny(def, [baseline, ...candidates])) return [];
    const base = finite(def.value(baseline));
    const values = candidates.map((c) => finite(def.value(c)));
    const quantile = def.quantile;
    return [{
      key: def.key,
      label: def.label,
      unit: def.unit,
      better: def.better,
      baseline: base,
      candidates: values.map((value) => ({ value, deltaPct: deltaPct(base, value) })),
      ...(quantile && { quantile: { level: quantile.level, samples: [baseline, ...candidates].map((d) => finite(quantile.samples(d))) } }),
    }];
  });
}

const PROVENANCE_FIELDS: [keyof Provenance, string][] = [
  ['host', 'host'],
  ['goVersion', 'Go version'],
  ['goos', 'OS'],
  ['goarch', 'architecture'],
  ['numCpu', 'CPU count'],
  ['cpuModel', 'processor'],
  ['cgroupCpuLimit', 'cgroup CPU limit'],
  ['gomaxprocs', 'GOMAXPROCS'],
  ['kernel', 'kernel'],
  ['godebug', 'GODEBUG'],
  ['hostname', 'machine'],
];

/** A measured window of another length or warm-up: throughput holds, counts and tails do not compare. */
function windowWarnings(baseline: RunDetail, c: RunDetail): string[] {
  // Imports have no window and go test chooses a benchmark's own.
  const timed = (d: RunDetail) => !d.run.tags.includes(IMPORTED_TAG) && d.benchmarks.length === 0;
  if (!timed(baseline) || !timed(c)) return [];
  const fields = [['duration', 'duration'], ['warmup', 'warm-up']] as const;
  return fields.flatMap(([key, label]) =>
    parseGoDurationNs(baseline.config[key]) !== parseGoDurationNs(c.config[key])
      ? [`Run ${c.run.id}: ${label} ${c.config[key]} differs from the baseline's ${baseline.config[key]}: counts and tails cover windows of different lengths.`]
      : [],
  );
}

/**
 * What a run records while it runs costs it throughput and adds the recorder's own frames to its
 * profiles (tracing, the CPU profiler, mutex and block sampling; the flight recorder is tracing too):
 * two runs recording differently do not compare. Profiles taken at the end (heap, allocs,
 * goroutine) cost the measured window nothing.
 */
const RECORDING_CAPTURES = ['cpu', 'trace', 'mutex', 'block'] as const;

function recordingOf(d: RunDetail): string {
  const kinds: string[] = RECORDING_CAPTURES.filter((k) => d.config.capture.includes(k));
  if ((parseGoDurationNs(d.config.flightRecorder) ?? 0n) > 0n) kinds.push(`flight recorder ${d.config.flightRecorder}`);
  return kinds.join(', ') || 'nothing';
}

function recordingWarnings(baseline: RunDetail, c: RunDetail): string[] {
  if (baseline.run.tags.includes(IMPORTED_TAG) || c.run.tags.includes(IMPORTED_TAG)) return [];
  const [b, r] = [recordingOf(baseline), recordingOf(c)];
  return b === r ? [] : [`Run ${c.run.id} recorded ${r} while running, the baseline ${b}: tracing and profiling cost throughput and add their own frames to profiles.`];
}

/** One run analysed from the flight recorder's window, the other from its whole trace: exact figures of different spans. */
function traceSpanWarnings(baseline: RunDetail, c: RunDetail): string[] {
  if (baseline.analysedTrace === null || c.analysedTrace === null || baseline.analysedTrace === c.analysedTrace) return [];
  const span = (d: RunDetail) => (d.analysedTrace === 'flight.trace' ? "the flight recorder's last window" : 'the whole run');
  return [`Run ${c.run.id}: its trace figures are of ${span(c)}, the baseline's of ${span(baseline)}: exact latencies of different spans.`];
}

/**
 * Runs whose analyses count different goroutines: one by a gmptrace before the program's waits were
 * told from the runtime's holds every goroutine's (program-latency.ts), beside runs that hold the
 * program's alone. Said, as the exact scheduler latency's label speaks for the newer ones.
 */
export function analysisPopulationWarnings(runs: readonly RunDetail[]): string[] {
  const analysed = runs.filter((d) => d.analysis);
  const older = analysed.filter((d) => programSchedLatency(d.analysis!).runtimeWaits === null);
  if (older.length === 0 || older.length === analysed.length) return [];
  const ids = older.map((d) => d.run.id).join(', ');
  return [`Run${older.length > 1 ? 's' : ''} ${ids}: analysed by an older gmptrace, ${older.length > 1 ? 'their' : 'its'} exact scheduler latency holds every goroutine's waits, the runtime's own included; the other runs' hold the program's goroutines' alone.`];
}

const shown = (v: unknown): string => (v === null ? 'none' : v === '' ? '(empty)' : String(v));

/** How a run that did not succeed ended, or that it has not: "failed (exit 137)", "timed out", "is still running". */
function endedText(r: Pick<RunDetail['run'], 'state' | 'exitCode'>): string {
  if (!isTerminal(r.state)) return `is still ${r.state}`;
  return r.state === 'failed' && r.exitCode !== null ? `${endedAs(r.state)} (exit ${r.exitCode})` : endedAs(r.state);
}

/** What a comparison expects its runs to differ in: environment fields, and the concurrency (an experiment's dimension). */
export type ExpectedDifference = keyof Provenance | 'concurrency';

/**
 * Differences that make the comparison apples-to-oranges, one sentence each. `expected` names
 * fields that differ by design (the GOMAXPROCS or concurrency axis of an experiment's grid).
 */
export function provenanceWarnings(baseline: RunDetail, candidates: readonly RunDetail[], expected: readonly ExpectedDifference[] = []): string[] {
  const warnings: string[] = [];
  for (const d of [baseline, ...candidates]) {
    const p = d.provenance;
    // The page names a run's state beside it; the CLI's table does not: said here for both.
    if (d.run.state !== 'succeeded') warnings.push(`Run ${d.run.id} ${endedText(d.run)}: its figures are what it left, not a whole run's.`);
    const starved = d.analysis?.sched_latency.open_waits ? starvedText(d.analysis.sched_latency.open_waits) : null;
    if (starved) warnings.push(`Run ${d.run.id}: ${starved}; its latency quantiles leave them out.`);
    if (d.analysis?.meta.partial) warnings.push(`Run ${d.run.id}: its trace was cut short; its trace figures end at the last complete generation (${d.analysis.meta.duration_s.toFixed(3)} s).`);
    // A bench run's provenance is go test's header, compared below.
    if (!p) {
      if (!d.benchmarks.length) warnings.push(`Run ${d.run.id}: no provenance (no readable result.json), so its environment cannot be checked.`);
    } else if (p.gomaxprocs !== p.gomaxprocsConfigured) {
      warnings.push(`Run ${d.run.id} ran at GOMAXPROCS ${p.gomaxprocs}, not the ${p.gomaxprocsConfigured} configured at the start: the program or the runtime changed it.`);
    }
  }
  for (const c of candidates) {
    if (c.run.targetName !== baseline.run.targetName) {
      warnings.push(`Run ${c.run.id} ran ${c.run.targetName}, the baseline ran ${baseline.run.targetName}.`);
    }
    // Parameters of two different targets are not the same knobs: the line above says enough.
    for (const name of c.run.targetName === baseline.run.targetName ? [...new Set([...Object.keys(baseline.params), ...Object.keys(c.params)])].sort() : []) {
      const [bv, cv] = [baseline.params[name], c.params[name]];
      // A run without result.json knows only the parameters it was given, not the defaults it ran with.
      if ((bv === undefined && !baseline.result) || (cv === undefined && !c.result)) continue;
      if (bv !== cv) warnings.push(`Run ${c.run.id}: parameter ${name} ${cv ?? 'not set'} differs from the baseline's ${bv ?? 'not set'}.`);
    }
    // A scenario that ignores the concurrency ran alike whatever was passed.
    if (!expected.includes('concurrency') && runUsedConcurrency(c.run) && runUsedConcurrency(baseline.run) && c.run.concurrency !== baseline.run.concurrency) {
      warnings.push(`Run ${c.run.id}: concurrency ${c.run.concurrency} differs from the baseline's ${baseline.run.concurrency}.`);
    }
    warnings.push(...windowWarnings(baseline, c));
    warnings.push(...recordingWarnings(baseline, c), ...traceSpanWarnings(baseline, c));
    warnings.push(...benchHeaderWarnings(baseline, c, `Run ${c.run.id}`));
    const b = baseline.provenance;
    const p = c.provenance;
    // Without both provenances (a bench run has go test's header instead), the values in force that
    // each run left (a benchmark's -N suffix, an imported trace's), else the numbers configured.
    const [bg, cg] = [gomaxprocsRan(baseline), gomaxprocsRan(c)];
    if ((!b || !p) && !expected.includes('gomaxprocs') && bg !== null && cg !== null && bg !== cg) {
      warnings.push(`Run ${c.run.id}: GOMAXPROCS ${cg} differs from the baseline's ${bg}.`);
    }
    if (!b || !p) continue;
    for (const [field, label] of PROVENANCE_FIELDS) {
      // Another host is another machine: its name would say it twice.
      if (expected.includes(field) || (field === 'hostname' && b.host !== p.host)) continue;
      if (b[field] !== p[field]) warnings.push(`Run ${c.run.id}: ${label} ${shown(p[field])} differs from the baseline's ${shown(b[field])}.`);
    }
  }
  return warnings;
}

/** Whether a run's profile of that name was derived from its trace (gmptrace), not sampled by the runtime. */
const fromTrace = (d: RunDetail, name: string): boolean => d.analysis?.profiles.some((p) => p.name === name) ?? false;

/**
 * The profiles two runs both have, of the same origin: block.pprof is derived from the trace in a
 * run that captured only the trace, and the runtime's sampled block profile in one that captured
 * both (its derived one is trace-block.pprof); the two are not alike.
 */
export function pairedProfiles(baseline: RunDetail, candidate: RunDetail): string[] {
  return baseline.profiles.filter((name) => candidate.profiles.includes(name) && fromTrace(candidate, name) === fromTrace(baseline, name));
}

/** Profiles the baseline pairs with at least one candidate (pairedProfiles). */
export function commonProfiles(baseline: RunDetail, candidates: readonly RunDetail[]): string[] {
  return baseline.profiles.filter((name) => candidates.some((c) => pairedProfiles(baseline, c).includes(name)));
}

/** A warning for each profile name that two runs hold from different origins, so not compared. */
export function profileOriginWarnings(baseline: RunDetail, candidates: readonly RunDetail[]): string[] {
  return candidates.flatMap((c) => baseline.profiles.map((name) => originMismatch(baseline, c, name)).filter((m) => m !== null).map((m) => `${m}: not compared.`));
}

/** How a profile both runs have differs in origin between them ("block.pprof is derived … in run X"); null when it does not. */
export function originMismatch(baseline: RunDetail, candidate: RunDetail, name: string): string | null {
  if (!baseline.profiles.includes(name) || !candidate.profiles.includes(name) || fromTrace(candidate, name) === fromTrace(baseline, name)) return null;
  const origin = (d: RunDetail) => (fromTrace(d, name) ? 'derived from the trace' : "the runtime's sampled profile");
  return `${name} is ${origin(baseline)} in the baseline and ${origin(candidate)} in run ${candidate.run.id}`;
}
