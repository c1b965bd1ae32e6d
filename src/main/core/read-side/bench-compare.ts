// Go benchmarks compared benchmark by benchmark (docs/ARCHITECTURE.md §6): every benchmark any side
// ran is a group of rows, one per unit go test printed for it (ns/op, B/op, allocs/op, custom
// units), so two runs of `-bench 'Sum|Product'` compare Sum with Sum and Product with Product
// instead of one number standing for both.
import type { BenchmarkRef, ComparedMetric, RunDetail } from '../../../shared/contract';
import type { BenchResult } from '../../../shared/results';

/**
 * A benchmark's name without the "-N" go test appends for GOMAXPROCS N (Go's benchfmt reads a
 * trailing -N so), so runs at different GOMAXPROCS — the cells of a GOMAXPROCS grid — meet by
 * benchmark; the GOMAXPROCS itself is the run's, shown with it.
 */
function benchmarkBaseName(name: string): string {
  return name.replace(/-\d+$/, '');
}

type Identity = Pick<BenchmarkRef, 'name' | 'pkg'>;

const identityOf = (r: BenchResult): Identity => ({ name: benchmarkBaseName(r.name), pkg: r.config.pkg ?? null });
const same = (a: Identity, b: Identity) => a.name === b.name && a.pkg === b.pkg;
const ranIt = (d: RunDetail, id: Identity) => d.benchmarks.some((r) => same(identityOf(r), id));

/** benchstat's reading of units: a rate ("MB/s", "items/s") is better higher; a cost per op (ns/op, B/op, allocs/op) lower. */
function benchUnitBetter(unit: string): 'higher' | 'lower' {
  return /\/s$/.test(unit) ? 'higher' : 'lower';
}

export interface BenchMetric {
  key: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  benchmark: BenchmarkRef;
  /** The run's values of this benchmark in this unit: one per result line (a run prints one per benchmark). */
  values: (d: RunDetail) => number[];
}

/**
 * Every benchmark the sides (each a list of runs: one run, or a cell's repetitions) ran, each unit
 * it printed, in the order they first appear; a benchmark names the sides that lack it.
 */
export function benchMetrics(sides: readonly (readonly RunDetail[])[]): BenchMetric[] {
  const found: { id: Identity; units: string[] }[] = [];
  for (const side of sides) {
    for (const d of side) {
      for (const r of d.benchmarks) {
        const id = identityOf(r);
        let entry = found.find((f) => same(f.id, id));
        if (!entry) found.push((entry = { id, units: [] }));
        for (const v of r.values) if (!entry.units.includes(v.unit)) entry.units.push(v.unit);
      }
    }
  }
  // The package is named only when it tells benchmarks apart (`--bench ./...` over several).
  const severalPackages = new Set(found.map((f) => f.id.pkg)).size > 1;
  return found.flatMap(({ id, units }) => {
    const title = `Benchmark${id.name}${severalPackages && id.pkg ? ` (${id.pkg})` : ''}`;
    const benchmark: BenchmarkRef = { ...id, title, missingFrom: sides.flatMap((side, i) => (side.some((d) => ranIt(d, id)) ? [] : [i])) };
    return units.map((unit) => ({
      key: `bench:${id.pkg ?? ''}:${id.name}:${unit}`,
      label: `${title} ${unit}`,
      unit,
      better: benchUnitBetter(unit),
      benchmark,
      values: (d: RunDetail) =>
        d.benchmarks.flatMap((r) => (same(identityOf(r), id) ? r.values.filter((v) => v.unit === unit && Number.isFinite(v.value)).map((v) => v.value) : [])),
    }));
  });
}

/** One sentence per benchmark that some side did not run, naming those sides. */
export function missingBenchmarkWarnings(metrics: readonly Pick<ComparedMetric, 'benchmark'>[], sideNames: readonly string[]): string[] {
  const said = new Set<string>();
  const warnings: string[] = [];
  for (const { benchmark } of metrics) {
    if (!benchmark?.missingFrom.length || said.has(benchmark.title)) continue;
    said.add(benchmark.title);
    const names = benchmark.missingFrom.map((i) => sideNames[i]);
    warnings.push(`${benchmark.title} did not run in ${names.join(', ')}: there is nothing to compare it with there.`);
  }
  return warnings;
}

/** go test's header keys that describe the machine; a difference makes a benchmark comparison suspect. */
const HEADER_KEYS: [key: string, label: string][] = [
  ['goos', 'OS'],
  ['goarch', 'architecture'],
  ['cpu', 'CPU'],
];

/** Differences between two bench runs' go test headers (their provenance), one sentence each. */
export function benchHeaderWarnings(baseline: RunDetail, candidate: RunDetail, who: string): string[] {
  const [b, c] = [baseline.benchmarks[0]?.config, candidate.benchmarks[0]?.config];
  if (!b || !c) return [];
  return HEADER_KEYS.flatMap(([key, label]) =>
    b[key] !== c[key] ? [`${who}: ${label} ${c[key] ?? 'not given'} differs from the baseline's ${b[key] ?? 'not given'}.`] : [],
  );
}
