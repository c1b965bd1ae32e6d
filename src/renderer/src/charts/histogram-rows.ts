// The latency histogram's rows: several runs' shares per log-spaced bin, for a numeric log x axis on
// which bin edges (decades among them) are where the axis puts them, so tick labels sit on edges.
import type { Histogram } from '../../../shared/domain';
import { logBins, openBelowBucket, positiveRange, rebin } from './histogram';

const BINS_PER_DECADE = 5;

/**
 * A bin's x (its geometric centre: bins are of equal width on the log axis), its bounds, and run i's
 * share under `s${i}`; in the bin that holds it, `upTo${i}` and `from0Share${i}`: the upper bound and
 * the share of run i's bucket that starts at 0 (the runtime's lowest), whose samples lie anywhere
 * from 0 to that bound.
 */
export type HistogramRow = { x: number; lo: number; hi: number } & Record<string, number>;

/**
 * One row per bin at its centre: a bar is centred on its x and as wide as the gap between rows, one bin.
 * An `outline` (step lines that change value halfway between rows, on the bin edges) also gets the
 * first bin again at its lower edge and the last at its upper one, or those two bins would be drawn
 * half wide.
 */
export function histogramRows(hists: Histogram[], outline: boolean): HistogramRow[] {
  const range = positiveRange(hists);
  if (!range) return [];
  // At least two bins: recharts makes a bar on a numeric axis as wide as the gap between two rows.
  const bins = logBins(range[0], Math.max(range[1] * 1.0001, range[0] * 10 ** (2 / BINS_PER_DECADE)), BINS_PER_DECADE);
  const shares = hists.map((h) => rebin(h, bins));
  const openBelow = hists.map((h) => openBelowBucket(h, bins));
  const rows = bins.map((b, k) => ({
    x: b.mid, lo: b.lo, hi: b.hi,
    ...Object.fromEntries(shares.map((s, i) => [`s${i}`, s[k]])),
    ...Object.fromEntries(openBelow.flatMap((o, i) => (o?.index === k ? [[`upTo${i}`, o.upTo], [`from0Share${i}`, o.share]] : []))),
  }) as HistogramRow);
  if (!outline) return rows;
  return [{ ...rows[0], x: rows[0].lo }, ...rows, { ...rows[rows.length - 1], x: rows[rows.length - 1].hi }];
}
