// `gmpw trend RUN_ID`: the runs configured as that one was, oldest first, with what each ran under
// and its key figures, then benchstat's test of the latest runs against those before them.
import type { Trend, TrendMetric } from '../../../shared/contract';
import { cores } from '../../../shared/cpu-limit';
import { defaultTrendMetrics, trendMetricLabel, trendScopeText } from '../../../shared/trend-metrics';
import { COMMON_HELP, parseCommand, wholeNumber } from '../args';
import { call, printJson } from '../call';
import { LabelNotes, measured, table } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw trend RUN_ID [--metric KEYS] [--limit N] [--json]

Prints the history of a run's setup: every run configured as RUN_ID was (the same target,
parameters, concurrency, duration, warm-up, environment, captures, GOMAXPROCS, CPU limit, Go
release asked and host), oldest first, with the Go that built each, the GOMAXPROCS in force and
its figures; then, for each metric with a direction, the latest 5 runs against the 5 before them
with benchstat's test (Mann-Whitney U, α = 0.05).

  --metric KEYS   metric keys, comma-separated, as --json names them: the columns, the verdicts
                  and --json's metrics (default: throughput, the scheduler latency p99, the GC
                  pause p99 and the op latency p99, those measured, and a verdict for every
                  metric with a direction)
  --limit N       the latest N runs of the setup (2-500, default 100); RUN_ID is always among them

${COMMON_HELP}`;

const OPTIONS = { metric: { type: 'string' }, limit: { type: 'string' } } as const;

function columnsOf(trend: Trend, asked: string[] | null): TrendMetric[] {
  const byKey = new Map(trend.metrics.map((m) => [m.key, m]));
  if (asked) {
    const unknown = asked.filter((k) => !byKey.has(k));
    if (unknown.length) throw new UsageError(`trend: --metric: no run of this setup measured ${unknown.join(', ')} (measured: ${trend.metrics.map((m) => m.key).join(', ')})`);
    return asked.map((k) => byKey.get(k)!);
  }
  return defaultTrendMetrics(trend.metrics);
}

/** `verdictsOf`: the metrics whose latest runs are tested below the table, those with a direction among them. */
export function renderTrend(trend: Trend, columns: readonly TrendMetric[], verdictsOf: readonly TrendMetric[]): string {
  const notes = new LabelNotes();
  const header = ['run', 'started (UTC)', 'state', 'Go', 'CPUs', 'GOMAXPROCS', 'CPU limit', ...columns.map((m) => notes.short(trendMetricLabel(m)))];
  const rows = trend.points.map((p, i) => [
    p.id,
    p.startedAt === null ? 'not started' : p.startedAt.slice(0, 19).replace('T', ' '),
    p.state,
    p.goBuilt ?? '—',
    p.cpus === null ? '—' : String(p.cpus),
    p.gomaxprocsInForce === null ? '—' : String(p.gomaxprocsInForce),
    p.cpuLimitInForce === null ? '—' : p.cpuLimitInForce === 'max' ? 'none' : cores(p.cpuLimitInForce),
    ...columns.map((m) => measured(m.unit, m.values[i])),
  ]);
  const lines = [`Setup   ${trend.setup}`, `Runs    ${trendScopeText(trend, '--limit N')}`, '', table([header, ...rows])];
  // Metrics with a direction, as the help says: a count that describes the load (GC cycles) is no verdict.
  const verdicts = verdictsOf.filter((m) => m.better !== null && m.recent.outcome !== 'too-few');
  lines.push('', `Latest ${trend.recentN} against the ${trend.recentN} before them (benchstat's test, α = 0.05):`);
  if (verdicts.length === 0) lines.push(`  not tested: it takes ${2 * trend.recentN} runs that measured a metric, and no metric has them`);
  else {
    lines.push(
      ...table(verdicts.map((m) => [`  ${notes.short(trendMetricLabel(m))}`, m.recent.text, m.recent.outcome === 'no-difference' ? '' : m.recent.outcome])).split('\n'),
    );
  }
  const noteLines = notes.lines();
  return [...lines, ...(noteLines.length ? ['', ...noteLines] : [])].join('\n');
}

async function trendCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values: v } = parseCommand('trend', argv, OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError('trend: give one run id (gmpw list shows them)');
  // Without --limit, the contract's default.
  const trend = await call(ctx, 'runs.trend', { id: positionals[0], ...(v.limit === undefined ? {} : { limit: wholeNumber('limit', v.limit) }) });
  const asked = v.metric === undefined ? null : v.metric.split(',').map((k) => k.trim()).filter(Boolean);
  // Checked before either output: a key no run measured is a slip, with --json too.
  const columns = columnsOf(trend, asked);
  if (ctx.json) {
    printJson(ctx, asked ? { ...trend, metrics: columns } : trend);
    return EXIT_OK;
  }
  // --metric picks the verdicts too; without it, every metric with a direction has one.
  ctx.stdout.write(`${renderTrend(trend, columns, asked ? columns : trend.metrics)}\n`);
  return EXIT_OK;
}

export const trend: CliCommand = {
  name: 'trend',
  summary: "a run's setup over time: its runs, oldest first, and the latest against those before",
  help: HELP,
  options: OPTIONS,
  fields: { id: 'RUN_ID', limit: '--limit' },
  run: trendCommand,
  readsHistory: true,
};
