// Statistics of groups of repetitions (docs/ARCHITECTURE.md §6): for every key metric, each group's median
// with its 95% CI, and each candidate's change from the baseline with benchstat's verdict.
import { cpuLimitRan, cpuLimitShort } from '../../../shared/cpu-limit';
import { gomaxprocsInForce, gomaxprocsText } from '../../../shared/gomaxprocs';
import type { GroupFacts, GroupedMetric, RunDetail, RunGroup } from '../../../shared/contract';
import { goBuiltBy, runGoRelease } from '../../../shared/go-release';
import { counted } from '../../../shared/plural';
import { wordList } from '../../../shared/word-list';
import { absenceText, type Absence } from '../../../shared/verdict-text';
import { compareSamples, summarise } from '../stats';
import { benchMetrics } from './bench-compare';
import { setupText } from './setup';
import { analysisPopulationWarnings, COMPARED_METRICS, finite, measuredByAny, opLatencySamples, provenanceWarnings, type ExpectedDifference } from './compare';

export interface GroupDetails {
  group: RunGroup;
  details: RunDetail[];
}

type Row = Pick<GroupedMetric, 'key' | 'label' | 'unit' | 'better' | 'benchmark'>;

/** A metric's statistics from each group's samples (a run adds its values of the metric, none when it lacks it). */
function groupedMetric(row: Row, samples: (d: RunDetail) => number[], base: GroupDetails, cands: readonly GroupDetails[]): GroupedMetric[] {
  const baseValues = base.details.flatMap(samples);
  const candValues = cands.map((g) => g.details.flatMap(samples));
  if (baseValues.length === 0 && candValues.every((v) => v.length === 0)) return [];
  return [{
    ...row,
    baseline: summarise(baseValues),
    candidates: candValues.map((values, i) => {
      const sides = { baseline: { group: base, index: 0, values: baseValues }, candidate: { group: cands[i]!, index: i + 1, values } };
      const notCompared = (absent: Absence[]) => ({
        deltaPct: null, p: null, n1: baseValues.length, n2: values.length, outcome: 'not-run' as const, absent,
        text: absenceText(absent, (side) => sides[side].group.group.label),
      });
      const sideNames = ['baseline', 'candidate'] as const;
      const notRun = sideNames.filter((side) => row.benchmark?.missingFrom.includes(sides[side].index));
      if (notRun.length) return { stats: summarise(values), verdict: notCompared(notRun.map((side) => ({ side, why: 'not run' }))) };
      // A side without a value is not a side with too few runs: more repetitions would not give one
      // (no throttling counters without a CPU limit, a metric an older Go does not have).
      const empty = sideNames.filter((side) => sides[side].values.length === 0);
      if (empty.length) return { stats: summarise(values), verdict: notCompared(empty.map((side) => ({ side, why: absence(sides[side].group) }))) };
      return { stats: summarise(values), verdict: compareSamples(baseValues, values, row.better) };
    }),
  }];
}

/** Why a group has no value of a metric: no run of it succeeded, or none measured it. */
const absence = (g: GroupDetails): Absence['why'] => (g.details.length === 0 ? 'no succeeded run' : 'not measured');

const distinct = (xs: string[]): string[] => [...new Set(xs)];

const present = <T>(x: T | null | undefined): T[] => (x === null || x === undefined ? [] : [x]);

/**
 * "GOMAXPROCS 2 · CPU limit 0.5 cores": what a run's measured window ran under, which a cell's name
 * (what was configured) does not say: Go's default GOMAXPROCS follows the machine, the CPU limit and
 * (since Go 1.25) the release; a scenario may set its own limit.
 */
function inForceText(d: RunDetail): string {
  const limit = cpuLimitShort(d.config.cpuLimit, d.provenance);
  const procs = gomaxprocsText(d.config.gomaxprocs, gomaxprocsInForce(d), d.provenance?.gomaxprocsConfigured);
  return [`GOMAXPROCS ${procs}`, ...(limit ? [`CPU limit ${limit}`] : [])].join(' · ');
}

/** What a group's runs ran and where, each fact once. */
export function groupFacts({ details }: GroupDetails): GroupFacts {
  return {
    setups: distinct(details.map(setupText)),
    goReleases: distinct(details.map(runGoRelease)),
    inForce: distinct(details.map(inForceText)),
    goBuilt: distinct(details.flatMap((d) => present(goBuiltBy(d)))),
    gomaxprocsInForce: [...new Set(details.flatMap((d) => present(gomaxprocsInForce(d))))],
    cpuLimitInForce: [...new Set(details.flatMap((d) => present(cpuLimitRan(d))))],
    machines: distinct(details.flatMap((d) => {
      const p = d.provenance;
      // A host by its name in the workbench, its machine's beside it: two hosts can share a machine name.
      const name = p && (p.host === 'local' ? (p.hostname ?? p.host) : `${p.host}${p.hostname ? ` (${p.hostname})` : ''}`);
      return p ? [`${name}: ${counted(p.numCpu, 'CPU')} ${p.goos}/${p.goarch}, kernel ${p.kernel}`] : [];
    })),
  };
}

/**
 * Every benchmark the groups ran, unit by unit (bench-compare.ts), then every metric that at least
 * one run of any group has.
 */
