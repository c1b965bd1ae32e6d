// An experiment at a glance: each metric against the grid's varying dimension, the cells of the
// other dimension overlaid, medians as lines and their 95% CIs as bands (where a cell has the
// runs for one). Series are read by function, not by dataKey string: recharts reads dots as paths.
import { useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupFacts, GroupedMetric } from '../../../shared/contract';
import { MIN_CI_SAMPLES } from '../../../shared/repetitions';
import { formatValue } from '../format';
import { ChartContainer } from './ChartContainer';
import { ChartLegend } from './ChartLegend';
import { countsThings, experimentChartData, varyingDimensions, yAxisLabels, yAxisTicks } from './experiment-series';
import { decadeTicks } from './histogram';
import { seriesColor } from './palette';

type Row = Record<string, unknown>;

/** The positive values a chart draws, medians and CI bounds alike: on a log axis only those have a place. */
function positiveRange(rows: readonly Row[], series: readonly string[]): [number, number] | null {
  const values = rows.flatMap((row) => series.flatMap((s) => [row[s], ...((row[`${s}:ci`] as number[] | undefined) ?? [])])).filter((v): v is number => typeof v === 'number' && v > 0);
  return values.length ? [Math.min(...values), Math.max(...values)] : null;
}

/** On a log axis a value ≤ 0 has no place: not drawn. */
const onLog = (v: unknown): unknown => (Array.isArray(v) ? (v.every((b) => typeof b === 'number' && b > 0) ? v : null) : typeof v === 'number' && v > 0 ? v : null);

function MetricChart({ cells, metric, x, ran }: { cells: readonly string[]; metric: GroupedMetric; x: string | undefined; ran: readonly GroupFacts[] }) {
  const data = useMemo(() => experimentChartData(cells, metric, x, ran), [cells, metric, x, ran]);
  const ticks = useMemo(() => (data ? yAxisTicks(data, countsThings(metric)) : []), [data, metric]);
  // Cells that differ by orders of magnitude (46 against 806k ops/s) leave the small ones on the axis.
  const [log, setLog] = useState(false);
  const range = useMemo(() => (data ? positiveRange(data.rows, data.series) : null), [data]);
  if (!data) return null;
  const logTicks = range ? decadeTicks(range[0], range[1]) : [];
  const logScale = log && logTicks.length > 0;
  const drawn = (v: unknown): unknown => (logScale ? onLog(v) : v);
  const format = (v: number) => formatValue(v, metric.unit);
  const { tick, axisUnit } = yAxisLabels(metric.unit);
  return (
    <figure data-testid="experiment-chart" data-metric={metric.key}>
      <figcaption>
        {metric.label} against {data.x} <span className="muted">(median; band: 95% CI where a cell has ≥ {MIN_CI_SAMPLES} runs)</span>
      </figcaption>
      <div className="chart" data-scale={logScale ? 'log' : 'linear'}>
        <label className="chart-option">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
        </label>
        <ChartContainer height={200}>
          <ComposedChart data={data.rows} margin={{ top: 8, right: 24, bottom: 4, left: axisUnit ? 12 : 0 }}>
            <CartesianGrid strokeDasharray="3 3" className="grid" />
            {/* The caption names the axis: a label inside the plot sat on the last tick's value. */}
            {/* Room at both ends for a centred label as long as "local → go1.26.8": the last one was clipped. */}
            <XAxis dataKey="x" type="category" interval={0} padding={{ left: 56, right: 56 }} tickFormatter={(v: string) => data.xLabels[v] ?? v} />
            <YAxis
              interval={0}
              tickFormatter={tick}
              width={72}
              scale={logScale ? 'log' : 'auto'}
              allowDataOverflow={logScale}
              ticks={logScale ? logTicks : ticks}
              domain={logScale ? [logTicks[0]!, logTicks.at(-1)!] : [0, ticks.at(-1)!]}
              label={axisUnit ? { value: axisUnit, angle: -90, position: 'insideLeft', offset: -6, className: 'axis-unit' } : undefined}
            />
            <Tooltip labelFormatter={(v) => `${data.x}=${data.xLabels[String(v)] ?? v}`} formatter={(v) => (Array.isArray(v) ? v.map((x) => format(Number(x))).join(' … ') : format(Number(v)))} />
            {data.series.map((s, i) => (
              <Area key={`${s}:ci`} dataKey={(row: Row) => drawn(row[`${s}:ci`])} name={`${data.seriesLabels[s] ?? s} 95% CI`} stroke="none" fill={seriesColor(i)} fillOpacity={0.2} isAnimationActive={false} connectNulls />
            ))}
            {data.series.map((s, i) => (
              <Line key={s} dataKey={(row: Row) => drawn(row[s])} name={data.seriesLabels[s] ?? s} stroke={seriesColor(i)} strokeWidth={2} dot={{ r: 3, fill: seriesColor(i) }} isAnimationActive={false} connectNulls />
            ))}
          </ComposedChart>
        </ChartContainer>
        <ChartLegend items={data.series.map((s, i) => ({ label: data.seriesLabels[s] ?? s, color: seriesColor(i) }))} />
      </div>
    </figure>
  );
}

/** `ran`: each cell's facts, in the cells' order (what ran where a cell's name says what was asked). */
export function ExperimentCharts({ cells, metrics, ran }: { cells: readonly string[]; metrics: GroupedMetric[]; ran: readonly GroupFacts[] }) {
  const axes = useMemo(() => varyingDimensions(cells), [cells]);
  const [x, setX] = useState<string | undefined>(undefined);
  return (
    <>
      {axes.length > 1 && (
        <label className="chart-axis-picker">
          Against{' '}
          <select value={x ?? axes[0]} onChange={(e) => setX(e.target.value)} data-testid="experiment-x">
            {axes.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>{' '}
          <span className="muted small">(the other dimensions are the lines)</span>
        </label>
      )}
      <div className="chart-grid">
        {metrics.map((m) => (
          <MetricChart key={m.key} cells={cells} metric={m} x={x} ran={ran} />
        ))}
      </div>
    </>
  );
}
