// `gmpw compare BASELINE CANDIDATE…`: key metrics side by side with their change from the baseline;
// of groups of repetitions (experiment cells, tagged runs), benchstat's statistics and a CI gate on them.
import type { Comparison, RunDetail, RunGroupRef } from '../../../shared/contract';
import { evaluateGate, type GateOptions } from '../../../shared/gate';
import { cpuLimitShort } from '../../../shared/cpu-limit';
import { runGoRelease } from '../../../shared/go-release';
import { gomaxprocsInForce, gomaxprocsText } from '../../../shared/gomaxprocs';
import { MMU_COLUMNS, mmuCell } from '../../../shared/mmu';
import { COMMON_HELP, commaList, parseCommand } from '../args';
import { call, printJson } from '../call';
import { renderGroupComparison, renderGroupComparisonMarkdown } from './cells-render';
import { renderGate } from './gate-render';
import { LabelNotes, NOT_RUN, measured, metricRows, percent, printableLine, seconds, table } from '../format';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliContext } from '../types';
import { SINGLE_RUNS_CAVEAT } from '../../../shared/repetitions';

const HELP = `usage: gmpw compare BASELINE_ID CANDIDATE_ID [CANDIDATE_ID…]
       gmpw compare --experiment ID [--baseline CELL] [--candidate CELL]… [GATE] [--markdown]
       gmpw compare --baseline-tag TAG --candidate-tag TAG… [GATE] [--markdown]
  GATE: --fail-on METRICS [--min-change PCT]

Prints the key metrics of each run and each candidate's change from the baseline, the minimum
mutator utilisation (MMU) at 1, 10 and 100 ms and over the whole trace of each traced run, and
warns when the runs differ in Go version, CPU, GOMAXPROCS or kernel.

With --experiment, compares the experiment's cells, all repetitions of a cell as one sample, the
way benchstat does: each cell's median ± 95% confidence interval, and each candidate's change from
the baseline with the Mann–Whitney U p-value ("~" when not significant at α = 0.05).

  --experiment ID   the experiment whose cells to compare
  --baseline CELL   the baseline cell, e.g. 'GOMAXPROCS=1 concurrency=100' (default: the first cell)
  --candidate CELL  a cell to compare with the baseline, repeatable (default: every other cell)

With --baseline-tag, compares the runs carrying one tag with those carrying another, the same way:
a CI job's baseline and candidate builds (gmpw run … --repeat 6 --tag main, then --tag pr-42).

  --baseline-tag TAG   the runs of the baseline
  --candidate-tag TAG  the runs of a candidate, repeatable

A regression gate, for CI: with --fail-on, gmpw exits 1 when a named metric of any candidate is
worse than the baseline's (Mann–Whitney U at α = 0.05, in the metric's bad direction), and also
when it cannot judge one (too few runs, not measured on a side, runs of a group that did not
succeed or are not alike, tagged groups that did not run alike: another setup, warm-up,
environment, captures, GOMAXPROCS, CPU limit or machine; the Go build may differ): a gate that
passes whatever ran is no gate. Any other failure of the command exits 1 too: its last line, "gate: FAILED (…)" or
an error on stderr, says which it was. A metric key that is no metric of the comparison (a typo, a
benchmark neither side ran) exits 2, after the verdict that names the keys there are.
Each verdict says "worse" by chance in at most 2.5% of comparisons where nothing changed, so the
more metrics gated, the likelier a false alarm (said after the verdicts); gate on the few metrics
that matter, with 6 or more runs a side, and interleave the two builds' runs where you can (an
experiment does): runs of one build after the other add whatever drifted between the batches.

  --fail-on METRICS    metric keys, comma-separated, as --json names them (opsPerSec,
                       sched.exact.p99, opLatency.p99; * for any text: 'bench:*:ns/op', where a
                       benchmark on one side only is not gated); --json adds the gate's verdict
  --min-change PCT     a significant worsening below PCT percent of the baseline's median passes
                       (0 to 99, default 0); percent of the baseline: 50 lets throughput halve,
                       and a latency grow by half
  --markdown           the comparison, the gate's verdict first, as GitHub-flavoured Markdown (for a
                       pull request's comment); the exit code is the same

${COMMON_HELP}`;

/** A row of a value per run, the candidates' Δ columns left empty: what a run ran with, its MMU. */
const perRunRow = (c: Comparison, label: string, of: (d: RunDetail) => string): string[] => [label, of(c.baseline), ...c.candidates.flatMap((cand) => [of(cand), ''])];

