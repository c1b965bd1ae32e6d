// An experiment's statistics as chart series: a metric against a grid dimension that varies (the
// first, unless the reader picks another), one series per combination of the others ("concurrency=2 cpu=0.5"; cells overlaid), each point the cell's median with its 95%
// CI as a band. Cells are named as the runner names them: "GOMAXPROCS=2 concurrency=100".
import type { GroupFacts, GroupedMetric, SampleStats } from '../../../shared/contract';
import { cellDimensions } from '../../../shared/cell-name';
import { formatCount, formatValue } from '../format';
import { zeroBasedTicks } from './ticks';

export type Dimensions = Record<string, string>;

export interface ExperimentChartData {
  /** The dimension on the x axis. */
  x: string;
  /** One per combination of the other varying dimensions ("concurrency=2 cpu=0.5"), or the metric's label alone. */
  series: string[];
  /** One row per x value, in numeric order ('default' last): `${series}` median, `${series}:ci` [lo, hi]. */
  rows: Array<Record<string, string | number | [number, number] | null>>;
  /** Each x value as its tick reads: with what ran where the cell's name says only what was asked. */
  xLabels: Record<string, string>;
  /** Each series as its legend reads, in the same way ("go=go1.24.x → go1.24.13"). */
  seriesLabels: Record<string, string>;
}

const order = (a: string, b: string) => (Number.isNaN(Number(a)) ? 1 : 0) - (Number.isNaN(Number(b)) ? 1 : 0) || Number(a) - Number(b) || a.localeCompare(b);

const xsOf = (dims: Dimensions[], x: string): string[] => [...new Set(dims.map((d) => d[x]))];

/** The dimensions the cells vary in, in the order their names give them: the x axes a chart may take. */
export function varyingDimensions(cells: readonly string[]): string[] {
  const dims = cells.map(cellDimensions);
  const names = [...new Set(dims.flatMap((d) => Object.keys(d)))];
  return names.filter((n) => new Set(dims.map((d) => d[n])).size > 1);
}

/** What ran of a dimension, from a cell's facts: releases, GOMAXPROCS and CPU limits in force. */
const RAN: Record<string, (f: Pick<GroupFacts, 'goBuilt' | 'gomaxprocsInForce' | 'cpuLimitInForce'>) => ReadonlyArray<string | number>> = {
  go: (f) => f.goBuilt,
  GOMAXPROCS: (f) => f.gomaxprocsInForce,
  cpu: (f) => f.cpuLimitInForce,
};

/**
 * An x value as its tick reads. A cell named go=go1.24.x or go=local, GOMAXPROCS=default or cpu=1.5
 * says what was asked; the runs say what ran ("go1.24.x → go1.24.13", "default → 2", "1.5 → 0.5" when
 * the scenario set its own limit), from the facts of every cell at that value (two releases when a
 * patch came out between its runs).
 */
