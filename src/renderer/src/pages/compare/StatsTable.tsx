// Groups of repetitions metric by metric, as benchstat prints them: each group's median ± 95% CI
// with its run count, and each candidate's verdict against the baseline, coloured only when the
// Mann–Whitney test calls the change significant.
import type { GroupedMetric, SampleStats, StatVerdict } from '../../../../shared/contract';
import { formatValue } from '../../format';
import { CompareTable, NotRunCell, notRun } from './CompareTable';
import { distinctCellNames, VERDICT_CLASS, verdictCell } from './verdict-cell';

function Stats({ stats, unit }: { stats: SampleStats; unit: string }) {
  return (
    <td className="num" title={stats.note ?? (stats.lo !== null ? `95% CI ${formatValue(stats.lo, unit)} … ${formatValue(stats.hi, unit)}` : undefined)}>
      {stats.n === 0 ? '—' : formatValue(stats.median, unit)}
      {/* On a line of its own, so a column is as wide as its number, not number and interval. */}
      <span className="muted small stats-detail">
        {stats.ci && `${stats.ci} `}n={stats.n}
      </span>
    </td>
  );
}

/** The change on one line, the test (or why there is none) under it; benchstat's whole wording on hover. */
function Verdict({ verdict }: { verdict: StatVerdict }) {
  const { headline, detail } = verdictCell(verdict);
  return (
    <td className={`num verdict ${VERDICT_CLASS[verdict.outcome]}`} data-verdict={verdict.outcome} title={verdict.text}>
      {headline}
      <span className="muted small stats-detail">{detail}</span>
    </td>
  );
}

export function StatsTable({ metrics, names }: { metrics: GroupedMetric[]; names: string[] }) {
  const columns = distinctCellNames(names);
  return (
    <>
      {columns.shared.length > 0 && (
        <p className="muted small" data-testid="cells-shared">
          Every cell: {columns.shared.join(' ')}
        </p>
      )}
      <CompareTable
        names={columns.names}
        metrics={metrics}
        testId="cells-metrics"
        sideColumns={{ value: 'median ± 95% CI', change: 'verdict' }}
        cells={(m) => (
          <>
            {notRun(m, 0) ? <NotRunCell /> : <Stats stats={m.baseline} unit={m.unit} />}
            {m.candidates.map((c, i) => [
              notRun(m, i + 1) ? <NotRunCell key={`s${i}`} /> : <Stats key={`s${i}`} stats={c.stats} unit={m.unit} />,
              <Verdict key={`v${i}`} verdict={c.verdict} />,
            ])}
          </>
        )}
      />
    </>
  );
}
