// How many repetitions a statistical answer needs, known at plan time (the New run form and
// `gmpw run` say it before anything runs) and applied by the statistics (src/main/core/stats).
import { counted, noun } from './plural';

/** The significance level of a verdict, benchstat's default. */
export const ALPHA = 0.05;

/**
 * The smallest two-sided p the exact Mann–Whitney U test can give for sides of n1 and n2 runs
 * (every run of one side below every run of the other): 2 / C(n1 + n2, n1), and 1 for an empty side.
 */
export function smallestP(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const k = Math.min(n1, n2);
  let combinations = 1;
  for (let i = 1; i <= k; i++) combinations = (combinations * (n1 + n2 - k + i)) / i;
  return Math.min(1, 2 / combinations);
}

/**
 * Whether sides of n1 and n2 runs can give a verdict: benchstat tests any sizes whose smallest p is
 * ≤ α (6 runs against 3 can reach p = 0.024), and so does the workbench; 3 against 3 never can.
 */
export const canTest = (n1: number, n2: number): boolean => smallestP(n1, n2) <= ALPHA;

/** Equal sides below this many runs can never reach p ≤ α (benchstat: "need >= 4 samples"). */
export const MIN_TEST_SAMPLES = 4;

/** The unequal sides that can still be tested when one has fewer than MIN_TEST_SAMPLES runs: "3+5, 2+8, 1+39". */
export const UNEQUAL_SIDES = Array.from({ length: MIN_TEST_SAMPLES - 1 }, (_, i) => MIN_TEST_SAMPLES - 1 - i)
  .map((fewer) => {
    let more = fewer;
    while (!canTest(fewer, more)) more++;
    return `${fewer}+${more}`;
  })
  .join(', ');
/** The smallest sample whose 95% interval lies inside the sample (benchstat: "need >= 6 samples"). */
export const MIN_CI_SAMPLES = 6;

/**
 * What `repeat` repetitions per cell will give, in words, for a plan of `cells` cells (one cell
 * with repetitions is compared with other runs later): null for a single run, which asks nothing.
 */
export function repetitionAdvice(repeat: number, cells: number): { text: string; enough: boolean } | null {
  if (repeat <= 1 && cells <= 1) return null;
  const need = `a verdict needs ≥ ${MIN_TEST_SAMPLES} repetitions a side, a 95% confidence interval ≥ ${MIN_CI_SAMPLES}`;
  if (repeat < MIN_TEST_SAMPLES) return { text: `${counted(repeat, 'repetition')} per cell ${noun(repeat, 'gives', 'give')} no verdict: ${need}`, enough: false };
  if (repeat < MIN_CI_SAMPLES) return { text: `${repeat} repetitions per cell give verdicts but no confidence interval: ${need}`, enough: true };
  return { text: `${repeat} repetitions per cell give verdicts and 95% confidence intervals`, enough: true };
}

/** What a comparison of single runs cannot say, in the app's Compare page and `gmpw compare` alike. */
export const SINGLE_RUNS_CAVEAT = `Each column is a single run, and runs of one configuration differ by themselves (the machine's noise, often several percent): a delta here is not tested and may be noise. For a verdict, repeat each configuration ≥ ${MIN_TEST_SAMPLES} times and compare the cells.`;
