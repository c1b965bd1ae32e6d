// How many repetitions a statistical answer needs, known at plan time (the New run form and
// `gmpw run` say it before anything runs) and applied by the statistics (src/main/core/stats).
import { counted, noun } from './plural';

/** Below 4 runs per side no arrangement reaches p ≤ 0.05 (benchstat: "need >= 4 samples"). */
export const MIN_TEST_SAMPLES = 4;
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
