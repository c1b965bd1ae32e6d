// Maths on the runtime's sparse time histograms (PROTOCOL.md §2.1): the CDF's polyline, bucket quantiles,
// re-binning onto a shared log scale (so several runs overlay bin for bin), and summing tick deltas.
import type { Histogram } from '../../../shared/domain';

export type Bin = Histogram['bins'][number];

/** Where a bin sits on a log axis: its upper bound, or its lower bound when the upper is +Inf. */
function binPosition([lo, hi]: Bin): number | null {
  if (hi !== null && hi > 0) return hi;
  if (lo !== null && lo > 0) return lo;
  return null;
}

export interface CdfPoint {
  /** Latency in seconds: a bucket bound. */
  x: number;
  /** Fraction of samples below x (strictly), 0..1: what a bucketed histogram knows exactly. */
  y: number;
}

/**
 * The empirical CDF as a polyline through both bounds of every non-empty bucket, for straight
 * segments: at each bound the fraction of samples below it (exact), and the rise across the bucket
 * [lo, hi) that holds the samples, so the curve crosses a quantile inside the bucket where the
 * quantile lies (a step at hi would cross it one bucket late: with every sample of [128 ns, 192 ns)
 * at 128 ns, a median of 128 ns read as 192 ns). Empty ranges between buckets stay flat.
 * Samples below the first positive bound (the zero and negative buckets) are in its value, as a log
 * axis cannot show where they lie; those of an unbounded last bucket are beyond the curve's end,
 * which then stays below 1 rather than claim them below its lower bound.
 */
export function toCdf(hist: Histogram): CdfPoint[] {
  const total = hist.bins.reduce((s, b) => s + b[2], 0);
  if (total === 0) return [];
  const points: CdfPoint[] = [];
  const at = (x: number | null, below: number) => {
    if (x === null || x <= 0) return;
    const last = points[points.length - 1];
    if (last && last.x === x) last.y = below / total;
    else points.push({ x, y: below / total });
  };
  let below = 0;
  for (const [lo, hi, n] of hist.bins) {
    if (n === 0) continue;
    at(lo, below);
    below += n;
    at(hi, below);
  }
  return points;
}

/**
 * The q-quantile (0..1) as the runtime's readers report it: the upper bound of the bucket where the
 * cumulative count reaches q, or its lower bound when that bucket is unbounded above.
 */
export function bucketQuantile(hist: Histogram, q: number): number | null {
  const total = hist.bins.reduce((s, b) => s + b[2], 0);
  if (total === 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (const [lo, hi, n] of hist.bins) {
    cumulative += n;
    if (cumulative >= rank && n > 0) return hi ?? lo;
  }
  const [lo, hi] = hist.bins[hist.bins.length - 1];
  return hi ?? lo;
}

export interface LogBin {
  lo: number;
  hi: number;
  /** Geometric centre, for labels. */
  mid: number;
}

/** Log-spaced bins (perDecade per factor of 10) covering [min, max]; edges are powers of 10^(1/perDecade). */
export function logBins(min: number, max: number, perDecade: number): LogBin[] {
  const start = Math.floor(Math.log10(min) * perDecade);
  const end = Math.max(start + 1, Math.ceil(Math.log10(max) * perDecade));
  const bins: LogBin[] = [];
  for (let i = start; i < end; i++) {
    const lo = 10 ** (i / perDecade);
    const hi = 10 ** ((i + 1) / perDecade);
    bins.push({ lo, hi, mid: Math.sqrt(lo * hi) });
  }
  return bins;
}

/** The positive range covered by some histograms' non-empty bins (first lower bound to last upper one), or null when all are empty. */
export function positiveRange(hists: Histogram[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const h of hists) {
    for (const bin of h.bins) {
      const x = binPosition(bin);
      if (x === null || bin[2] === 0) continue;
      // From the lower bound: the first bucket's samples lie above it, and a range from its upper
      // bound would cut that bucket off the axis.
      const lo = bin[0];
      min = Math.min(min, lo !== null && lo > 0 ? lo : x);
      max = Math.max(max, x);
    }
  }
  return Number.isFinite(min) ? [min, max] : null;
}

/**
 * Re-bins a histogram onto given log bins as fractions of its samples. Each source bucket goes to
 * the log bin holding its geometric centre; runtime buckets are finer than a quarter decade, so the
 * error is below one display bin.
 */
export function rebin(hist: Histogram, bins: LogBin[]): number[] {
  const out = new Array<number>(bins.length).fill(0);
  const total = hist.bins.reduce((s, b) => s + b[2], 0);
  if (total === 0 || bins.length === 0) return out;
  for (const [lo, hi, n] of hist.bins) {
    const centre = lo !== null && lo > 0 && hi !== null ? Math.sqrt(lo * hi) : binPosition([lo, hi, n]);
    out[centre === null ? 0 : binIndex(centre, bins)] += n;
  }
  return out.map((n) => n / total);
}

/** The log bin that holds x, clamped to the first and last. */
function binIndex(x: number, bins: LogBin[]): number {
  const first = Math.log10(bins[0].lo);
  const step = Math.log10(bins[0].hi) - first;
  return Math.min(bins.length - 1, Math.max(0, Math.floor((Math.log10(x) - first) / step)));
}

/**
 * A histogram's non-empty bucket that starts at 0 or below (the runtime's lowest, [0, 64 ns]): a log
 * axis cannot place its samples, and rebin puts them in the bin of its upper bound. Which bin that
 * is, the bound and the bucket's share of the samples, so that the chart can say so; null when
 * there is none.
 */
export function openBelowBucket(hist: Histogram, bins: LogBin[]): { index: number; upTo: number; share: number } | null {
  const bucket = hist.bins.find(([lo, hi, n]) => n > 0 && (lo === null || lo <= 0) && hi !== null && hi > 0);
  if (!bucket || bins.length === 0) return null;
  const total = hist.bins.reduce((s, b) => s + b[2], 0);
  return { index: binIndex(bucket[1]!, bins), upTo: bucket[1]!, share: bucket[2] / total };
}

/** Powers of ten spanning [min, max], for log-axis ticks. */
export function decadeTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e);
  return ticks;
}
