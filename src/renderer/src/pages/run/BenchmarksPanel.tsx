// A Go benchmark run's results: each matched benchmark with every metric go test printed, in its
// own units and order (ns/op, B/op, allocs/op, and any b.ReportMetric of the benchmark). A run over
// several packages (--bench ./...) names each benchmark's package: names may repeat across them.
import { severalPackages } from '../../../../shared/bench-header';
import type { BenchResult } from '../../../../shared/results';

export function BenchmarksPanel({ benchmarks }: { benchmarks: readonly BenchResult[] }) {
  const withPackage = severalPackages(benchmarks);
  return (
    <table className="data-table compact" data-testid="benchmarks">
      <thead>
        <tr>
          {withPackage && <th>package</th>}
          <th>benchmark</th>
          <th className="num">iterations</th>
          <th>metrics</th>
        </tr>
      </thead>
      <tbody>
        {benchmarks.map((b) => (
          <tr key={`${b.config.pkg ?? ''}\u0000${b.name}`} data-benchmark={b.name} data-pkg={b.config.pkg}>
            {withPackage && <td>{b.config.pkg}</td>}
            <td>
              <code>Benchmark{b.name}</code>
            </td>
            {/* go test's own N, exactly as it printed it (a rounded 1.23M would hide the N it chose). */}
            <td className="num">{b.iterations}</td>
            <td>{b.values.map((v) => `${v.value} ${v.unit}`).join('  ·  ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
