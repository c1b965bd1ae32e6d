// The frame both comparison tables share: a row per metric, the baseline's column, then two
// columns (value and change) per candidate; each table supplies the cells of a row.
import type { ReactNode } from 'react';

interface MetricRow {
  key: string;
  label: string;
  better: 'higher' | 'lower';
}

export function CompareTable<M extends MetricRow>({ names, metrics, testId, cells }: { names: string[]; metrics: M[]; testId: string; cells: (m: M) => ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="data-table compact" data-testid={testId}>
        <thead>
          <tr>
            <th>metric</th>
            <th className="num">
              {names[0]} <span className="muted">(baseline)</span>
            </th>
            {names.slice(1).map((n, i) => (
              <th key={i} className="num" colSpan={2}>
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.key} data-metric={m.key}>
              <td className="metric-name" title={`${m.better} is better`}>
                {m.label}
              </td>
              {cells(m)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