export function axisValueText(x: string, value: string, ran: ReadonlyArray<Pick<GroupFacts, 'goBuilt' | 'gomaxprocsInForce' | 'cpuLimitInForce'>>): string {
  const of = RAN[x];
  const inForce = of ? [...new Set(ran.flatMap((f) => of(f).map(String)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  return inForce.length === 0 || (inForce.length === 1 && inForce[0] === value) ? value : `${value} → ${inForce.join(', ')}`;
}

/**
 * The metric against `x` (a varying dimension; the first one when not given or not varying), the
 * other varying dimensions as series. Null when the cells vary in no dimension (nothing to draw against).
 * `ran` (one per cell, when known) names what ran at each x value.
 */
export function experimentChartData(cells: readonly string[], metric: GroupedMetric, preferredX?: string, ran?: readonly GroupFacts[]): ExperimentChartData | null {
  const dims = cells.map(cellDimensions);
  const axes = varyingDimensions(cells);
  if (axes.length === 0) return null;
  const x = preferredX !== undefined && axes.includes(preferredX) ? preferredX : axes[0]!;
  const varying = [x, ...axes.filter((n) => n !== x)];
  // A dimension that follows x adds no series: a host experiment that runs each machine at its own
  // CPU count varies concurrency with the host, and one line per machine would be one point each.
  const followsX = (n: string) => xsOf(dims, x).every((value) => new Set(dims.filter((d) => d[x] === value).map((d) => d[n])).size === 1);
  // Every other dimension that varies names the series: two cells at one x are never one point.
  const seriesBy = varying.slice(1).filter((n) => !followsX(n));
  const stats: SampleStats[] = [metric.baseline, ...metric.candidates.map((c) => c.stats)];
  const seriesOf = (d: Dimensions) => (seriesBy.length > 0 ? seriesBy.map((n) => `${n}=${d[n]}`).join(' ') : metric.label);
  // In the values' order, not the cells' (the baseline first): a line keeps its colour when the reader picks another baseline.
  const byValues = (a: Dimensions, b: Dimensions) => seriesBy.reduce((c, n) => c || order(a[n] ?? '', b[n] ?? ''), 0);
  const series = [...new Set([...dims].sort(byValues).map(seriesOf))];
  const xs = xsOf(dims, x).sort(order);
  const rows = xs.map((value) => {
    const row: ExperimentChartData['rows'][number] = { x: value };
    dims.forEach((d, i) => {
      if (d[x] !== value) return;
      const s = stats[i];
      row[seriesOf(d)] = s.median;
      row[`${seriesOf(d)}:ci`] = s.lo !== null && s.hi !== null ? [s.lo, s.hi] : null;
    });
    return row;
  });
  const valueText = (n: string, value: string) => axisValueText(n, value, ran ? ran.filter((_, i) => dims[i]![n] === value) : []);
  const xLabels = Object.fromEntries(xs.map((value) => [value, valueText(x, value)]));
  const seriesLabels = Object.fromEntries(dims.map((d) => [seriesOf(d), seriesBy.length > 0 ? seriesBy.map((n) => `${n}=${valueText(n, d[n]!)}`).join(' ') : metric.label]));
  return { x, series, rows, xLabels, seriesLabels };
}

/**
 * The y axis's ticks, from 0 to the highest median or CI bound drawn. Chosen here, not by recharts:
 * its 'auto' domain ran an all-zero metric's axis to 4 (ticks.ts says what such data gets instead).
 */
export function yAxisTicks(data: ExperimentChartData, whole = false): number[] {
  const drawn = data.rows.flatMap((row) => data.series.flatMap((s) => [row[s], row[`${s}:ci`]].flat()));
  return zeroBasedTicks(Math.max(0, ...drawn.filter((v): v is number => typeof v === 'number')), 4, whole);
}

/** Units that read best in their own scale on an axis (1.50 ms, 2.00 KiB/op, 25.0%). */
const SCALED_UNIT = /^(s|seconds|ns|nanoseconds|bytes|B)(\/(s|op))?$|^(share|%)$/;

/**
 * Whether a metric counts things (goroutines, GC cycles, pauses): one of the run's own in a unit
 * that is neither a rate nor scaled. Its axis takes whole ticks (a median may still be 1.5); a
 * benchmark's custom unit may hold any fraction.
 */
export function countsThings(metric: Pick<GroupedMetric, 'unit' | 'benchmark'>): boolean {
  return !metric.benchmark && !metric.unit.includes('/') && !SCALED_UNIT.test(metric.unit);
}

/**
 * The y axis's tick labels, one short line each: scaled units as such (a rate's "per op" written
 * along the axis once: "3.00 µs/op" did not fit the axis and wrapped into the chart's title), other
 * counts and rates as bare compact numbers (6.00M) with the unit along the axis (ops/s, goroutines).
 */
export function yAxisLabels(unit: string): { tick: (v: number) => string; axisUnit: string | null } {
  const rate = /^(.+)\/(s|op)$/.exec(unit);
  if (SCALED_UNIT.test(unit) && rate) return { tick: (v) => (v === 0 ? '0' : formatValue(v, rate[1]!)), axisUnit: rate[2] === 'op' ? 'per op' : 'per second' };
  if (SCALED_UNIT.test(unit)) return { tick: (v) => (v === 0 ? '0' : formatValue(v, unit)), axisUnit: null };
  return { tick: formatCount, axisUnit: unit && unit !== 'count' ? unit : null };
}
