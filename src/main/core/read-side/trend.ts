// A setup's history (runs.trend): the runs configured as one run was, oldest first, each metric the
// comparisons know across them, and benchstat's verdict on the latest runs against those before.
// A trend answers "did this get slower, and since when", where a comparison needs the user to
// have picked the two sides.
import type { RunDetail, Trend, TrendMetric, TrendPoint } from '../../../shared/contract';
import { isTerminal } from '../../../shared/domain';
import { cpuLimitRan } from '../../../shared/cpu-limit';
import { goBuiltBy } from '../../../shared/go-release';
import { gomaxprocsInForce } from '../../../shared/gomaxprocs';
import { compareSamples } from '../stats';
import type { Store } from '../store';
import { benchMetrics } from './bench-compare';
import { COMPARED_METRICS, finite, measuredByAny, oneValue } from './compare';
import { runDetail } from './detail';
import { configuredSetupText, setupKey } from './setup';

/** How many runs of the target, newest first, a trend looks through for its setup's. */
const TREND_SCAN = 1000;
/** How many of the latest values the recent verdict compares with as many before them. */
export const TREND_RECENT = 5;

export function setupTrend(store: Store, id: string, limit: number): Trend {
  const anchor = runDetail(store, id);
  const key = setupKey(anchor.config);
  const { runs, total } = store.listRuns({
    filter: { targetKind: anchor.run.targetKind, targetName: anchor.run.targetName, host: anchor.config.host },
    sort: { key: 'createdAt', dir: 'desc' },
    limit: TREND_SCAN,
  });
  // Runs still going have no figures yet; the asked run is always among the points.
  const alike: RunDetail[] = [];
  let looked = 0;
  for (const r of runs) {
    if (alike.length >= limit) break;
    looked++;
    if (r.id === id) alike.push(anchor);
    // Its documents are read whole only once it is of the setup.
    else if (isTerminal(r.state) && setupKey(store.getRunConfig(r.id)) === key) alike.push(runDetail(store, r.id));
  }
  // The limit, not the runs, ended the search: older runs of the setup may be left out.
  const limited = alike.length >= limit && (looked < runs.length || total > runs.length);
  // An old run past the latest `limit` of its setup, or past the scan: the oldest point, in place of the oldest kept.
  const anchorApart = !alike.includes(anchor);
  if (anchorApart) {
    if (alike.length >= limit) alike.pop();
    alike.push(anchor);
  }
  const details = alike.reverse();
  return {
    setup: configuredSetupText(anchor),
    points: details.map(pointOf),
    metrics: trendMetrics(details, anchorApart),
    recentN: TREND_RECENT,
    limited,
    anchorApart,
    examined: looked,
    // The scan's bound, not the limit, ended the search: older runs of the setup may exist.
    olderNotExamined: looked === runs.length && total > runs.length,
  };
}

function pointOf(d: RunDetail): TrendPoint {
  const { id, createdAt, startedAt, state, label, tags } = d.run;
  return { id, createdAt, startedAt, state, label, tags, goBuilt: goBuiltBy(d), gomaxprocsInForce: gomaxprocsInForce(d), cpuLimitInForce: cpuLimitRan(d), cpus: d.provenance?.numCpu ?? null };
}

/**
 * Every benchmark unit and every run metric any succeeded point measured, a value per point. The
 * first point, when it stands apart (an old run asked for), is left out of the latest runs' test:
 * "the 5 before" are the runs just before the latest.
 */
function trendMetrics(details: readonly RunDetail[], firstApart: boolean): TrendMetric[] {
  const succeeded = details.filter((d) => d.run.state === 'succeeded');
  const valueOf = (value: (d: RunDetail) => number | null) => details.map((d) => (d.run.state === 'succeeded' ? value(d) : null));
  const rows = [
    ...benchMetrics([succeeded]).map(({ values, benchmark, ...row }) => ({ ...row, benchmark, values: valueOf((d) => oneValue(values(d))) })),
    ...COMPARED_METRICS.filter((def) => measuredByAny(def, succeeded)).map(({ key, label, unit, better, value }) => ({
      key, label, unit, better, values: valueOf((d) => finite(value(d))),
    })),
  ];
  return rows.map((row) => {
    const measured = row.values.slice(firstApart ? 1 : 0).filter((v): v is number => v !== null);
    const [before, latest] = [measured.slice(-2 * TREND_RECENT, -TREND_RECENT), measured.slice(-TREND_RECENT)];
    // 5 against 5 or nothing: 4 against 5 is testable, but not what the verdict's words say.
    const recent = measured.length < 2 * TREND_RECENT
      ? { deltaPct: null, p: null, n1: before.length, n2: latest.length, outcome: 'too-few' as const, text: `not tested: it takes ${2 * TREND_RECENT} runs that measured it, and ${measured.length} did` }
      : compareSamples(before, latest, row.better);
    return { ...row, recent };
  });
}
