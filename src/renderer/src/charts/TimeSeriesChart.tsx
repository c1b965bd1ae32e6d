// One chart for every "value over run time" view (live ticks and trace windows): lines, dots or
// stacked areas, optional vertical markers (STW pauses, each named in the tooltip when the pointer
// is on it) and highlighted points (latency spikes).
// A second y axis on the right carries a quantity of another scale. Ticks come from ./ticks and
// axes use interval 0 (no label-collision pass): otherwise recharts
// measures tick labels in the DOM, forcing a page layout per label.
import { useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, DefaultTooltipContent, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartContainer } from './ChartContainer';
import { ChartLegend } from './ChartLegend';
import { decadeTicks } from './histogram';
import { rowAt, rowEnd } from './interval-rows';
import { niceTicks, timeTickFormatter, zeroBasedTicks } from './ticks';
import { useIntervalPointer } from './use-interval-pointer';

const SPIKE_COLOR = '#d62728';
/**
 * Stop-the-world lines are grey: the red of spikes is also the runnable goroutines' and the p99's,
 * and hundreds of red lines (a GC-heavy run stops the world 600 times) hid them.
 */
const MARKER_COLOR = '#7f7f7f';
/** More markers than this fade further. */
const DENSE_MARKERS = 100;

/** The width of a y axis, with its tick labels: the same on every chart. */
const Y_AXIS_WIDTH = 64;

/**
 * Room left of the y axis for the unit written beside it (ops/s), kept on every chart, unit or not:
 * stacked charts of run time then start their plots at the same x, so one moment is at one x down
 * the page (a chart with a unit began its plot 12 px right of those without).
 */
const UNIT_MARGIN = 12;

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  /**
   * `dots` for values that are events rather than a level (the longest GC pause of a tick): a line
   * needs two points, so a single pause drawn as a line was invisible.
   */
  mark?: 'line' | 'dots';
  /** 'right': drawn against a second y axis, for a quantity of another scale on the same time axis. */
  axis?: 'right';
  /** A dashed line, over one that can hold the same values: where they are equal, the one under shows through. */
  dashed?: boolean;
}

export interface Marker {
  t: number;
  /** What the tooltip says of it when the pointer is on it: what happened, how long, when. */
  label: string;
  /**
   * A marker of another kind than the pauses (a GOMAXPROCS change): a solid line of its colour, named
   * in the legend. Without it: a grey dashed line.
   */
  kind?: { color: string; legend: string };
}

/** The most markers the tooltip names at once (a busy GC puts dozens on a few pixels); the rest are counted. */
const MARKERS_LISTED = 5;

/** The key the tooltip's marker lines take: not a series. */
const MARKER = 'marker';

/** The tooltip's lines for the markers under the pointer, in time order: each its label, as written (not a value to format). */
function markerItems(under: readonly Marker[]) {
  const named = under.slice(0, MARKERS_LISTED).map((m) => ({ label: m.label, color: m.kind?.color ?? MARKER_COLOR }));
  const lines = under.length > MARKERS_LISTED ? [...named, { label: `and ${under.length - MARKERS_LISTED} more here`, color: MARKER_COLOR }] : named;
  return lines.map(({ label, color }, k) => ({ value: label, color, dataKey: `${MARKER}${k}`, graphicalItemId: `${MARKER}${k}`, formatter: (v: unknown) => String(v) }));
}

/** The kinds of marker among `markers`, each once, for the legend. */
function markerKinds(markers: readonly Marker[]): Array<{ color: string; legend: string }> {
  const kinds = new Map<string, { color: string; legend: string }>();
  for (const m of markers) if (m.kind) kinds.set(m.kind.legend, m.kind);
  return [...kinds.values()];
}

