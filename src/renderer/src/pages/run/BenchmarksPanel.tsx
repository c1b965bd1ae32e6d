// A Go benchmark run's results: each matched benchmark with every metric go test printed, in its
// own units and order (ns/op, B/op, allocs/op, and any b.ReportMetric of the benchmark).
import type { BenchResult } from '../../../../shared/results';
import { formatCount } from '../../format';

export function BenchmarksPanel({ benchmarks }: { benchmarks: readonly BenchResult[] }) {
  return (
    <table className="data-table compact" data-testid="benchmarks">
      <thead>
        <tr>
          <th>benchmark</th>
          <th className="num">iterations</th>
          <th>metrics</th>
        </tr>
      </thead>
      <tbody>
        {benchmarks.map((b) => (
          <tr key={b.name} data-benchmark={b.name}>
            <td>
              <code>Benchmark{b.name}</code>
            </td>
            <td className="num">{formatCount(b.iterations)}</td>
            <td>{b.values.map((v) => `${v.value} ${v.unit}`).join('  ·  ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
