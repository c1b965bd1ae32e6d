// A stored run shaped for the Run page and for comparisons: parsed documents, provenance, both
// scheduler-latency sources side by side, and artifacts with the command that opens each one.
import { readFileSync } from 'node:fs';
import { endedAs, isTerminal, type Artifact, type MetricsTick, type Provenance } from '../../../shared/domain';
import { LOCAL_HOST } from '../../../shared/hosts';
import type { RunDetail } from '../../../shared/contract';
import { BenchFile, type BenchResult, type HarnessResult } from '../../../shared/results';
import { hadCpuLimit, windowThrottling } from '../../../shared/throttling';
import type { Store, StoredArtifact, StoredRun } from '../store';
import { SCHED_LATENCY, harnessGomaxprocs, histogramMetric, quantilesOf } from '../store/scalars';
import { BUILD_INFO_FILE, builtWithOf } from '../toolchain/build-info';
import { runTrace } from '../gmptrace/trace-analysis';
import { localShellQuote } from '../shell-quote';
import { programSchedLatency } from '../../../shared/program-latency';
import { artifactOnDisk, isKept } from './artifact-state';

export function isProfile(artifact: Pick<StoredArtifact, 'name'>): boolean {
  return artifact.name.endsWith('.pprof');
}

/** The command that opens the file; none for an empty one (a target that found the disk full), which no tool opens. */
function openWith(artifact: StoredArtifact, absolute: string): string | null {
  if (artifact.size === 0) return null;
  if (artifact.kind === 'trace' || artifact.kind === 'flight') return `go tool trace ${localShellQuote(absolute)}`;
  if (isProfile(artifact)) return `go tool pprof -http=: ${localShellQuote(absolute)}`;
  return null;
}

function provenanceOf(result: HarnessResult | null, host: string): Provenance | null {
  const p = result?.provenance;
  if (!p) return null;
  const ran = result.gomaxprocs;
  return {
    goVersion: p.go_version,
    goos: p.goos,
    goarch: p.goarch,
    numCpu: p.num_cpu,
    cpuModel: p.cpu_model || null,
    gomaxprocs: harnessGomaxprocs(result),
    gomaxprocsConfigured: ran?.configured ?? p.gomaxprocs,
    gomaxprocsDefault: p.gomaxprocs_default,
    gomaxprocsChanges: ran?.changes ?? [],
    gomaxprocsChangesDropped: ran?.changes_dropped ?? 0,
    ...cpuLimitOf(result),
    kernel: p.kernel,
    godebug: p.godebug,
    host,
    hostname: p.hostname || null,
  };
}

/** A harness that watched the CPU limit says which held in the window; an older one only what it started with. */
function cpuLimitOf(result: HarnessResult): Pick<Provenance, 'cgroupCpuLimit' | 'cgroupCpuLimitAtStart' | 'cgroupCpuLimitChanges'> {
  const atStart = result.provenance.cgroup_cpu_limit;
  const watched = result.cpu_limit;
  if (!watched) return { cgroupCpuLimit: atStart, cgroupCpuLimitAtStart: atStart, cgroupCpuLimitChanges: [] };
  const cores = (v: number | null) => (v === null || v === 0 ? null : v);
  return { cgroupCpuLimit: cores(watched.in_force ?? watched.configured), cgroupCpuLimitAtStart: cores(watched.configured), cgroupCpuLimitChanges: watched.changes };
}

/** Everything that makes the analysis missing, partial or suspect, in words for the user. */
function analysisNote(stored: StoredRun): string | null {
  const notes: string[] = [];
  if (stored.result?.problem) notes.push(stored.result.problem);
  if (stored.analysisNote) notes.push(stored.analysisNote);
  else if (stored.analysis?.problem) notes.push(stored.analysis.problem);
  if (!stored.analysis && !stored.analysisNote) {
    if (!stored.config.capture.includes('trace')) {
      // The sampled metric comes from result.json, which a run that failed early never wrote.
      const sampled = stored.result?.value ? 'the sampled runtime metric is shown' : 'the sampled runtime metric comes from result.json, and this run left none that can be read';
      notes.push(`No execution trace was captured: exact scheduler latency needs the trace capture; ${sampled}.`);
    } else if (isTerminal(stored.summary.state)) {
      // Asked for, but never written here: the run ended first, or (on a host) its files were not fetched.
      const kept = stored.artifacts.some((a) => a.name === 'trace.out');
      const before = stored.summary.state === 'succeeded' ? '' : `: the run ${endedAs(stored.summary.state)} before an analysis of it was stored${stored.summary.error ? ' (its error says why)' : ''}`;
      notes.push(kept ? `The trace was not analysed${before}.` : `The trace was asked for, but the run ${endedAs(stored.summary.state)} without one among its files${stored.summary.host === LOCAL_HOST ? '' : ` (a run on host ${stored.summary.host} has its files fetched at its end)`}${stored.summary.error ? ': its error says why' : ''}.`);
    }
  }
  return notes.length ? notes.join(' ') : null;
}

