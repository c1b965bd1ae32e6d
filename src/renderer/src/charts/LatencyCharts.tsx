// Scheduler-latency distributions: CDF (the share of samples below each latency) and histogram on a
// log time axis, one curve per run, so a single run and an 8-run comparison use the same charts.
// Series are keyed by index, not name: recharts reads a dotted dataKey as a path, and run labels
// may contain dots.
import { useMemo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Histogram } from '../../../shared/domain';
import { formatDuration, formatDurationTick, formatPercent } from '../format';
import { cdfRows, type CdfRow } from './cdf-rows';
import { decadeTicks, positiveRange, toCdf } from './histogram';
import { histogramRows, type HistogramRow } from './histogram-rows';
import { zeroBasedTicks } from './ticks';
import { ChartContainer } from './ChartContainer';
import { ChartLegend } from './ChartLegend';
import { seriesColor } from './palette';
import { Segmented } from '../components/Segmented';

export interface LatencySeries {
  name: string;
  hist: Histogram;
  /** Its own colour (a wait cause's, the same in every run); else the palette's, by position. */
  color?: string;
}

const colorOf = (series: readonly LatencySeries[], i: number): string => series[i]!.color ?? seriesColor(i);

/** The view of the distribution: its body (the share below x), or its tail (the share above x, on a log axis). */
type CdfView = 'cdf' | 'tail';

/**
 * The tail's rows: each curve's share above x, where it is at least half a sample of its series
 * (on a log axis zero has no place, and a share below one sample is the float error of 1 − 1).
 */
function tailRows(rows: CdfRow[], counts: number[]): CdfRow[] {
  return rows.map((row) => {
    const out: CdfRow = { x: row.x };
    counts.forEach((n, i) => {
      const y = row[`s${i}`];
      out[`s${i}`] = y === null || y === undefined || 1 - y < 0.5 / Math.max(n, 1) ? null : 1 - y;
    });
    return out;
  });
}

/** A share of the tail, however small: "10%", "0.1%", "0.0015%" (formatPercent writes 0.00% below 0.005%). */
function tailPercent(v: number): string {
  const p = v * 100;
  return `${p >= 1 ? Number(p.toPrecision(3)) : Number(p.toPrecision(2))}%`;
}

/** Decades from 100% down to the share of one sample of the largest series: 100%, 10%, 1% … (p90, p99 …). */
function tailTicks(counts: number[]): number[] {
  const floor = 10 ** Math.floor(Math.log10(1 / Math.max(...counts, 10)));
  const ticks: number[] = [];
  for (let v = 1; v >= floor * 0.999; v /= 10) ticks.push(v);
  return ticks;
}

/**
 * `of`: what the curves count ("transitions"), for a caption that says the view shown (the share
 * below, or in the tail view above, each latency); none when the caller captions the chart itself.
 */
