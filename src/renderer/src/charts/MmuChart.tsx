// Minimum mutator utilisation against window size (log axis, µs to the trace's length), one line
// per run, as go tool trace plots it: how much of the machine the program is sure to get in any
// window of that size while the GC runs. Series are keyed by index (run labels may contain dots).
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MmuCurve } from '../../../shared/mmu';
import { mmuPercent } from '../../../shared/mmu';
import { formatDuration, formatDurationTick } from '../format';
import { ChartContainer } from './ChartContainer';
import { ChartLegend } from './ChartLegend';
import { decadeTicks } from './histogram';

export interface MmuSeries {
  name: string;
  color: string;
  curve: MmuCurve;
}

export function MmuChart({ series, height = 260 }: { series: MmuSeries[]; height?: number }) {
  const windows = series.flatMap((s) => s.curve.points.map((p) => p.window_s)).filter((w) => w > 0);
  if (windows.length === 0) return <p className="muted">No MMU curve.</p>;
  // From 1 µs to the longest trace: decades inside that range get a label.
  const [lo, hi] = [Math.min(...windows), Math.max(...windows)];
  const ticks = decadeTicks(lo, hi).filter((t) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9));
  return (
    <div className="chart" data-testid="mmu-chart">
      <ChartContainer height={height}>
        <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis interval={0} dataKey="x" type="number" scale="log" domain={[lo, hi]} ticks={ticks} tickFormatter={formatDurationTick} />
          <YAxis interval={0} dataKey="y" type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => mmuPercent(v)} width={56} />
          <Tooltip formatter={(v) => mmuPercent(Number(v))} labelFormatter={(x) => `window ${formatDuration(Number(x))}`} />
          {series.map((s, i) => (
            <Line key={i} data={s.curve.points.map((p) => ({ x: p.window_s, y: p.mmu }))} dataKey="y" name={s.name} type="linear" dot={false} stroke={s.color} strokeWidth={i === 0 ? 2.5 : 1.5} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartContainer>
      <ChartLegend items={series.map((s) => ({ label: s.name, color: s.color }))} />
    </div>
  );
}
