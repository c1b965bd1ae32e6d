// Exact (trace) vs sampled (runtime/metrics) scheduler latency, quantile by quantile. The sampled
// quantile is a bucket's upper bound and the runtime samples ~1 in 8 transitions, so "agrees" means
// the exact value lies in the sampled value's bucket or one bucket either side (DESIGN.md §5: within
// bucket resolution, judged only with ≥ 200 sampled transitions).
import type { Histogram, Quantiles } from '../../../shared/domain';

export const MIN_SAMPLED = 200;
/** Quantiles judged; deeper tails hold too few sampled transitions in a short run to compare. */
const JUDGED: Array<keyof Quantiles> = ['p50', 'p90', 'p99'];
/** hi/lo of a bucket when the histogram is not at hand (the runtime's sub-buckets are ≤ 25% wide). */
const DEFAULT_BUCKET_RATIO = 1.25;

export type Verdict = 'agrees' | 'differs' | 'not judged';

export interface AgreementRow {
  key: keyof Quantiles;
  exact: number | null;
  sampled: number | null;
  verdict: Verdict;
}

function bucketRatio(hist: Histogram | null, upper: number): number {
  const bin = hist?.bins.find(([, hi, n]) => n > 0 && hi === upper);
  if (bin && bin[0] !== null && bin[0] > 0 && bin[1] !== null) return bin[1] / bin[0];
  return DEFAULT_BUCKET_RATIO;
}

export function judgeAgreement(exact: Quantiles | null, sampled: Quantiles | null, sampledCount: number, sampledHist: Histogram | null): AgreementRow[] {
  const keys: Array<keyof Quantiles> = ['p50', 'p90', 'p99', 'p999', 'max'];
  return keys.map((key) => {
    const e = exact?.[key] ?? null;
    const s = sampled?.[key] ?? null;
    if (e === null || s === null || sampledCount < MIN_SAMPLED || !JUDGED.includes(key)) return { key, exact: e, sampled: s, verdict: 'not judged' };
    const r = bucketRatio(sampledHist, s);
    // The bucket is [s/r, s]; allow one neighbouring bucket on each side.
    const ok = e >= s / (r * r) && e <= s * r;
    return { key, exact: e, sampled: s, verdict: ok ? 'agrees' : 'differs' };
  });
}

export const QUANTILE_LABELS: Record<keyof Quantiles, string> = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p99.9', max: 'max' };
