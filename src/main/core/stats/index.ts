// Benchmark statistics as benchstat computes them (docs/ARCHITECTURE.md §6): pure functions, no I/O.
export { CONFIDENCE, MIN_CI_SAMPLES, ciPercent, median, medianCI, quantileOrders } from './median';
export { mannWhitney } from './mann-whitney';
export { compareSamples, deltaPct, formatDelta, summarise, type VerdictOutcome, type SampleSummary, type Verdict } from './verdict';
