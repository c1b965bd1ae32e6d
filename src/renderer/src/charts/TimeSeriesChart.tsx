// One chart for every "value over run time" view (live ticks and trace windows): lines, dots or
// stacked areas, optional vertical markers (STW pauses) and highlighted points (latency spikes).
// Ticks come from ./ticks and axes use interval 0 (no label-collision pass): otherwise recharts
// measures tick labels in the DOM, forcing a page layout per label.
import { useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { decadeTicks } from './histogram';
import { niceTicks, timeTickFormatter } from './ticks';

const SPIKE_COLOR = '#d62728';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  /**
   * `dots` for values that are events rather than a level (the longest GC pause of a tick): a line
   * needs two points, so a single pause drawn as a line was invisible.
   */
  mark?: 'line' | 'dots';
}

export interface Marker {
  t: number;
  label: string;
}

interface Props {
  data: Array<Record<string, number | null>>;
  series: SeriesSpec[];
  format: (v: number) => string;
  /** The unit of the y axis, written beside it (e.g. ops/s). */
  unit?: string;
  /** Offer a log scale for the y axis: latencies, whose tail is orders of magnitude above the body. */
  logToggle?: boolean;
  stacked?: boolean;
  markers?: Marker[];
  /** Points drawn as red dots on top (e.g. windows whose p99 spiked), keyed like the data. */
  highlights?: Array<{ t: number; value: number }>;
  highlightLabel?: string;
  height?: number;
  testId?: string;
}

/** The largest value drawn: of the stack's sums when stacked. */
function largestValue(data: Props['data'], series: SeriesSpec[], stacked: boolean): number {
  let max = 0;
  for (const row of data) {
    const values = series.map((s) => row[s.key] ?? 0);
    max = Math.max(max, stacked ? values.reduce((a, b) => a + b, 0) : Math.max(...values));
  }
  return max;
}

/** A log axis has no room for 0 (nothing happened in that tick): such points are left out. */
function positiveOnly(data: Props['data'], series: SeriesSpec[]): Props['data'] {
  return data.map((row) => ({ ...row, ...Object.fromEntries(series.map((s) => [s.key, (row[s.key] ?? 0) > 0 ? row[s.key] : null])) }));
}

export function TimeSeriesChart({ data, series, format, unit, logToggle, stacked = false, markers = [], highlights = [], highlightLabel = 'spike', height = 200, testId }: Props) {
  const [log, setLog] = useState(false);
  const xTicks = useMemo(() => {
    const ts = data.map((row) => row.t ?? 0);
    return niceTicks(Math.min(...ts), Math.max(...ts), 6);
  }, [data]);
  const formatX = useMemo(() => timeTickFormatter(xTicks), [xTicks]);
  const shown = useMemo(() => (log ? positiveOnly(data, series) : data), [data, series, log]);
  const yTicks = useMemo(() => {
    if (!log) return niceTicks(0, largestValue(data, series, stacked) || 1, 4);
    const positive = shown.flatMap((row) => series.map((s) => row[s.key] ?? 0)).filter((v) => v > 0);
    return positive.length > 0 ? decadeTicks(Math.min(...positive), Math.max(...positive)) : [1];
  }, [data, shown, series, stacked, log]);
  const y = { ticks: yTicks, domain: [yTicks[0], yTicks[yTicks.length - 1]] as [number, number] };

  return (
    <div className="chart" data-testid={testId} data-scale={log ? 'log' : 'linear'}>
      {logToggle && (
        <label className="chart-option">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
        </label>
      )}
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={shown} margin={{ top: 8, right: 24, bottom: 4, left: unit ? 12 : 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis interval={0} dataKey="t" type="number" domain={[xTicks[0], xTicks[xTicks.length - 1]]} ticks={xTicks} tickFormatter={formatX} allowDataOverflow />
          <YAxis
            interval={0}
            tickFormatter={format}
            width={64}
            scale={log ? 'log' : 'linear'}
            ticks={y.ticks}
            domain={y.domain}
            allowDataOverflow
            label={unit ? { value: unit, angle: -90, position: 'insideLeft', offset: -6, className: 'axis-unit' } : undefined}
          />
          <Tooltip formatter={(v) => (v === null || v === undefined ? '—' : format(Number(v)))} labelFormatter={(t) => `t = ${Number(t).toFixed(3)} s`} />
          {series.map((s) =>
            stacked ? (
              <Area key={s.key} dataKey={s.key} name={s.label} stackId="1" type="stepAfter" stroke={s.color} fill={s.color} fillOpacity={0.55} isAnimationActive={false} connectNulls />
            ) : s.mark === 'dots' ? (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke="none" dot={{ r: 3, fill: s.color, stroke: s.color }} activeDot={{ r: 4 }} isAnimationActive={false} />
            ) : (
              <Line key={s.key} dataKey={s.key} name={s.label} type="linear" stroke={s.color} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
            ),
          )}
          {highlights.length > 0 && <Scatter data={highlights} dataKey="value" name={highlightLabel} fill={SPIKE_COLOR} isAnimationActive={false} />}
          {markers.map((m, i) => (
            <ReferenceLine key={i} x={m.t} stroke="#d62728" strokeDasharray="2 2" strokeOpacity={0.6} ifOverflow="extendDomain" />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartLegend items={[...series.map((s) => ({ label: s.label, color: s.color })), ...(highlights.length > 0 ? [{ label: highlightLabel, color: SPIKE_COLOR }] : [])]} />
    </div>
  );
}
