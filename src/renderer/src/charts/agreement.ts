// Exact (trace) vs sampled (runtime/metrics) scheduler latency, quantile by quantile. The sampled
// quantile is a bucket's upper bound and the runtime samples ~1 in 8 transitions, so "agrees" means
// the exact value lies in the sampled value's bucket or one bucket either side (docs/ARCHITECTURE.md §5: within
// bucket resolution, judged only with ≥ 200 sampled transitions).
import type { Histogram, Quantiles } from '../../../shared/domain';

export const MIN_SAMPLED = 200;
/** Quantiles judged; deeper tails hold too few sampled transitions in a short run to compare. */
const JUDGED: Array<keyof Quantiles> = ['p50', 'p90', 'p99'];
/** hi/lo of a bucket when the histogram is not at hand (the runtime's sub-buckets are ≤ 25% wide). */
const DEFAULT_BUCKET_RATIO = 1.25;

export type AgreementVerdict = 'agrees' | 'differs' | 'not judged';

export interface AgreementRow {
  key: keyof Quantiles;
  exact: number | null;
  sampled: number | null;
  verdict: AgreementVerdict;
  /** Why a row is not judged, in words. */
  why?: string;
}

/**
 * The range [lo, hi] covered by the sampled value's bucket and its neighbours: taken from the
 * histogram's bins when at hand (so uneven bucket widths are exact), else estimated from a ratio.
 */
function neighbourhood(hist: Histogram | null, upper: number): [number, number] {
  const bins = hist?.bins.filter(([, , n]) => n > 0) ?? [];
  const j = bins.findIndex(([, hi]) => hi === upper);
  if (j >= 0) {
    const below = bins[j - 1]?.[0] ?? bins[j][0];
    const above = bins[j + 1]?.[1] ?? upper;
    if (below !== null && above !== null) return [below, above];
  }
  return [upper / (DEFAULT_BUCKET_RATIO * DEFAULT_BUCKET_RATIO), upper * DEFAULT_BUCKET_RATIO];
}

export function judgeAgreement(exact: Quantiles | null, sampled: Quantiles | null, sampledCount: number, sampledHist: Histogram | null): AgreementRow[] {
  const keys: Array<keyof Quantiles> = ['p50', 'p90', 'p99', 'p999', 'max'];
  return keys.map((key) => {
    const e = exact?.[key] ?? null;
    const s = sampled?.[key] ?? null;
    const notJudged = (why: string): AgreementRow => ({ key, exact: e, sampled: s, verdict: 'not judged', why });
    if (e === null || s === null) return notJudged('not judged: a source has no value');
    if (sampledCount < MIN_SAMPLED) return notJudged(`not judged: fewer than ${MIN_SAMPLED} sampled transitions`);
    if (key === 'max') return notJudged('not judged: the ~1-in-8 sample need not hold the slowest transition');
    if (!JUDGED.includes(key)) return notJudged('not judged: this deep in the tail the ~1-in-8 sample holds too few transitions to compare');
    const [lo, hi] = neighbourhood(sampledHist, s);
    // Both sources report bucket bounds, so equality at an edge counts as inside.
    const ok = e >= lo * (1 - 1e-9) && e <= hi * (1 + 1e-9);
    return { key, exact: e, sampled: s, verdict: ok ? 'agrees' : 'differs' };
  });
}

export const QUANTILE_LABELS: Record<keyof Quantiles, string> = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p99.9', max: 'max' };

/**
 * Below 100 samples a p99 is the largest sample (below 1000, p99.9 is): said per column, so that a
 * tail read off a handful of transitions is not taken for a distribution's.
 */
export function fewSamplesNote(exact: number | null, sampled: number | null): string {
  const notes: string[] = [];
  for (const [n, column] of [[exact, 'exact'], [sampled, 'sampled']] as const) {
    if (n === null || n === 0 || n >= 1000) continue;
    notes.push(n < 100 ? `the ${column} p99 and above are its largest sample (${n} samples)` : `the ${column} p99.9 is its largest sample (${n} samples)`);
  }
  return notes.length ? ` Few samples: ${notes.join('; ')}.` : '';
}
