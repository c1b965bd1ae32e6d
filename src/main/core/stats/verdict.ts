// One metric of two groups of repetitions, summarised as benchstat does: each side's median with
// its 95% CI, and vs the baseline the change of the medians with a Mann–Whitney verdict at
// α = 0.05 — or, with too few runs, a plain statement that there is no verdict.
import { ALPHA, canTest } from '../../../shared/repetitions';
import { formatBenchstatDelta, sampleSizes } from '../../../shared/verdict-text';
import { MIN_CI_SAMPLES, ciPercent, medianCI } from './median';
import { mannWhitney } from './mann-whitney';

export interface SampleSummary {
  n: number;
  median: number | null;
  /** The CI bounds, null when n < 6. */
  lo: number | null;
  hi: number | null;
  /** "± 3%" as benchstat prints it; null when there is no CI. */
  ci: string | null;
  /** Why there is no CI, in words. */
  note: string | null;
}

export function summarise(values: readonly number[]): SampleSummary {
  if (values.length === 0) return { n: 0, median: null, lo: null, hi: null, ci: null, note: 'no runs with this metric' };
  const ci = medianCI(values);
  if (values.length < MIN_CI_SAMPLES) {
    return { n: ci.n, median: ci.median, lo: null, hi: null, ci: null, note: `needs ≥ ${MIN_CI_SAMPLES} runs for a 95% confidence interval` };
  }
  return { n: ci.n, median: ci.median, lo: ci.lo, hi: ci.hi, ci: `± ${ciPercent(ci)}`, note: null };
}

export type VerdictOutcome = 'better' | 'worse' | 'changed' | 'no-difference' | 'too-few';

export interface Verdict {
  /** Change of the candidate's median from the baseline's, in percent. */
  deltaPct: number | null;
  p: number | null;
  n1: number;
  n2: number;
  outcome: VerdictOutcome;
  /** "+4.84% (p=0.002 n=6)", "~ (p=0.400 n=6+5)" or "+2.10%, untested: too few runs for a verdict (n=3+4)" (the rule is said once where the verdicts are listed). */
  text: string;
}

/**
 * The relative change from base to value in percent: 0 when they are equal (0 → 0 included, as
 * benchstat prints it), null when base is 0 and value is not, or either is missing.
 */
export function deltaPct(base: number | null, value: number | null): number | null {
  if (base === null || value === null) return null;
  if (base === value) return 0;
  if (base === 0) return null;
  return ((value - base) / Math.abs(base)) * 100;
}

/** benchstat's delta: the relative change of the medians, "~" when not significant. */
export function formatDelta(base: number, cand: number): string {
  return formatBenchstatDelta(deltaPct(base, cand));
}

export function compareSamples(
  baseline: readonly number[],
  candidate: readonly number[],
  better: 'higher' | 'lower' | null = null,
): Verdict {
  const n1 = baseline.length;
  const n2 = candidate.length;
  const b = n1 ? medianCI(baseline).median : null;
  const c = n2 ? medianCI(candidate).median : null;
  const change = deltaPct(b, c);
  if (!canTest(n1, n2)) {
    // No arrangement of these runs could reach p ≤ α, so no test is run: benchstat runs it and can only print "~".
    // The change of the medians is still shown: it is what the runs measured, only not tested.
    const untested = b !== null && c !== null ? `${formatDelta(b, c)}, untested: ` : '';
    return { deltaPct: change, p: null, n1, n2, outcome: 'too-few', text: `${untested}too few runs for a verdict (${sampleSizes(n1, n2)})` };
  }
  const test = mannWhitney(baseline, candidate);
  const stat = `(p=${test.p.toFixed(3)} ${sampleSizes(n1, n2)})`;
  if (test.p > ALPHA || b === null || c === null) {
    return { deltaPct: change, p: test.p, n1, n2, outcome: 'no-difference', text: `~ ${stat}` };
  }
  // Which way it moved, from the medians; the ranks must agree. Ties are common (latencies are bucket
  // bounds), and a significant test of two equal medians says a change, not which way: the rank sum
  // would call it one way, the medians none. Such a change of a directed metric is 'changed', and a
  // gate does not judge it either way.
  const up = c > b;
  const upByRanks = test.u < (n1 * n2) / 2; // the candidate's values rank above the baseline's
  const direction = c !== b && up === upByRanks;
  const outcome: VerdictOutcome = better === null || !direction ? 'changed' : (better === 'higher') === up ? 'better' : 'worse';
  const why = better !== null && !direction ? ` (no direction: ${c === b ? 'equal medians' : 'the medians and the ranks disagree'})` : '';
  return { deltaPct: change, p: test.p, n1, n2, outcome, text: `${formatDelta(b, c)} ${stat}${why}` };
}
