// The ten-second summary at the top of a report: what ran, where, the headline numbers and the
// biggest changes, all read from the answers the report's pages show.
import { capturesNotKept } from '../../../shared/captures';
import { keptFilesHost } from '../../../shared/kept-files';
import { cpuLimitShort } from '../../../shared/cpu-limit';
import { isTerminal } from '../../../shared/domain';
import type { CommandInput, CommandName, CommandOutput, Comparison, GroupComparison, RunDetail } from '../../../shared/contract';
import { answerKey, type ReportSnapshot } from '../../../shared/report';
import { parseRoute } from '../routing';
import { formatDeltaPercent, formatDuration, formatRate, formatTimestamp, formatValue } from '../format';
import { runNames } from '../../../shared/run-names';
import { gomaxprocsInForce, gomaxprocsText } from '../../../shared/gomaxprocs';
import { importedFacts } from '../../../shared/imported';
import { runGoRelease } from '../../../shared/go-release';
import { runUsedConcurrency } from '../../../shared/run-rules';
import { MIN_TEST_SAMPLES, UNEQUAL_SIDES } from '../../../shared/repetitions';
import { targetText } from '../../../shared/target-text';
import { counted } from '../../../shared/plural';
import { quantileIsMaximum } from '../../../shared/thin-quantile';
import { groupFactsText, groupMachines, sharedSetup } from '../../../shared/cells-facts';

export interface SummaryModel {
  /** One line per run or cell: what ran. */
  what: string[];
  /** The machine and Go that ran it, or null without provenance. */
  where: string | null;
  headline: Array<{ label: string; value: string }>;
  /** `none`: what the page says when there are no items ("None." unless nothing could be judged). */
  changes: { title: string; items: string[]; note: string; none?: string } | null;
}

/** Changes smaller than this between single runs are noise, not headlines. */
const NOISE_PCT = 2;
const TOP_CHANGES = 4;
/**
 * A count below this on both sides is too small for a relative change to mean anything ("GC cycles:
 * 1 → 0, −100%" is one cycle): such changes stay in the table, out of the summary.
 */
const SMALL_COUNT = 10;
const TIME_OR_RATE_UNITS = new Set(['s', 'seconds', 'ns', 'nanoseconds', 'ops/s', 'bytes', 'B', '%', 'share']);

const tooSmallToRank = (unit: string, a: number | null, b: number | null): boolean =>
  !TIME_OR_RATE_UNITS.has(unit) && Math.max(Math.abs(a ?? 0), Math.abs(b ?? 0)) < SMALL_COUNT;

function answer<N extends CommandName>(snapshot: ReportSnapshot, name: N, input: CommandInput<N>): CommandOutput<N> | null {
  const outcome = snapshot.answers[answerKey(name, input)];
  return outcome?.ok ? (outcome.value as CommandOutput<N>) : null;
}

function where(d: RunDetail): string | null {
  const p = d.provenance;
  if (!p) return null;
  const limit = p.cgroupCpuLimit !== null ? ` (cgroup limit ${p.cgroupCpuLimit})` : '';
  return `${p.goVersion} ${p.goos}/${p.goarch} · ${p.numCpu} CPUs${limit} · kernel ${p.kernel}`;
}

/**
 * The Go and machine of compared runs: once when every run has the same, else each run's, named
 * (names[i] is details[i]'s), so that no run's release or machine passes for all.
 */
export function comparedWhere(details: readonly RunDetail[], names: readonly string[]): string | null {
  const each = details.map(where);
  if (each.every((w) => w === null)) return null;
  if (each.every((w) => w === each[0])) return each[0]!;
  return each.map((w, i) => `${names[i]}: ${w ?? 'no provenance'}`).join('; ');
}

/**
 * " (not kept: trace)": what of the captures asked an ended run's folder lacks (the Artifacts section
 * lists what it has), or " (on host lab, not fetched: trace)" when its host kept them; nothing for a
 * run that never started, which captured nothing it could have kept.
 */
function capturesMissing(d: RunDetail): string {
  if (!isTerminal(d.run.state) || d.run.startedAt === null) return '';
  const missing = capturesNotKept(d.config.capture, d.config.target.kind, d.artifacts.map((a) => a.name));
  if (missing.length === 0) return '';
  const host = keptFilesHost(d.run);
  return host ? ` (on host ${host}, not fetched: ${missing.join(', ')})` : ` (not kept: ${missing.join(', ')})`;
}

