// go test's header (goos, goarch, pkg, cpu) is a bench run's provenance; a run over several
// packages (--bench ./...) has one per package. For the Run page and gmpw show alike.
import type { BenchResult } from './results';

/** Every header key with the values it took, in order ("pkg: a, b" for a run over two packages). */
export function benchHeader(benchmarks: readonly BenchResult[]): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const b of benchmarks) {
    for (const [k, v] of Object.entries(b.config)) {
      const seen = values.get(k) ?? [];
      if (!seen.includes(v)) values.set(k, [...seen, v]);
    }
  }
  return Object.fromEntries([...values].map(([k, vs]) => [k, vs.join(', ')]));
}

/** Whether the benchmarks come from more than one package, so a name alone does not say which. */
export function severalPackages(benchmarks: readonly BenchResult[]): boolean {
  return new Set(benchmarks.map((b) => b.config.pkg)).size > 1;
}
