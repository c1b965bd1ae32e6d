// Baseline vs candidates, metric by metric, with the relative change coloured by whether it is an
// improvement (throughput up, latency down) or a regression.
import type { ComparedMetric } from '../../../../shared/contract';
import { formatDeltaPercent, formatValue } from '../../format';
import { CompareTable, NotRunCell, notRun } from './CompareTable';

/** Changes smaller than this are shown uncoloured: single runs vary by a few percent anyway. */
const NOISE_PCT = 2;

function deltaClass(metric: ComparedMetric, deltaPct: number | null): string {
  if (deltaPct === null || Math.abs(deltaPct) < NOISE_PCT || metric.better === null) return 'delta-same';
  const improved = metric.better === 'higher' ? deltaPct > 0 : deltaPct < 0;
  return improved ? 'delta-better' : 'delta-worse';
}

export function MetricsTable({ metrics, names }: { metrics: ComparedMetric[]; names: string[] }) {
  return (
    <CompareTable
      names={names}
      metrics={metrics}
      testId="compare-metrics"
      sideColumns={{ value: 'value', change: 'change' }}
      cells={(m) => (
        <>
          {notRun(m, 0) ? <NotRunCell /> : <td className="num">{formatValue(m.baseline, m.unit)}</td>}
          {m.candidates.map((c, i) => (notRun(m, i + 1) ? <NotRunCell key={i} span={2} /> : <Cells key={i} metric={m} value={c.value} deltaPct={c.deltaPct} />))}
        </>
      )}
    />
  );
}

function Cells({ metric, value, deltaPct }: { metric: ComparedMetric; value: number | null; deltaPct: number | null }) {
  return (
    <>
      <td className="num">{formatValue(value, metric.unit)}</td>
      <td className={`num delta ${deltaClass(metric, deltaPct)}`}>{formatDeltaPercent(deltaPct)}</td>
    </>
  );
}