/** What ran, in one line: the target, its settings in force, the Go release, where, and how it ended. */
export function runLine(d: RunDetail, name?: string): string {
  const imported = importedFacts(d);
  if (imported) {
    // Files, not a run: what the trace records, and no path of the machine they were imported on.
    const trace = imported.durationS === null ? ['no trace'] : [`${imported.goVersion} trace of ${formatDuration(imported.durationS)}`, ...(imported.gomaxprocs ? [`GOMAXPROCS ${imported.gomaxprocs} (from the trace)`] : [])];
    return `${name ? `${name}: ` : ''}${[imported.title, ...trace, d.run.state].join(' · ')}`;
  }
  const c = d.config;
  const inForce = cpuLimitShort(c.cpuLimit, d.provenance);
  const limit = inForce ? [`CPU limit ${inForce}`] : [];
  const host = d.run.host === 'local' ? [] : [`on ${d.run.host}`];
  const concurrency = runUsedConcurrency(d.run) ? [`concurrency ${c.concurrency}`] : [];
  // When it ran and what it captured: a report is read days later, by someone who did not start it.
  const when = d.run.startedAt ? `started ${formatTimestamp(d.run.startedAt)}` : `created ${formatTimestamp(d.run.createdAt)}, never started`;
  const captured = `capture ${c.capture.join(', ') || 'none'}${capturesMissing(d)}`;
  const parts = [targetText(d), ...concurrency, `GOMAXPROCS ${gomaxprocsText(c.gomaxprocs, gomaxprocsInForce(d), d.provenance?.gomaxprocsConfigured)}`, c.duration, runGoRelease(d), ...limit, ...host, captured, when, d.run.state];
  return `${name ? `${name}: ` : ''}${parts.join(' · ')}`;
}

function schedP99(d: RunDetail): string {
  if (d.schedLatency.exact) return `${formatDuration(d.schedLatency.exact.p99)} (exact, trace${d.analysis?.sched_latency.program ? ': the program\'s goroutines' : ''})`;
  if (d.schedLatency.sampled) return `${formatDuration(d.schedLatency.sampled.p99)} (sampled, all goroutines)`;
  return formatDuration(null);
}

function runSummary(d: RunDetail): SummaryModel {
  return {
    what: [runLine(d)],
    where: where(d),
    headline: [
      { label: 'Throughput', value: formatRate(d.result?.ops_per_s ?? d.run.opsPerSec) },
      { label: 'Sched latency p99', value: schedP99(d) },
      { label: 'GC pause p99', value: formatDuration(d.run.gcPauseP99) },
    ],
    changes: null,
  };
}

/**
 * How large a relative change is, as a factor either way: a drop to a fifth (−80%) is as large as a
 * rise to five times (+400%), so drops, which never pass −100%, are not ranked below every rise.
 */
function changeFactor(pct: number | null): number {
  if (pct === null) return 0;
  return pct <= -100 ? Infinity : Math.abs(Math.log1p(pct / 100));
}

/** Throughput, the headline, first; then the largest relative changes. */
const headlineFirst = (a: { key: string; pct: number | null }, b: { key: string; pct: number | null }): number => {
  const [fa, fb] = [changeFactor(a.pct), changeFactor(b.pct)];
  return Number(b.key === 'opsPerSec') - Number(a.key === 'opsPerSec') || (fb > fa ? 1 : fb < fa ? -1 : 0);
};

/**
 * The lines of a summary's list of changes, ranked by headlineFirst: throughput wherever it moved
 * (the headline, however small its change), then the TOP_CHANGES largest of the others — the
 * headline takes none of their places, so no change larger than a listed one is left out — then
 * how many more there are (`more` names them: "more change").
 */
function listChanges<T extends { m: { key: string } }>(ranked: readonly T[], line: (change: T) => string, more: string): string[] {
  const listed = [...ranked.filter(({ m }) => m.key === 'opsPerSec'), ...ranked.filter(({ m }) => m.key !== 'opsPerSec').slice(0, TOP_CHANGES)];
  const left = ranked.length - listed.length;
  return [...listed.map(line), ...(left > 0 ? [`… and ${counted(left, more)} (the table below has them)`] : [])];
}

/** Whether a quantile row is, in the baseline or candidate i, its run's maximum (too few samples). */
function isMaximumIn(m: Comparison['metrics'][number], i: number): boolean {
  const q = m.quantile;
  return q !== undefined && [q.samples[0], q.samples[i + 1]].some((n) => n !== null && n !== undefined && quantileIsMaximum(q.level, n));
}

/** The summary's "largest changes": candidates' names by position (names[0] is the baseline's). */
export function largestChanges(metrics: Comparison['metrics'], names: string[]): string[] {
  const ranked = metrics
    .flatMap((m) => m.candidates.map((cand, i) => ({ m, cand, i, name: names[i + 1] })))
    // A maximum is one sample: between single runs it moves by orders of magnitude and means little;
    // so does a quantile of too few samples, which is the maximum (the p99 of 10 waits). How many
    // samples a distribution holds says how far to trust it, not how the run went.
    .filter(({ m, cand, i }) => !m.key.endsWith('.max') && !m.key.endsWith('.samples') && !isMaximumIn(m, i) && cand.deltaPct !== null && Math.abs(cand.deltaPct) >= NOISE_PCT && !tooSmallToRank(m.unit, m.baseline, cand.value))
    .sort((a, b) => headlineFirst({ key: a.m.key, pct: a.cand.deltaPct }, { key: b.m.key, pct: b.cand.deltaPct }));
  return listChanges(ranked, ({ m, cand, name }) => `${m.label}: ${formatValue(m.baseline, m.unit)} → ${formatValue(cand.value, m.unit)} (${formatDeltaPercent(cand.deltaPct)}, ${name})`, 'more change');
}

