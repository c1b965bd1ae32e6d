// A scenario's operation latency is a histogram of the operations it timed, which may be fewer than
// the operations it counted (a scenario times a sample, or only some kinds): every view that states
// its quantiles says how many it holds, beside the throughput's count when they differ.
import { noun } from './plural';

/** "2.00k operations timed of 3.65k", "6,817 operations timed": numbers in the view's own format. */
export function timedOpsText(timed: number, ran: number, count: (n: number) => string): string {
  return `${count(timed)} ${noun(timed, 'operation')} timed${ran !== timed ? ` of ${count(ran)}` : ''}`;
}