/** The Go release the run's executable names as its builder, from the buildinfo.txt kept with the run. */
function builtWith(store: Store, artifacts: readonly StoredArtifact[]): string | null {
  const info = artifacts.find((a) => a.name === BUILD_INFO_FILE);
  // Deleted or replaced since: the run does not say (the artifact list says what became of it).
  if (!info || !isKept(store, info)) return null;
  try {
    return builtWithOf(readFileSync(store.artifactPath(info), 'utf8'));
  } catch {
    return null; // unreadable: the run simply does not say
  }
}

/** The benchmarks a bench run kept in bench.json; none when it has no readable one. */
function benchmarksOf(store: Store, artifacts: readonly StoredArtifact[]): BenchResult[] {
  const file = artifacts.find((a) => a.name === 'bench.json');
  if (!file || !isKept(store, file)) return [];
  try {
    const parsed = BenchFile.safeParse(JSON.parse(readFileSync(store.artifactPath(file), 'utf8')));
    return parsed.success ? parsed.data.results : [];
  } catch {
    return [];
  }
}

const GOMAXPROCS_GAUGE = '/sched/gomaxprocs:threads';

/** The ticks at which the sampled GOMAXPROCS took a new value, starting with the first. */
function gomaxprocsSteps(ticks: readonly MetricsTick[]): RunDetail['gomaxprocsSteps'] {
  const steps: RunDetail['gomaxprocsSteps'] = [];
  for (const { t, gauges } of ticks) {
    const value = gauges[GOMAXPROCS_GAUGE];
    if (value !== undefined && value !== steps.at(-1)?.value) steps.push({ t, value });
  }
  return steps;
}

export function runDetail(store: Store, id: string): RunDetail {
  const stored = store.getStoredRun(id);
  const ticks = store.getSeries(id) ?? [];
  const result = stored.result?.value ?? null;
  const analysis = stored.analysis?.value ?? null;
  const sampled = result ? histogramMetric(result, SCHED_LATENCY) : null;
  const artifacts: Artifact[] = stored.artifacts.map((a) => {
    const path = store.artifactPath(a);
    const onDisk = artifactOnDisk(path, a.size);
    return { ...a, openWith: onDisk === 'kept' ? openWith(a, path) : null, onDisk };
  });
  const provenance = provenanceOf(result, stored.config.host);
  // Without a limit at any time, a group's zero periods say nothing.
  const limited = hadCpuLimit(stored.config.cpuLimit, provenance);
  return {
    run: stored.summary,
    config: stored.config,
    result,
    analysis,
    analysisNote: analysisNote(stored),
    // The runner analysed the trace runTrace picks; it picks the same one now.
    analysedTrace: analysis ? runTrace(store.runDir(id)) : null,
    provenance,
    builtWith: builtWith(store, stored.artifacts),
    benchmarks: benchmarksOf(store, stored.artifacts),
    params: result?.params ?? ('params' in stored.config.target ? stored.config.target.params : {}),
    schedLatency: {
      exact: quantilesOf(analysis ? programSchedLatency(analysis).hist : null),
      exactAll: quantilesOf(analysis?.sched_latency.all),
      sampled: quantilesOf(sampled),
      sampledCount: sampled?.count ?? 0,
    },
    artifacts,
    profiles: stored.artifacts.filter(isProfile).map((a) => a.name),
    // Without a CPU limit nothing throttles the run's group: its zero counts are no statement about the run.
    throttling: limited ? windowThrottling(ticks) : null,
    gomaxprocsSteps: gomaxprocsSteps(ticks),
  };
}
