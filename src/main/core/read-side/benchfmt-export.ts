// Runs in the Go benchmark format, so benchstat users can take the numbers elsewhere
// (docs/ARCHITECTURE.md §6). One line per run: "Benchmark<Target>/<param>=<v>/concurrency=<n>-<GOMAXPROCS>"
// (no concurrency= where the run did not use it),
// the run's ops as the iteration count, and every key number it has, each with its own unit.
import { benchstatColumns } from '../../../shared/benchstat-columns';
import type { RunDetail } from '../../../shared/contract';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';
import { LOCAL_HOST } from '../../../shared/hosts';
import { runUsedConcurrency } from '../../../shared/run-rules';
import { benchIdentifier, benchToken, writeBenchfmt, type BenchResult } from '../benchfmt';
import { COMPARED_METRICS, finite, measuredByAny, type MetricDef } from './compare';

/**
 * The first line of every export: benchstat and the benchfmt readers skip a line that is neither a
 * result, a configuration nor a unit line, and `gmpw export-bench -o` knows by it a file it may
 * replace (an earlier export) from one it may not (go test's own output saved by hand).
 */
export const BENCHFMT_EXPORT_HEADER = '# GMP Workbench runs in the Go benchmark format (gmpw export-bench)';

/**
 * A metric's benchfmt unit: throughput keeps "ops/s"; durations end in "-sec" (benchstat scales
 * them as times: 12.0µ); counts are named after the metric.
 */
function benchUnit(def: Pick<MetricDef, 'key' | 'unit'>): string {
  if (def.unit === 'ops/s') return 'ops/s';
  const name = def.key.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/\./g, '-').toLowerCase();
  return def.unit === 's' ? `${name}-sec` : name;
}

function benchName(d: RunDetail): string {
  // Every parameter, defaults included, so runs given different subsets of them still line up.
  const params = Object.entries(d.params).sort(([a], [b]) => a.localeCompare(b));
  const parts = [benchIdentifier(d.run.targetName), ...params.map(([k, v]) => `${benchToken(k)}=${benchToken(v)}`), ...(runUsedConcurrency(d.run) ? [`concurrency=${d.run.concurrency}`] : [])];
  // The GOMAXPROCS that ran, which benchstat reads from the name's "-N" suffix as go test -cpu writes it.
  const procs = gomaxprocsRan(d);
  return parts.join('/') + (procs === null ? '' : `-${procs}`);
}

/**
 * What go test does not print but an experiment varies: the workbench host the run ran on (when not
 * this machine), and the CPU limit on its cgroup in cores (when it had one).
 */
function ranOn(d: RunDetail, cpuLimit: number | null): Record<string, string> {
  return { ...(d.run.host === LOCAL_HOST ? {} : { host: benchToken(d.run.host) }), ...(cpuLimit === null ? {} : { 'cpu-limit': String(cpuLimit) }) };
}

function configOf(d: RunDetail): Record<string, string> {
  const p = d.provenance!;
  const target = d.config.target;
  const pkg = target.kind === 'scenario' ? 'gmpstress' : target.kind === 'bench' ? target.pkg : target.path;
  return {
    goos: p.goos,
    goarch: p.goarch,
    // go test's header, in its words: the processor's name (harnesses before it was recorded have none).
    ...(p.cpuModel ? { cpu: p.cpuModel } : {}),
    pkg: benchToken(pkg),
    go: p.goVersion,
    ...ranOn(d, p.cgroupCpuLimit),
    kernel: benchToken(p.kernel),
    ...(p.godebug ? { godebug: benchToken(p.godebug) } : {}),
    // The name's suffix is the GOMAXPROCS in force; what the process started with, when it differs.
    ...(p.gomaxprocsConfigured !== p.gomaxprocs ? { 'gomaxprocs-configured': String(p.gomaxprocsConfigured) } : {}),
  };
}

export interface ExportedBenchfmt {
  text: string;
  runs: number;
  skipped: { id: string; reason: string }[];
  /** The keys that tell the runs apart, for benchstat's -col. */
  columns: string[];
}

