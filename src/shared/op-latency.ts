// A scenario's operation latency is a histogram of the operations it timed, which may be fewer than
// the operations it counted (a scenario times a sample, or only some kinds): every view that states
// its quantiles says how many it holds, beside the throughput's count when they differ.
import { noun } from './plural';

/**
 * "2.00k operations timed of 3.65k", "6,817 operations timed": numbers in the view's own format. A
 * scenario that counts its operations in batches (a shared counter per operation would be the
 * contention it measures) has timed some the window's end caught before their batch was counted.
 */
export function timedOpsText(timed: number, ran: number, count: (n: number) => string): string {
  if (timed > ran) return `${count(timed)} ${noun(timed, 'operation')} timed, ${count(ran)} counted (counted in batches: the window ended between some timings and their batch's count)`;
  return `${count(timed)} ${noun(timed, 'operation')} timed${ran !== timed ? ` of ${count(ran)}` : ''}`;
}

/**
 * What its quantiles are: the harness records the operations in a histogram, so p50 … p99.9 are the
 * upper bounds of their buckets (up to 19% above the value: 4 buckets per power of two), capped at
 * the maximum, which is exact (PROTOCOL.md §2.1).
 */
export const OP_QUANTILES_NOTE = 'quantiles are bucket upper bounds, capped at the max; max is exact';

/**
 * Why a run shows no operation latency, as far as result.json tells: it counted no operation in the
 * window; its scenario times operations and none of them ended within the window (op_latency of
 * count 0, as lockstep-parallelism's rounds can); or it counted some and timed none (op_latency
 * null: its scenario times none; a harness older than TimesOps wrote null for the case before too).
 */
export function noOpLatencyText(result: { ops: number; op_latency: { count: number } | null }): string {
  if (result.ops === 0) return 'No operation was counted in the measured window, so none was timed (a scenario whose operations outlast the window counts none).';
  if (result.op_latency) return 'The scenario times its operations, and none of those it times ended within the measured window.';
  return 'No operation was timed in the measured window: the scenario times none, or none of those it times ended within the window.';
}
