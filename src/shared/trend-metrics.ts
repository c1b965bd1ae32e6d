// Which of a setup's metrics a trend shows first (gmpw trend's columns, the Run page's history):
// throughput, the scheduler latency p99 from the best source the runs have, the GC pause p99 and
// the op latency p99; a benchmark's runs, which have none of these, their first three units.
import type { Trend, TrendMetric } from './contract';
import { counted } from './plural';

const DEFAULT_KEYS = [['opsPerSec'], ['sched.exact.p99', 'sched.sampled.p99', 'sched.sampledBeforeGo126.p99'], ['gcPause.p99'], ['opLatency.p99']];

export function defaultTrendMetrics<M extends Pick<TrendMetric, 'key' | 'benchmark'>>(metrics: readonly M[]): M[] {
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  const defaults = DEFAULT_KEYS.flatMap((keys) => keys.map((k) => byKey.get(k)).find((m) => m !== undefined) ?? []);
  return defaults.length ? defaults : metrics.filter((m) => m.benchmark).slice(0, 3);
}

/** A metric's name in a trend: a benchmark's title with its unit, else its label. */
export const trendMetricLabel = (m: Pick<TrendMetric, 'label' | 'unit' | 'benchmark'>): string => (m.benchmark ? `${m.benchmark.title} ${m.unit}` : m.label);

/**
 * Which runs of the setup a trend holds: "12 runs of this setup, oldest first", and whether older
 * ones were left out by the limit (`more` says how to ask for them) or not looked at, and whether
 * the asked run stands apart from the rest, older than all of them.
 */
export function trendScopeText(trend: Pick<Trend, 'points' | 'limited' | 'anchorApart' | 'examined' | 'olderNotExamined'>, more: string): string {
  const n = trend.points.length;
  const parts = [`${counted(n, 'run')} of this setup, oldest first`];
  if (trend.anchorApart) parts.push(`the first is the one asked, older than the latest ${counted(n - 1, 'other')} shown`);
  if (trend.limited) parts.push(`older runs of the setup are left out (${more})`);
  else if (trend.olderNotExamined) parts.push(`runs of the target older than its latest ${trend.examined} were not looked at`);
  return parts.join('; ');
}