interface Props {
  data: Array<Record<string, number | null>>;
  series: SeriesSpec[];
  format: (v: number) => string;
  /** The unit of the y axis, written beside it (e.g. ops/s). */
  unit?: string;
  /** The values count things (goroutines): whole ticks on a linear axis. */
  whole?: boolean;
  /** Offer a log scale for the y axis: latencies, whose tail is orders of magnitude above the body. */
  logToggle?: boolean;
  stacked?: boolean;
  markers?: Marker[];
  /** Where the time axis ends when points are the starts of intervals (trace windows): the last one's end. */
  xEnd?: number;
  /** Points drawn as red dots on top (e.g. windows whose p99 spiked), keyed like the data. */
  highlights?: Array<{ t: number; value: number }>;
  highlightLabel?: string;
  /** The axis the highlighted points' values belong to. */
  highlightAxis?: 'right';
  height?: number;
  testId?: string;
  /** Called with a highlighted point's t when it is clicked (a spike opens its drill-down). */
  onHighlightClick?: (t: number) => void;
  /** Called with the span brushed by dragging across the chart: the start of the first interval crossed, the end of the last. */
  onBrush?: (from: number, to: number) => void;
  /** The tooltip's title for the interval from..to (default "0.500–0.600 s"): what a row of these data stands for. */
  pointLabel?: (from: number, to: number) => string;
  /**
   * What to say instead of a chart when no series has a value in any row (no GC paused the program):
   * axes around nothing would invent a scale for it (0–1.00 s) and read as a measurement.
   */
  empty?: string;
}

/**
 * The key the highlighted points take in the chart's rows. They are drawn from the chart's own data,
 * not as a series with data of its own: recharts then finds the point under the pointer among both
 * lists as if they were one sorted axis, and the tooltip and brush read the first window wherever
 * the pointer is.
 */
const HIGHLIGHT = 'highlighted';

/** The rows with each highlighted value on the row of its t (a row of its own where none has that t). */
function withHighlights(rows: Props['data'], highlights: NonNullable<Props['highlights']>): Props['data'] {
  if (highlights.length === 0) return rows;
  const byT = new Map(highlights.map((h) => [h.t, h.value]));
  const merged = rows.map((row) => (byT.has(row.t ?? NaN) ? { ...row, [HIGHLIGHT]: byT.get(row.t ?? NaN)! } : row));
  const onRows = new Set(rows.map((row) => row.t));
  const alone = highlights.filter((h) => !onRows.has(h.t)).map((h) => ({ t: h.t, [HIGHLIGHT]: h.value }));
  return alone.length === 0 ? merged : [...merged, ...alone].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
}

/**
 * Where a row is drawn: a stacked chart's steps from its interval's start, a line's or a dot's point
 * in its interval's middle, where the pointer over it finds that interval (at the start it lay on
 * the border with the one before: half a spike's dot read as the window before it).
 */
const X = 'drawnAt';

/** The middle of the interval of the row starting at t (a row of its own, such as a lone highlight, at t). */
function middleOf(rows: Props['data'], t: number, end: number | undefined): number {
  const i = rowAt(rows, t);
  return i >= 0 && rows[i]!.t === t ? (t + rowEnd(rows, i, end)) / 2 : t;
}

type DotProps = { index: number; cx?: number; cy?: number };

/** A line's point with no value on either side: a line needs two points to draw one, so it is a dot. */
function isolatedDot(drawn: Props['data'], key: string, color: string) {
  const has = (i: number) => drawn[i]?.[key] !== null && drawn[i]?.[key] !== undefined;
  return ({ index, cx, cy }: DotProps) =>
    cx === undefined || cy === undefined || !has(index) || has(index - 1) || has(index + 1) ? <g key={index} /> : <circle key={index} className="isolated-dot" cx={cx} cy={cy} r={2.5} fill={color} />;
}