/**
 * The run's key numbers that it has, each in its benchfmt unit: of the metrics some exported run
 * measured (`measured`), as compare lists them, so a run that had no CPU limit stands at 0 throttled
 * beside one that had a limit, not absent from benchstat's table.
 */
function workbenchValues(d: RunDetail, defs: readonly MetricDef[], measured: (def: MetricDef) => boolean): BenchResult['values'] {
  return defs.flatMap((def) => {
    const value = finite(def.value(d));
    return value === null || !measured(def) ? [] : [{ value, unit: benchUnit(def) }];
  });
}

// A bench run's throughput is go test's ns/op, already on its line.
const SCHEDULER_METRICS = COMPARED_METRICS.filter((def) => def.key !== 'opsPerSec');

/**
 * A bench run's own result lines, as go test printed them (name, iterations, every metric and the
 * goos/goarch/pkg/cpu header), with what go test does not print but an experiment varies: the Go
 * that built the test binary (`go`, as a scenario's lines have it) and the CPU limit the workbench
 * set on the run's cgroup (`cpu-limit`). The workbench's scheduler numbers describe the whole
 * process, so they are added only when the run measured one benchmark: on a line of several they
 * would be credited to each.
 */
function benchRecords(d: RunDetail, measured: (def: MetricDef) => boolean): BenchResult[] {
  const extra = d.benchmarks.length === 1 ? workbenchValues(d, SCHEDULER_METRICS, measured) : [];
  const config = { ...(d.builtWith ? { go: d.builtWith } : {}), ...ranOn(d, d.config.cpuLimit === 'max' ? null : d.config.cpuLimit) };
  return d.benchmarks.map((b) => ({ ...b, config: { ...b.config, ...config }, values: [...b.values, ...extra] }));
}

/** What a run without the key had, named where another run has it: no CPU limit, this machine. */
const ABSENT_VALUES: Record<string, string> = { 'cpu-limit': 'max', host: 'local' };

/**
 * Names the value of a key a run lacks when another exported run has it: benchstat -col cpu-limit
 * would head the unlimited runs' column with an empty value. In place, as the runs' lists share
 * these records.
 */
function nameAbsentValues(records: readonly BenchResult[]): void {
  for (const [key, absent] of Object.entries(ABSENT_VALUES)) {
    if (!records.some((r) => key in r.config)) continue;
    for (const r of records) r.config[key] ??= absent;
  }
}

export function exportBenchfmt(details: readonly RunDetail[]): ExportedBenchfmt {
  const skipped: ExportedBenchfmt['skipped'] = [];
  const records: BenchResult[] = [];
  const perRun: BenchResult[][] = [];
  const measured = (def: MetricDef) => measuredByAny(def, details.filter((d) => d.run.state === 'succeeded'));
  for (const d of details) {
    const before = records.length;
    if (d.run.state !== 'succeeded') skipped.push({ id: d.run.id, reason: `it is ${d.run.state}` });
    else if (d.benchmarks.length) records.push(...benchRecords(d, measured));
    else if (!d.result || !d.provenance) skipped.push({ id: d.run.id, reason: 'it has no readable result.json' });
    else records.push({ name: benchName(d), iterations: d.result.ops, config: configOf(d), values: workbenchValues(d, COMPARED_METRICS, measured) });
    if (records.length > before) perRun.push(records.slice(before));
  }
  nameAbsentValues(records);
  const better = Object.fromEntries(COMPARED_METRICS.flatMap((def) => (def.better ? [[benchUnit(def), def.better]] : [])));
  const used = new Set(records.flatMap((r) => r.values.map((v) => v.unit)));
  const body = writeBenchfmt(records, Object.fromEntries(Object.entries(better).filter(([u]) => used.has(u))));
  const text = body === '' ? '' : `${BENCHFMT_EXPORT_HEADER}\n${body}`;
  return { text, runs: perRun.length, skipped, columns: benchstatColumns(perRun) };
}