export function groupedMetrics(base: GroupDetails, cands: readonly GroupDetails[]): GroupedMetric[] {
  const benchmarks = benchMetrics([base, ...cands].map((g) => g.details)).flatMap(({ values, ...row }) => groupedMetric(row, values, base, cands));
  const runs = [base, ...cands].flatMap((g) => g.details);
  const runMetrics = COMPARED_METRICS.filter((def) => measuredByAny(def, runs)).flatMap(({ key, label, unit, better, value }) =>
    groupedMetric({ key, label, unit, better }, (d) => {
      const v = finite(value(d));
      return v === null ? [] : [v];
    }, base, cands),
  );
  return [...benchmarks, ...runMetrics];
}

/** Why a group's op latency rests on fewer runs than it has, or on none. */
function untimedText(untimed: number, runs: number): string {
  const why = 'in the measured window (none ended within it, where operations outlast it; or none was counted)';
  if (untimed === runs) return `${runs === 1 ? 'its run timed no operation' : `none of its ${counted(runs, 'run')} timed an operation`} ${why}: no op latency.`;
  return `${untimed} of ${counted(runs, 'run')} timed no operation ${why}, so they have no op latency: its statistics rest on the other ${counted(runs - untimed, 'run')} alone (where operations outlast the window, the slowest runs are those left out).`;
}

/**
 * What makes the comparison suspect: runs left out, and provenance differences between the first
 * run of each group (said once per group, not once per run).
 */
export function groupWarnings(base: GroupDetails, cands: readonly GroupDetails[]): string[] {
  const warnings: string[] = [];
  // A scenario that timed operations in some run times them in every run: one without op latency
  // had none end within its window. (Its result.json says so, with an op latency of count 0; a
  // harness older than that wrote none, which other runs of the scenario then tell apart.)
  const timesOps = [base, ...cands].some((g) => g.details.some((d) => d.result?.op_latency));
  for (const g of [base, ...cands]) {
    if (g.group.excluded.length) {
      const list = g.group.excluded.map((e) => `${e.id} (${e.state})`).join(', ');
      const n = g.group.excluded.length;
      warnings.push(`${g.group.label}: ${counted(n, 'run')} left out because ${n === 1 ? 'it' : 'they'} did not succeed: ${list}.`);
    }
    if (g.details.length === 0) warnings.push(`${g.group.label}: no succeeded runs, so no statistics.`);
    const untimed = g.details.filter((d) => d.result && !d.result.op_latency?.count && (timesOps || opLatencySamples(d) === 0)).length;
    if (untimed > 0) warnings.push(`${g.group.label}: ${untimedText(untimed, g.details.length)}`);
  }
  warnings.push(...groupProvenanceWarnings(base, cands));
  warnings.push(...analysisPopulationWarnings([base, ...cands].flatMap((g) => g.details)));
  return warnings;
}

/**
 * provenanceWarnings for every run of the groups, each candidate run against the baseline's first,
 * and a sentence said of several runs of a group once, naming them: "Runs A, B, C and D (all 4 of
 * tag pr-42): concurrency 8 differs from the baseline's 2." The first run alone would hide how many
 * differ.
 */
function groupProvenanceWarnings(base: GroupDetails, cands: readonly GroupDetails[]): string[] {
  const first = base.details[0];
  if (!first) return [];
  // Cells of one experiment differ in GOMAXPROCS, concurrency, CPU limit and host, and in Go version
  // when it lists releases, because the grid says so, not by accident.
  const oneExperiment = base.group.experimentId !== null && cands.every((c) => c.group.experimentId === base.group.experimentId);
  const releasesDiffer = cands.some((c) => c.details.some((d) => d.config.goVersion !== first.config.goVersion));
  const expected: ExpectedDifference[] = oneExperiment ? ['gomaxprocs', 'concurrency', 'cgroupCpuLimit', 'host', ...(releasesDiffer ? (['goVersion'] as const) : [])] : [];
  const said = new Map<string, { group: GroupDetails; rest: string; ids: string[] }>();
  const say = (group: GroupDetails, d: RunDetail, text: string) => {
    const lead = `Run ${d.run.id}`;
    if (!text.startsWith(lead)) return void said.set(text, { group, rest: text, ids: [] });
    const rest = text.slice(lead.length);
    const entry = said.get(`${group.group.label}\0${rest}`) ?? { group, rest, ids: [] };
    entry.ids.push(d.run.id);
    said.set(`${group.group.label}\0${rest}`, entry);
  };
  const ofOwn = (d: RunDetail) => (text: string) => text.startsWith(`Run ${d.run.id}`);
  for (const d of base.details) provenanceWarnings(d, [], expected).forEach((text) => say(base, d, text));
  for (const c of cands) {
    for (const d of c.details) provenanceWarnings(first, [d], expected).filter((text) => !ofOwn(first)(text)).forEach((text) => say(c, d, text));
  }
  return [...said.values()].map(({ group, rest, ids }) => (ids.length === 0 ? rest : `${runsText(ids, group)}${rest}`));
}

/** "Run A" for a group of one run; "Run A (1 of tag main's 4)", "Runs A, B, C and 5 more (all 8 of tag main)". */
function runsText(ids: readonly string[], group: GroupDetails): string {
  const total = group.details.length;
  if (total === 1) return `Run ${ids[0]}`;
  const shown = ids.length > 4 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : wordList(ids);
  const share = ids.length === total ? `all ${total} of ${group.group.label}` : `${ids.length} of ${group.group.label}'s ${total}`;
  return `${ids.length === 1 ? 'Run' : 'Runs'} ${shown} (${share})`;
}