/** Whether any row holds a value of any series (a 0 is a value: a flat line on the floor says it). */
function hasValues(data: Props['data'], series: SeriesSpec[]): boolean {
  return data.some((row) => series.some((s) => row[s.key] !== null && row[s.key] !== undefined));
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

/** The ticks of one y axis: round ones from 0 (linear), or decades of the positive values (log). */
function axisTicks(data: Props['data'], shown: Props['data'], series: SeriesSpec[], extra: number[], stacked: boolean, log: boolean, whole: boolean): number[] {
  if (!log) return zeroBasedTicks(Math.max(largestValue(data, series, stacked), ...extra), 4, whole);
  const positive = [...shown.flatMap((row) => series.map((s) => row[s.key] ?? 0)), ...extra].filter((v) => v > 0);
  return positive.length > 0 ? decadeTicks(Math.min(...positive), Math.max(...positive)) : [1];
}

export function TimeSeriesChart({ data, series, format, unit, whole = false, logToggle, stacked = false, markers = [], xEnd, highlights = [], highlightLabel = 'spike', highlightAxis, height = 200, testId, onHighlightClick, onBrush, pointLabel = (from, to) => `${from.toFixed(3)}–${to.toFixed(3)} s`, empty = 'Nothing was measured in these intervals.' }: Props) {
  const [log, setLog] = useState(false);
  // The axis spans what is drawn, no further: a 3.05 s run ends at 3.05 s, not at a rounder 3.5 s.
  const [xDomain, xTicks] = useMemo(() => {
    const ts = [...data.map((row) => row.t ?? 0), ...markers.map((m) => m.t), ...(xEnd === undefined ? [] : [xEnd])];
    const [first, last] = [Math.min(...ts), Math.max(...ts)];
    const slack = (last - first) * 1e-9;
    return [[first, last] as [number, number], niceTicks(first, last, 6).filter((t) => t >= first - slack && t <= last + slack)];
  }, [data, markers, xEnd]);
  const formatX = useMemo(() => timeTickFormatter(xTicks), [xTicks]);
  const rows = useMemo(() => (log ? positiveOnly(data, series) : data), [data, series, log]);
  const shown = useMemo(() => {
    const drawn = withHighlights(rows, highlights);
    if (!stacked) return drawn.map((row) => ({ ...row, [X]: middleOf(rows, row.t ?? 0, xEnd) }));
    // A step holds its value until the next point: the last window's step needs a point at the
    // end (xEnd) too, or it is drawn with no width however long that window was.
    const last = drawn[drawn.length - 1];
    const steps = drawn.map((row) => ({ ...row, [X]: row.t }));
    return last && xEnd !== undefined && (last.t ?? 0) < xEnd ? [...steps, { ...last, t: xEnd, [X]: xEnd }] : steps;
  }, [rows, highlights, stacked, xEnd]);
  const byTime = useMemo(() => [...markers].sort((a, b) => a.t - b.t), [markers]);
  const markerTimes = useMemo(() => byTime.map((m) => m.t), [byTime]);
  // Hundreds of lines (a GC-heavy run's pauses) fade so that the series stay readable through them.
  const restingOpacity = byTime.length > DENSE_MARKERS ? 0.25 : 0.6;
  const pointer = useIntervalPointer(rows, xDomain, xEnd, onBrush, markerTimes);
  const under = pointer.hoverMarkers;
  const highlighted = useMemo(() => new Map(highlights.map((h) => [h.t, h.value])), [highlights]);
  const [left, right] = useMemo(() => {
    const onRight = series.filter((s) => s.axis === 'right');
    const onLeft = series.filter((s) => s.axis !== 'right');
    const spikes = highlights.map((h) => h.value);
    const ticks = (on: SeriesSpec[], extra: number[]) => {
      const t = axisTicks(data, shown, on, extra, stacked, log, whole);
      return { ticks: t, domain: [t[0], t[t.length - 1]] as [number, number] };
    };
    return [ticks(onLeft, highlightAxis === 'right' ? [] : spikes), onRight.length > 0 ? ticks(onRight, highlightAxis === 'right' ? spikes : []) : null];
  }, [data, shown, series, highlights, highlightAxis, stacked, log, whole]);
  const nothing = useMemo(() => highlights.length === 0 && !hasValues(data, series), [data, series, highlights]);

  if (nothing)
    return (
      <div className="chart chart-empty" data-testid={testId} data-empty="">
        <p className="muted">{empty}</p>
      </div>
    );
  return (
    <div className="chart" data-testid={testId} data-scale={log ? 'log' : 'linear'}>
      {logToggle && (
        <label className="chart-option">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
        </label>
      )}
      <div ref={pointer.box} className="chart-plot" data-pointer-row={pointer.hoverRow ?? undefined} {...pointer.handlers}>
        <ChartContainer height={height}>
          <ComposedChart data={shown} margin={{ top: 8, right: 24, bottom: 4, left: UNIT_MARGIN }}>
            <CartesianGrid strokeDasharray="3 3" className="grid" />
            <XAxis interval={0} dataKey={X} type="number" domain={xDomain} ticks={xTicks} tickFormatter={formatX} allowDataOverflow />
            <YAxis
              yAxisId="left"
              interval={0}
              tickFormatter={format}
              width={Y_AXIS_WIDTH}
              scale={log ? 'log' : 'linear'}
              ticks={left.ticks}
              domain={left.domain}
              allowDataOverflow
              label={unit ? { value: unit, angle: -90, position: 'insideLeft', offset: -6, className: 'axis-unit' } : undefined}
            />
            {right && <YAxis yAxisId="right" orientation="right" interval={0} tickFormatter={format} width={Y_AXIS_WIDTH} scale={log ? 'log' : 'linear'} ticks={right.ticks} domain={right.domain} allowDataOverflow />}
            <Tooltip
              // The row of the interval under the pointer, not recharts' nearest point (interval-rows.ts).
              content={({ active }) => {
                const i = active ? pointer.hoverRow : null;
                if (i === null || !rows[i]) return null;
                const row = rows[i]!;
                const t = row.t ?? 0;
                const values = series.filter((s) => row[s.key] !== null && row[s.key] !== undefined).map((s) => ({ name: s.label, value: row[s.key]!, color: s.color, dataKey: s.key, graphicalItemId: s.key }));
                const spike = highlighted.get(t);
                const spiked = spike === undefined ? values : [...values, { name: highlightLabel, value: spike, color: SPIKE_COLOR, dataKey: HIGHLIGHT, graphicalItemId: HIGHLIGHT }];
                const payload = under ? [...spiked, ...markerItems(byTime.slice(under.from, under.to))] : spiked;
                return <DefaultTooltipContent payload={payload} label={pointLabel(t, rowEnd(rows, i, xEnd))} formatter={(v) => format(Number(v))} />;
              }}
            />
            {series.map((s) =>
              stacked ? (
                <Area key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} stackId="1" type="stepAfter" stroke={s.color} fill={s.color} fillOpacity={0.55} isAnimationActive={false} connectNulls />
              ) : s.mark === 'dots' ? (
                <Line key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} stroke="none" dot={{ r: 3, fill: s.color, stroke: s.color }} activeDot={{ r: 4 }} isAnimationActive={false} />
              ) : (
                // Not joined across intervals without a value: a line through them drew values nothing measured.
                <Line key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} type="linear" stroke={s.color} strokeDasharray={s.dashed ? '6 4' : undefined} dot={isolatedDot(shown, s.key, s.color)} strokeWidth={1.5} isAnimationActive={false} />
              ),
            )}
            {highlights.length > 0 && (
              <Line
                yAxisId={highlightAxis ?? 'left'}
                className="highlights"
                dataKey={HIGHLIGHT}
                name={highlightLabel}
                stroke="none"
                isAnimationActive={false}
                activeDot={false}
                dot={(dot: { cx?: number; cy?: number; value?: unknown; payload?: { t?: number }; index: number }) =>
                  dot.value === null || dot.value === undefined || dot.cx === undefined || dot.cy === undefined ? (
                    <g key={dot.index} />
                  ) : (
                    <circle
                      key={dot.index}
                      className="highlight-dot"
                      data-testid="highlight-dot"
                      cx={dot.cx}
                      cy={dot.cy}
                      r={4}
                      fill={SPIKE_COLOR}
                      cursor={onHighlightClick ? 'pointer' : undefined}
                      onClick={onHighlightClick && dot.payload?.t !== undefined ? () => onHighlightClick(dot.payload!.t!) : undefined}
                    />
                  )
                }
              />
            )}
            {pointer.brush && <ReferenceArea yAxisId="left" x1={pointer.brush.from} x2={pointer.brush.to} fillOpacity={0.15} />}
            {byTime.map((m, i) => {
              // The markers the tooltip names are drawn out: which of the lines it means.
              const named = under !== null && under.from <= i && i < under.to;
              if (m.kind) return <ReferenceLine key={i} yAxisId="left" x={m.t} stroke={m.kind.color} strokeOpacity={named ? 1 : restingOpacity} strokeWidth={named ? 3 : 1.5} ifOverflow="extendDomain" />;
              return <ReferenceLine key={i} yAxisId="left" x={m.t} stroke={MARKER_COLOR} strokeDasharray="2 2" strokeOpacity={named ? 1 : restingOpacity} strokeWidth={named ? 2 : 1} ifOverflow="extendDomain" />;
            })}
          </ComposedChart>
        </ChartContainer>
      </div>
      <ChartLegend items={[...series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed })), ...(highlights.length > 0 ? [{ label: highlightLabel, color: SPIKE_COLOR }] : []), ...markerKinds(markers).map((k) => ({ label: k.legend, color: k.color }))]} />
    </div>
  );
}
