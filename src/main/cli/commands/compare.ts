// `gmpw compare BASELINE CANDIDATE…`: key metrics side by side with their change from the baseline.
import type { Comparison, RunDetail } from '../../../shared/contract';
import { runGoRelease } from '../../../shared/go-release';
import { MMU_COLUMNS, mmuCell } from '../../../shared/mmu';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { renderGroupComparison } from './cells-render';
import { NOT_RUN, measured, metricRows, percent, printableLine, seconds, table } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { SINGLE_RUNS_CAVEAT } from '../../../shared/repetitions';

const HELP = `usage: gmpw compare BASELINE_ID CANDIDATE_ID [CANDIDATE_ID…]
       gmpw compare --experiment ID [--baseline CELL] [--candidate CELL]…

Prints the key metrics of each run and each candidate's change from the baseline, the minimum
mutator utilisation (MMU) at 1, 10 and 100 ms and over the whole trace of each traced run, and
warns when the runs differ in Go version, CPU, GOMAXPROCS or kernel.

With --experiment, compares the experiment's cells, all repetitions of a cell as one sample, the
way benchstat does: each cell's median ± 95% confidence interval, and each candidate's change from
the baseline with the Mann–Whitney U p-value ("~" when not significant at α = 0.05).

  --experiment ID   the experiment whose cells to compare
  --baseline CELL   the baseline cell, e.g. 'GOMAXPROCS=1 concurrency=100' (default: the first cell)
  --candidate CELL  a cell to compare with the baseline, repeatable (default: every other cell)

${COMMON_HELP}`;

export function renderComparison(c: Comparison): string {
  const header = ['metric', `${c.baseline.run.id} (base)`, ...c.candidates.flatMap((cand) => [cand.run.id, 'Δ'])];
  const missing = (m: Comparison['metrics'][number], side: number) => m.benchmark?.missingFrom.includes(side) ?? false;
  const rows = metricRows(
    c.metrics.map((m) => ({ ...m, label: m.better ? `${m.label} (${m.better} is better)` : m.label })),
    (m) => [
      missing(m, 0) ? NOT_RUN : measured(m.unit, m.baseline),
      ...m.candidates.flatMap((cand, i) => [missing(m, i + 1) ? NOT_RUN : measured(m.unit, cand.value), percent(cand.deltaPct)]),
    ],
  );
  // The Go that built each binary first, so a difference between releases reads as one.
  const go = ['Go', runGoRelease(c.baseline), ...c.candidates.flatMap((cand) => [runGoRelease(cand), ''])];
  const lines = [table([header, go, ...rows, ...mmuRows(c)])];
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
  const runs = [c.baseline, ...c.candidates];
  if (!runs.some((d) => d.analysis?.mmu)) return [];
  const row = (label: string, cell: (a: NonNullable<RunDetail['analysis']>) => string) => [
    label,
    ...runs.flatMap((d, i) => {
      const text = d.analysis?.mmu ? cell(d.analysis) : '—';
      return i === 0 ? [text] : [text, ''];
    }),
  ];
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
};

async function compareCells(ctx: CliContext, experimentId: string, baseline: string | undefined, candidates: string[]): Promise<number> {
  let base = baseline;
  if (base === undefined) {
    const { runs } = await call(ctx, 'runs.list', { filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 1 });
    if (runs.length === 0) throw new UsageError(`compare: no experiment ${experimentId} (gmpw list shows each run's experiment)`);
    if (!runs[0]!.cell) throw new UsageError(`compare: experiment ${experimentId} has no cells; give --baseline CELL`);
    base = runs[0].cell;
  }
  const comparison = await call(ctx, 'compare.cells', {
    baseline: { experimentId, cell: base },
    candidates: candidates.map((cell) => ({ experimentId, cell })),
  });
  if (ctx.json) printJson(ctx, comparison);
  else ctx.stdout.write(`${renderGroupComparison(comparison)}\n`);
  return EXIT_OK;
}

async function compareCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('compare', argv, OPTIONS, true);
  if (values.experiment !== undefined) {
    if (positionals.length) throw new UsageError('compare: give run ids or --experiment, not both');
    return compareCells(ctx, values.experiment, values.baseline, values.candidate ?? []);
  }
  if (values.baseline !== undefined || values.candidate !== undefined) throw new UsageError('compare: --baseline and --candidate name cells of an --experiment');
  if (positionals.length < 2) throw new UsageError('compare: give a baseline run id and at least one candidate');
  const [baseline, ...candidates] = positionals;
  const comparison = await call(ctx, 'compare.runs', { baseline, candidates });
  if (ctx.json) printJson(ctx, comparison);
  else ctx.stdout.write(`${renderComparison(comparison)}\n`);
  return EXIT_OK;
}

export const compare: CliCommand = { name: 'compare', summary: 'compare runs, or experiment cells with benchstat statistics', help: HELP, options: OPTIONS, fields: FIELDS, run: compareCommand, readsHistory: true };