export function LatencyCdfChart({ series, height = 260, of }: { series: LatencySeries[]; height?: number; of?: string }) {
  const [view, setView] = useState<CdfView>('cdf');
  const rows = useMemo(() => cdfRows(series.map((s) => toCdf(s.hist))), [series]);
  const counts = series.map((s) => s.hist.count);
  const shown = useMemo(() => (view === 'tail' ? tailRows(rows, counts) : rows), [view, rows, counts.join()]);
  const range = positiveRange(series.map((s) => s.hist));
  if (!range) return <p className="muted">No samples.</p>;
  const ticks = decadeTicks(range[0], range[1]);
  const yTicks = view === 'tail' ? tailTicks(counts) : [0, 0.25, 0.5, 0.75, 0.9, 1];
  const chart = (
    <div className="chart" data-testid="latency-cdf" data-view={view}>
      <Segmented<CdfView>
        small
        label="Distribution view"
        options={[
          ['cdf', 'Share below'],
          ['tail', 'Tail: share above (log)'],
        ]}
        value={view}
        onChange={setView}
      />
      <ChartContainer height={height}>
        {/* Room on the right for half the last tick's label ("100ms"), centred on the axis end. */}
        <LineChart data={shown} margin={{ top: 8, right: 28, bottom: 4, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis interval={0} dataKey="x" type="number" scale="log" domain={[ticks[0], ticks[ticks.length - 1]]} ticks={ticks} allowDataOverflow tickFormatter={formatDurationTick} />
          {view === 'tail' ? (
            <YAxis
              interval={0}
              type="number"
              scale="log"
              domain={[yTicks[yTicks.length - 1]!, 1]}
              ticks={yTicks}
              allowDataOverflow
              tickFormatter={tailPercent}
              width={52}
              label={{ value: 'share above x', angle: -90, position: 'insideLeft', offset: -6, className: 'axis-unit' }}
            />
          ) : (
            <YAxis
              interval={0}
              type="number"
              domain={[0, 1]}
              ticks={yTicks}
              tickFormatter={(v: number) => formatPercent(v)}
              width={52}
              label={{ value: 'share below x', angle: -90, position: 'insideLeft', offset: -6, className: 'axis-unit' }}
            />
          )}
          {/* At any curve's bucket bound, every curve's share as drawn there (cdfRows). */}
          <Tooltip
            formatter={(v) => (view === 'tail' ? tailPercent(Number(v)) : formatPercent(Number(v)))}
            labelFormatter={(x) => `${view === 'tail' ? 'above' : 'below'} ${formatDuration(Number(x))}`}
            // In the legend's order, whichever order the curves are drawn in.
            itemSorter={(item) => Number(String(item.dataKey).slice(1))}
          />
          {/* Straight segments: the rise is drawn across the bucket that holds it (toCdf). The first
              series is drawn last, on top: a curve that another one covers (the program's goroutines'
              under every goroutine's, when the runtime's own hardly waited) stays in sight. */}
          {[...series.keys()].reverse().map((i) => (
            <Line key={i} dataKey={`s${i}`} name={series[i]!.name} type="linear" dot={false} stroke={colorOf(series, i)} strokeWidth={i === 0 ? 2.5 : 1.5} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartContainer>
      <ChartLegend items={series.map((s, i) => ({ label: s.name, color: colorOf(series, i) }))} />
    </div>
  );
  if (!of) return chart;
  return (
    <figure>
      <figcaption>{view === 'tail' ? `Tail: share of ${of} above each latency (log axes)` : `CDF: share of ${of} below each latency (log time axis)`}</figcaption>
      {chart}
    </figure>
  );
}

/** Above this many runs, grouped bars get too thin to read: each run becomes a step outline. */
const MAX_BAR_SERIES = 2;

/**
 * Shares of samples per log-spaced latency bin; the x axis is logarithmic (equal width per bin), its
 * decade ticks on bin edges. One or two runs draw as bars, more as overlaid step outlines (also far
 * fewer SVG elements).
 */
export function LatencyHistogramChart({ series, height = 240 }: { series: LatencySeries[]; height?: number }) {
  const outline = series.length > MAX_BAR_SERIES;
  const data = useMemo(() => histogramRows(series.map((s) => s.hist), outline), [series, outline]);
  // Round shares (0, 10, 20, 30%), not recharts' quarters of the largest bar (6.5, 13, 19.5, 26%).
  const yTicks = useMemo(() => zeroBasedTicks(Math.max(0, ...data.flatMap((row) => series.map((_, i) => row[`s${i}`]))), 4), [data, series]);
  if (data.length === 0) return <p className="muted">No samples.</p>;
  const domain: [number, number] = [data[0].lo, data[data.length - 1].hi];
  // Decades inside the bins' span; the slack keeps one that is an edge but not exactly in floating point.
  const xTicks = decadeTicks(domain[0], domain[1]).filter((t) => t >= domain[0] * 0.999 && t <= domain[1] * 1.001);
  return (
    <div className="chart" data-testid="latency-histogram">
      <ChartContainer height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} barCategoryGap={1} barGap={0}>
          <CartesianGrid strokeDasharray="3 3" className="grid" vertical={false} />
          <XAxis interval={0} dataKey="x" type="number" scale="log" domain={domain} ticks={xTicks} allowDataOverflow tickFormatter={formatDurationTick} />
          <YAxis interval={0} tickFormatter={(v: number) => formatPercent(v)} width={52} ticks={yTicks} domain={[0, yTicks.at(-1)!]} />
          <Tooltip
            formatter={(v, _name, item) => {
              const row = item.payload as HistogramRow;
              const i = String(item.dataKey).slice(1);
              const upTo = row[`upTo${i}`];
              // A bucket that starts at 0 is drawn in the bin of its upper bound: a log axis cannot place it.
              return upTo === undefined ? formatPercent(Number(v)) : `${formatPercent(Number(v))} (${formatPercent(row[`from0Share${i}`]!)} anywhere from 0 to ${formatDuration(upTo)}: the metric's lowest bucket)`;
            }}
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as HistogramRow | undefined;
              return row ? `${formatDuration(row.lo)} – ${formatDuration(row.hi)}` : '';
            }}
          />
          {series.map((s, i) =>
            outline ? (
              // Steps halfway between rows: on the bin edges (histogramRows).
              <Line key={i} dataKey={`s${i}`} name={s.name} type="step" dot={false} stroke={seriesColor(i)} strokeWidth={i === 0 ? 2.5 : 1.5} isAnimationActive={false} />
            ) : (
              <Bar key={i} dataKey={`s${i}`} name={s.name} fill={seriesColor(i)} fillOpacity={series.length > 1 ? 0.75 : 1} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ChartContainer>
      <ChartLegend items={series.map((s, i) => ({ label: s.name, color: seriesColor(i) }))} />
      {series.map((s, i) => {
        const row = data.find((r) => r[`upTo${i}`] !== undefined);
        return row ? (
          <p key={i} className="muted small" data-testid="histogram-from-zero">
            {s.name}: {formatPercent(row[`from0Share${i}`]!)} of its samples are in a bucket from 0 to {formatDuration(row[`upTo${i}`]!)}, drawn in the bin of that bound, as a log axis cannot place them.
          </p>
        ) : null;
      })}
    </div>
  );
}
