// Goroutine groups and region types of the compared runs side by side: one row per start function
// (or region type) found in any run, one column block per run; a run without that group shows —.
import { distinctGroupLabels, groupLabel, matchGroups, matchRegions } from '../../../../shared/goroutine-groups';
import type { TraceAnalysis } from '../../../../shared/results';
import { formatCount, formatDuration } from '../../format';

/** Rows shown: the groups of the baseline first, then those only the candidates have. */
const MAX_GROUP_ROWS = 30;

function RunHeaders({ row, names, fields }: { row: string; names: string[]; fields: string[] }) {
  return (
    <>
      <tr>
        <th rowSpan={2}>{row}</th>
        {names.map((n, i) => (
          <th key={i} colSpan={fields.length} className="num">
            {n}
            {i === 0 && <span className="muted"> (baseline)</span>}
          </th>
        ))}
      </tr>
      <tr>
        {names.flatMap((_, i) =>
          fields.map((f) => (
            <th key={`${i}-${f}`} className="num">
              {f}
            </th>
          )),
        )}
      </tr>
    </>
  );
}

export function GroupsCompare({ analyses, names }: { analyses: Array<TraceAnalysis | null>; names: string[] }) {
  const groups = matchGroups(analyses, MAX_GROUP_ROWS);
  const labels = distinctGroupLabels(groups.map((row) => row.key));
  const regions = matchRegions(analyses);
  if (groups.length === 0 && regions.length === 0) return <p className="muted">None of these runs has a trace analysed with goroutine groups.</p>;
  return (
    <div data-testid="groups-compare">
      {groups.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="compare-groups">
            <thead>
              <RunHeaders row="start function" names={names} fields={['goroutines', 'execution', 'sched wait', 'wait p99']} />
            </thead>
            <tbody>
              {groups.map((row) => (
                <tr key={row.key} data-group={row.key}>
                  <td title={groupLabel(row.key)}>
                    <code>{labels.get(row.key)}</code>
                  </td>
                  {row.items.flatMap((g, i) => [
                    <td key={`${i}n`} className="num">
                      {g ? formatCount(g.count) : '—'}
                    </td>,
                    <td key={`${i}e`} className="num">
                      {g ? formatDuration(g.exec_s) : '—'}
                    </td>,
                    <td key={`${i}w`} className="num">
                      {g ? formatDuration(g.sched_wait_s) : '—'}
                    </td>,
                    <td key={`${i}p`} className="num">
                      {g ? formatDuration(g.sched_latency.p99) : '—'}
                    </td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {regions.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="compare-regions">
            <thead>
              <RunHeaders row="region type" names={names} fields={['count', 'p50', 'p99', 'wait p99 inside']} />
            </thead>
            <tbody>
              {regions.map((row) => (
                <tr key={row.key} data-region={row.key}>
                  <td>{row.key}</td>
                  {row.items.flatMap((r, i) => [
                    <td key={`${i}n`} className="num">
                      {r ? formatCount(r.count) : '—'}
                    </td>,
                    <td key={`${i}5`} className="num">
                      {r ? formatDuration(r.duration.p50) : '—'}
                    </td>,
                    <td key={`${i}9`} className="num">
                      {r ? formatDuration(r.duration.p99) : '—'}
                    </td>,
                    <td key={`${i}w`} className="num">
                      {r ? formatDuration(r.sched_latency.p99) : '—'}
                    </td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