function compareSummary(c: Comparison): SummaryModel {
  const details = [c.baseline, ...c.candidates];
  const names = runNames(details);
  const changes = largestChanges(c.metrics, names);
  return {
    what: details.map((d, i) => runLine(d, i === 0 ? `${names[0]} (baseline)` : names[i])),
    where: [comparedWhere(details, names), c.warnings.length ? `${c.warnings.length} provenance warning${c.warnings.length > 1 ? 's' : ''} below` : ''].filter(Boolean).join(' · ') || null,
    headline: details.map((d, i) => ({ label: names[i], value: `${formatRate(d.result?.ops_per_s ?? d.run.opsPerSec)} · sched p99 ${schedP99(d)}` })),
    changes: {
      title: 'Largest changes from the baseline',
      items: changes,
      note: `Throughput first, then by the factor of change either way (−50% ranks with +100%). Single runs: changes are not tested for significance; maxima (and quantiles of samples too few to differ from the maximum: a p99 of under 100), sample counts, changes under ${NOISE_PCT}% and counts under ${SMALL_COUNT} left out (the tables below have them).`,
    },
  };
}

/** The setup once when the groups share it, then each group's runs and facts. */
function cellsWhat(g: GroupComparison): string[] {
  const setup = sharedSetup(g);
  return [
    ...(setup ? [`Ran ${setup}`] : []),
    ...[g.baseline, ...g.candidates].map((grp, i) => {
      const runs = `${counted(grp.runIds.length, 'succeeded run')}${grp.excluded.length ? `, ${grp.excluded.length} left out` : ''}`;
      const facts = groupFactsText(g, i);
      return `${grp.label}${i === 0 ? ' (baseline)' : ''}: ${runs}${facts ? ` · ${facts}` : ''}`;
    }),
  ];
}

/** Whether every comparison that could have a verdict has too few runs for one (a metric a side lacks has none to judge). */
function noneJudged(g: GroupComparison): boolean {
  const outcomes = g.metrics.flatMap((m) => m.candidates.map((c) => c.verdict.outcome)).filter((o) => o !== 'not-run');
  return outcomes.length > 0 && outcomes.every((o) => o === 'too-few');
}

export function cellsSummary(g: GroupComparison): SummaryModel {
  const groups = [g.baseline, ...g.candidates];
  const throughput = g.metrics.find((m) => m.key === 'opsPerSec');
  const significant = g.metrics
    .flatMap((m) => m.candidates.map((cand, i) => ({ m, cand, name: g.candidates[i].label })))
    // A maximum is one sample per run: its "significant" change says little (and repeats p99's on few samples).
    // A directed metric's change without a direction (equal medians) is significant too: listed, never hidden.
    .filter(({ m, cand }) => !m.key.endsWith('.max') && (cand.verdict.outcome === 'better' || cand.verdict.outcome === 'worse' || (cand.verdict.outcome === 'changed' && m.better !== null)))
    .sort((a, b) => headlineFirst({ key: a.m.key, pct: a.cand.verdict.deltaPct }, { key: b.m.key, pct: b.cand.verdict.deltaPct }));
  const items = listChanges(significant, ({ m, cand, name }) => `${m.label}, ${name}: ${cand.verdict.text} (${cand.verdict.outcome})`, 'more significant change');
  const machines = groupMachines(g);
  return {
    what: cellsWhat(g),
    where: [...machines, g.warnings.length ? `${g.warnings.length} warning${g.warnings.length > 1 ? 's' : ''} below` : ''].filter(Boolean).join(' · ') || null,
    headline: throughput
      ? [throughput.baseline, ...throughput.candidates.map((c) => c.stats)].map((s, i) => ({ label: `${groups[i].label} throughput`, value: `${formatRate(s.median)}${s.ci ? ` ${s.ci}` : ''}` }))
      : [],
    changes: {
      title: 'Significant changes from the baseline cell',
      items,
      // No change found and none could be: say which, not "None."
      ...(noneJudged(g) ? { none: 'None could be judged: every comparison has too few runs.' } : {}),
      note: `Mann–Whitney U at α = 0.05, as benchstat; sides too small to reach it (fewer than ${MIN_TEST_SAMPLES} runs each, unless ${UNEQUAL_SIDES}) get no verdict; maxima left out (one sample per run).`,
    },
  };
}

/** The summary of the report's first page. */
export function reportSummary(snapshot: ReportSnapshot): SummaryModel | null {
  const route = parseRoute(snapshot.pages[0]?.hash ?? '');
  switch (route.page) {
    case 'run': {
      const d = answer(snapshot, 'runs.get', { id: route.id });
      return d && runSummary(d);
    }
    case 'compare': {
      const c = answer(snapshot, 'compare.runs', { baseline: route.baseline, candidates: route.candidates });
      return c && compareSummary(c);
    }
    case 'cells': {
      const g = answer(snapshot, 'compare.cells', { baseline: { experimentId: route.experimentId, cell: route.baseline } });
      return g && cellsSummary(g);
    }
    default:
      return null;
  }
}