export function renderComparison(c: Comparison): string {
  const header = ['metric', `${c.baseline.run.id} (base)`, ...c.candidates.flatMap((cand) => [cand.run.id, 'Δ'])];
  const missing = (m: Comparison['metrics'][number], side: number) => m.benchmark?.missingFrom.includes(side) ?? false;
  const notes = new LabelNotes();
  const rows = metricRows(
    c.metrics.map((m) => ({ ...m, label: `${notes.short(m.label)}${m.better ? ` (${m.better} is better)` : ''}` })),
    (m) => [
      missing(m, 0) ? NOT_RUN : measured(m.unit, m.baseline),
      ...m.candidates.flatMap((cand, i) => [missing(m, i + 1) ? NOT_RUN : measured(m.unit, cand.value), percent(cand.deltaPct)]),
    ],
  );
  // What each run ran with first (the Go that built it, the GOMAXPROCS and CPU limit in force), so a
  // difference in them reads as one before the figures it explains.
  const ranWith = [
    perRunRow(c, 'Go', runGoRelease),
    perRunRow(c, 'GOMAXPROCS', (d) => gomaxprocsText(d.config.gomaxprocs, gomaxprocsInForce(d), d.provenance?.gomaxprocsConfigured)),
    perRunRow(c, 'CPU limit', (d) => cpuLimitShort(d.config.cpuLimit, d.provenance) ?? 'none'),
  ];
  const lines = [table([header, ...ranWith, ...rows, ...mmuRows(c)]), ...notes.lines().map(printableLine)];
  for (const w of c.warnings) lines.push(printableLine(`warning: ${w}`));
  lines.push(`note: ${SINGLE_RUNS_CAVEAT}`);
  return lines.join('\n');
}

/**
 * The MMU figures of the Compare page's table (src/shared/mmu.ts), one row per window size, then the
 * span they cover (the trace, longer than the measured window) and its GC cycles; no Δ, as the page
 * shows none. Nothing when no run was traced.
 */
function mmuRows(c: Comparison): string[][] {
  if (![c.baseline, ...c.candidates].some((d) => d.analysis?.mmu)) return [];
  const row = (label: string, cell: (a: NonNullable<RunDetail['analysis']>) => string) => perRunRow(c, label, (d) => (d.analysis?.mmu ? cell(d.analysis) : '—'));
  return [
    ...MMU_COLUMNS.map((col) => row(`MMU ${col.label}`, (a) => mmuCell(col.at(a.mmu!)))),
    row('MMU over: trace length', (a) => seconds(a.meta.duration_s)),
    row('GC cycles in the trace', (a) => String(a.gc.cycles)),
  ];
}

