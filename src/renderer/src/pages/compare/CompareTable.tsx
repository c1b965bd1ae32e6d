// The frame both comparison tables share: a row per metric, the baseline's column, then two
// columns (value and change) per candidate; each table supplies the cells of a row. A Go
// benchmark's metrics sit under a heading row with its name, one row per unit go test printed.
import { Fragment, type ReactNode } from 'react';
import type { BenchmarkRef } from '../../../../shared/contract';

interface MetricRow {
  key: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower' | null;
  benchmark?: BenchmarkRef;
}

/** Whether side `side` (0 the baseline, 1… the candidates) did not run the metric's benchmark. */
export function notRun(m: MetricRow, side: number): boolean {
  return m.benchmark?.missingFrom.includes(side) ?? false;
}

/** The cell of a side that did not run the benchmark: said, not left as a dash. */
export function NotRunCell({ span = 1 }: { span?: number }) {
  return (
    <td className="num muted" colSpan={span} data-not-run="">
      not run
    </td>
  );
}

/** What a side's columns hold: its value (the baseline has only that) and its change against the baseline. */
export interface SideColumns {
  value: string;
  change: string;
}

export function CompareTable<M extends MetricRow>({ names, metrics, testId, sideColumns, cells }: { names: string[]; metrics: M[]; testId: string; sideColumns: SideColumns; cells: (m: M) => ReactNode }) {
  const columns = 2 + 2 * (names.length - 1);
  return (
    <div className="table-scroll">
      {/* From three sides on the metric names wrap: unwrapped, they took half the page and pushed the runs
          off it (a report of three runs at 1400 px scrolled its third run's change out of view). */}
      <table className={`data-table compact${names.length >= 3 ? ' many-sides' : ''}`} data-testid={testId}>
        <thead>
          <tr>
            <th rowSpan={2}>metric</th>
            <th className="num side-name">
              {names[0]} <span className="muted">(baseline)</span>
            </th>
            {names.slice(1).map((n, i) => (
              <th key={i} className="num side-name" colSpan={2}>
                {n}
              </th>
            ))}
          </tr>
          <tr className="side-columns">
            <th className="num muted small">{sideColumns.value}</th>
            {names.slice(1).map((_, i) => (
              <Fragment key={i}>
                <th className="num muted small">{sideColumns.value}</th>
                <th className="num muted small">{sideColumns.change}</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m, i) => (
            <Fragment key={m.key}>
              {m.benchmark && m.benchmark.title !== metrics[i - 1]?.benchmark?.title && (
                <tr className="bench-heading" data-benchmark-heading={m.benchmark.title}>
                  <th colSpan={columns} scope="rowgroup">
                    <code>{m.benchmark.title}</code>
                    {m.benchmark.missingFrom.length > 0 && <span className="muted small"> · not run by {m.benchmark.missingFrom.map((s) => names[s]).join(', ')}</span>}
                  </th>
                </tr>
              )}
              <tr data-metric={m.key} data-benchmark={m.benchmark?.title}>
                <td className="metric-name" title={m.better ? `${m.better} is better` : 'neither higher nor lower is better: it describes the load'}>
                  {m.benchmark ? m.unit : m.label}
                </td>
                {cells(m)}
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
