// One metric across a setup's runs, oldest on the left: a dot per run (the open run larger), a
// dotted line where a run did not succeed, a dashed one where a run ran under another Go build,
// GOMAXPROCS, CPU limit or CPU count than the one before. A dot opens its run.
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trend } from '../../../shared/contract';
import { formatTimestamp, formatValue } from '../format';
import { routeHref } from '../routing';
import { ChartContainer } from './ChartContainer';
import { seriesColor } from './palette';
import { trendMarks, trendRows, type TrendRow } from './trend-rows';

const MARK_COLOR = '#888';

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: TrendRow;
}

function RunDot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload || payload.value === null) return null;
  const open = () => {
    window.location.hash = routeHref({ page: 'run', id: payload.id });
  };
  return (
    <circle
      cx={cx} cy={cy} r={payload.current ? 6 : 3.5} fill={payload.current ? seriesColor(1) : seriesColor(0)} stroke="#fff" strokeWidth={1}
      style={{ cursor: 'pointer' }} onClick={open} data-run={payload.id} data-testid="trend-dot"
    >
      <title>{payload.id}</title>
    </circle>
  );
}

export function TrendChart({ trend, metricKey, currentId, height = 240 }: { trend: Trend; metricKey: string; currentId: string; height?: number }) {
  const metric = trend.metrics.find((m) => m.key === metricKey);
  if (!metric) return null;
  const rows = trendRows(trend, metricKey, currentId);
  const fmt = (v: unknown) => formatValue(Number(v), metric.unit);
  // Every run numbered up to 20 of them, then every k-th: recharts' own ticks may fall past the last run.
  const step = Math.max(1, Math.ceil(rows.length / 20));
  const ticks = rows.filter((r) => r.i % step === 0).map((r) => r.i);
  return (
    <div className="chart" data-testid="trend-chart">
      <ChartContainer height={height}>
        <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis dataKey="i" type="number" domain={[-0.5, rows.length - 0.5]} ticks={ticks} interval={0} tickFormatter={(i: number) => String(i + 1)} />
          <YAxis tickFormatter={fmt} width={88} domain={['auto', 'auto']} />
          <Tooltip
            formatter={(v) => [fmt(v), metric.label]}
            labelFormatter={(i) => {
              const p = trend.points[Number(i)];
              return p ? `${p.id} · ${p.startedAt === null ? 'not started' : `started ${formatTimestamp(p.startedAt)}`} · ${p.goBuilt ?? 'Go unknown'}` : '';
            }}
          />
          {trend.points.map((p, i) =>
            // A run that did not succeed has no value: a dotted line where it stands, the open run's in its colour.
            p.state === 'succeeded' ? null : (
              <ReferenceLine key={`state-${i}`} x={i} stroke={p.id === currentId ? seriesColor(1) : MARK_COLOR} strokeWidth={p.id === currentId ? 2 : 1} strokeDasharray="1 3" label={{ value: p.state, position: 'insideBottom', fontSize: 10, fill: MARK_COLOR }} data-testid="trend-unsucceeded" />
            ),
          )}
          {trendMarks(trend.points).map((m) => (
            <ReferenceLine key={m.i} x={m.i - 0.5} stroke={MARK_COLOR} strokeDasharray="4 3" label={{ value: m.label, position: 'insideTopLeft', fontSize: 11, fill: MARK_COLOR }} />
          ))}
          <Line dataKey="value" type="linear" stroke={seriesColor(0)} strokeOpacity={0.5} connectNulls={false} dot={RunDot} activeDot={false} isAnimationActive={false} />
        </LineChart>
      </ChartContainer>
    </div>
  );
}