const OPTIONS = {
  experiment: { type: 'string' },
  baseline: { type: 'string' },
  candidate: { type: 'string', multiple: true },
  'baseline-tag': { type: 'string' },
  'candidate-tag': { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'min-change': { type: 'string' },
  markdown: { type: 'boolean' },
} as const;

/**
 * What compare.runs' and compare.cells' fields were typed as: run ids, or --experiment's cells. The
 * one --experiment is every candidate's experiment: a candidate's index is no place among its values.
 */
const FIELDS = {
  id: 'RUN_ID',
  baseline: 'RUN_ID',
  candidates: 'candidate RUN_ID',
  'baseline.experimentId': '--experiment',
  'baseline.cell': '--baseline',
  'candidates.*.experimentId': '--experiment',
  'candidates.#.cell': '--candidate',
  'filter.experimentId': '--experiment',
  'baseline.tag': '--baseline-tag',
  'candidates.#.tag': '--candidate-tag',
};

/** The experiment's first cell, the default baseline. */
async function firstCell(ctx: CliContext, experimentId: string): Promise<string> {
  const { runs } = await call(ctx, 'runs.list', { filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 1 });
  if (runs.length === 0) throw new UsageError(`compare: no experiment ${experimentId} (gmpw list shows each run's experiment)`);
  if (!runs[0]!.cell) throw new UsageError(`compare: experiment ${experimentId} has no cells; give --baseline CELL`);
  return runs[0].cell;
}

/** The gate's options, or null without --fail-on. */
function gateOptions(values: { 'fail-on'?: string; 'min-change'?: string }, byTag: boolean): GateOptions | null {
  if (values['fail-on'] === undefined) {
    if (values['min-change'] !== undefined) throw new UsageError('compare: --min-change applies to a gate: give --fail-on too');
    return null;
  }
  const metrics = commaList(values['fail-on']);
  if (metrics.length === 0) throw new UsageError('compare: --fail-on: name at least one metric key (opsPerSec, sched.exact.p99 …; gmpw compare --json lists them)');
  const minChange = values['min-change'] ?? '0';
  // Below 100: no fall of a higher-is-better metric can pass 100%, so more would stop gating those.
  if (!/^\d{1,2}(\.\d+)?%?$/.test(minChange)) throw new UsageError(`compare: --min-change: "${minChange}" is not a percentage from 0 to 99, e.g. 5`);
  return { metrics, minChangePct: Number(minChange.replace(/%$/, '')), alike: byTag };
}

/**
 * Groups compared with benchstat's statistics, then the gate's verdict when there is one: exit 1 when
 * it fails, 2 when it names a metric the comparison does not have (the verdict printed first says
 * which, and what it has).
 */
async function compareGroups(ctx: CliContext, baseline: RunGroupRef, candidates: RunGroupRef[], options: GateOptions | null, markdown: boolean): Promise<number> {
  const comparison = await call(ctx, 'compare.cells', { baseline, candidates });
  const gate = options && { options, result: evaluateGate(comparison, options) };
  if (ctx.json) printJson(ctx, gate ? { ...comparison, gate: gate.result } : comparison);
  else if (markdown) ctx.stdout.write(`${renderGroupComparisonMarkdown(comparison, gate)}\n`);
  else ctx.stdout.write(`${renderGroupComparison(comparison)}\n${gate ? `\n${renderGate(gate)}\n` : ''}`);
  if (gate && gate.result.misnamed.length > 0) {
    ctx.stderr.write(`gmpw compare: --fail-on: ${gate.result.misnamed.join(', ')}: no metric of this comparison has that key\n`);
    return EXIT_USAGE;
  }
  return gate && !gate.result.passed ? EXIT_FAILED : EXIT_OK;
}

async function compareCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('compare', argv, OPTIONS, true);
  const byTag = values['baseline-tag'] !== undefined || values['candidate-tag'] !== undefined;
  const gate = gateOptions(values, byTag);
  const markdown = values.markdown === true;
  if (markdown && ctx.json) throw new UsageError('compare: give --markdown or --json, not both');
  if (values.experiment !== undefined) {
    if (positionals.length || byTag) throw new UsageError('compare: give run ids, --experiment or --baseline-tag, one of them');
    const { experiment: experimentId } = values;
    const base = values.baseline ?? (await firstCell(ctx, experimentId));
    return compareGroups(ctx, { experimentId, cell: base }, (values.candidate ?? []).map((cell) => ({ experimentId, cell })), gate, markdown);
  }
  if (values.baseline !== undefined || values.candidate !== undefined) throw new UsageError('compare: --baseline and --candidate name cells of an --experiment');
  if (byTag) {
    if (positionals.length) throw new UsageError('compare: give run ids, --experiment or --baseline-tag, one of them');
    if (values['baseline-tag'] === undefined || values['candidate-tag'] === undefined) throw new UsageError('compare: --baseline-tag and --candidate-tag go together');
    const tags = [values['baseline-tag'], ...values['candidate-tag']];
    const twice = tags.find((tag, i) => tags.indexOf(tag) !== i);
    if (twice !== undefined) throw new UsageError(`compare: the tag ${twice} is given twice: a group compared with itself says nothing`);
    return compareGroups(ctx, { tag: values['baseline-tag'] }, values['candidate-tag'].map((tag) => ({ tag })), gate, markdown);
  }
  if (gate) throw new UsageError('compare: --fail-on needs repetitions to test: compare --experiment cells or --baseline-tag runs');
  if (markdown) throw new UsageError('compare: --markdown is for groups of repetitions: compare --experiment cells or --baseline-tag runs');
  if (positionals.length < 2) throw new UsageError('compare: give a baseline run id and at least one candidate');
  const [baseline, ...candidates] = positionals;
  const comparison = await call(ctx, 'compare.runs', { baseline, candidates });
  if (ctx.json) printJson(ctx, comparison);
  else ctx.stdout.write(`${renderComparison(comparison)}\n`);
  return EXIT_OK;
}

export const compare: CliCommand = { name: 'compare', summary: 'compare runs, or experiment cells with benchstat statistics', help: HELP, options: OPTIONS, fields: FIELDS, run: compareCommand, readsHistory: true };
