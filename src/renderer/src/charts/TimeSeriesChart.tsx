// One chart for every "value over run time" view (live ticks and trace windows): lines or stacked
// areas, optional vertical markers (STW pauses) and highlighted points (latency spikes). Axes here
// and in the other charts use interval 0 (no label-collision pass): otherwise recharts measures tick
// labels in the DOM, forcing a page layout per label.
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { formatDurationTick } from '../format';

const SPIKE_COLOR = '#d62728';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  /** 'right': drawn against a second y axis, for a quantity of another scale on the same time axis. */
  axis?: 'right';
}

export interface Marker {
  t: number;
  label: string;
}

interface Props {
  data: Array<Record<string, number | null>>;
  series: SeriesSpec[];
  format: (v: number) => string;
  stacked?: boolean;
  markers?: Marker[];
  /** Points drawn as red dots on top (e.g. windows whose p99 spiked), keyed like the data. */
  highlights?: Array<{ t: number; value: number }>;
  highlightLabel?: string;
  /** The axis the highlighted points' values belong to. */
  highlightAxis?: 'right';
  height?: number;
  testId?: string;
}

export function TimeSeriesChart({ data, series, format, stacked, markers = [], highlights = [], highlightLabel = 'spike', highlightAxis, height = 200, testId }: Props) {
  return (
    <div className="chart" data-testid={testId}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis interval={0} dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatDurationTick} />
          <YAxis yAxisId="left" interval={0} tickFormatter={format} width={64} domain={[0, 'auto']} />
          {series.some((s) => s.axis === 'right') && <YAxis yAxisId="right" orientation="right" interval={0} tickFormatter={format} width={64} domain={[0, 'auto']} />}
          <Tooltip formatter={(v) => (v === null || v === undefined ? '—' : format(Number(v)))} labelFormatter={(t) => `t = ${Number(t).toFixed(2)} s`} />
          {series.map((s) =>
            stacked ? (
              <Area key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} stackId="1" type="stepAfter" stroke={s.color} fill={s.color} fillOpacity={0.55} isAnimationActive={false} connectNulls />
            ) : (
              <Line key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} type="linear" stroke={s.color} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
            ),
          )}
          {highlights.length > 0 && <Scatter yAxisId={highlightAxis ?? 'left'} data={highlights} dataKey="value" name={highlightLabel} fill={SPIKE_COLOR} isAnimationActive={false} />}
          {markers.map((m, i) => (
            <ReferenceLine key={i} yAxisId="left" x={m.t} stroke="#d62728" strokeDasharray="2 2" strokeOpacity={0.6} ifOverflow="extendDomain" />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartLegend items={[...series.map((s) => ({ label: s.label, color: s.color })), ...(highlights.length > 0 ? [{ label: highlightLabel, color: SPIKE_COLOR }] : [])]} />
    </div>
  );
}
