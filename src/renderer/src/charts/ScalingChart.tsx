import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatDuration } from '../format';
import { ChartContainer } from './ChartContainer';
import { ChartLegend } from './ChartLegend';
import { seriesColor } from './palette';
import type { ScalingPoint } from './scaling';

/** Throughput (left axis) and scheduler-latency p99 (right axis, from one source) against GOMAXPROCS. */
export function ScalingChart({ points, schedSource }: { points: ScalingPoint[]; schedSource: 'exact' | 'sampled' }) {
  const sched = `sched p99 (${schedSource})`;
  return (
    <div className="chart" data-testid="scaling-chart">
      <ChartContainer height={240}>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis interval={0} dataKey="gomaxprocs" type="number" domain={['dataMin', 'dataMax']} ticks={points.map((p) => p.gomaxprocs)} label={{ value: 'GOMAXPROCS', position: 'insideBottomRight', offset: -2 }} />
          <YAxis interval={0} yAxisId="ops" tickFormatter={formatCount} width={56} />
          <YAxis interval={0} yAxisId="lat" orientation="right" tickFormatter={formatDuration} width={64} />
          <Tooltip
            formatter={(v, name) => (name === sched ? formatDuration(Number(v)) : `${formatCount(Number(v))} ops/s`)}
            labelFormatter={(p) => {
              const runs = points.find((x) => x.gomaxprocs === p)?.runs ?? 0;
              return `GOMAXPROCS ${p}${runs > 1 ? ` · median of ${runs} runs` : ''}`;
            }}
          />
          <Line yAxisId="ops" dataKey="opsPerSec" name="ops/s" stroke={seriesColor(0)} strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="lat" dataKey="schedP99" name={sched} stroke={seriesColor(1)} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ChartContainer>
      <ChartLegend
        items={[
          { label: 'ops/s (left axis)', color: seriesColor(0) },
          { label: `${sched}, right axis`, color: seriesColor(1) },
        ]}
      />
    </div>
  );
}
