// `gmpw compare BASELINE CANDIDATE…`: key metrics side by side with their change from the baseline.
import type { Comparison } from '../../../shared/contract';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { percent, rate, seconds, table } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw compare BASELINE_ID CANDIDATE_ID [CANDIDATE_ID…]

Prints the key metrics of each run and each candidate's change from the baseline, and warns when
the runs differ in Go version, CPU, GOMAXPROCS or kernel.

${COMMON_HELP}`;

function value(unit: string, v: number | null): string {
  if (unit === 's') return seconds(v);
  return unit ? `${rate(v)} ${unit}` : rate(v);
}

export function renderComparison(c: Comparison): string {
  const header = ['metric', `${c.baseline.run.id} (base)`, ...c.candidates.flatMap((cand) => [cand.run.id, 'Δ'])];
  const rows = c.metrics.map((m) => [
    `${m.label} (${m.better} is better)`,
    value(m.unit, m.baseline),
    ...m.candidates.flatMap((cand) => [value(m.unit, cand.value), percent(cand.deltaPct)]),
  ]);
  const lines = [table([header, ...rows])];
  for (const w of c.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

async function compareCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommand('compare', argv, {}, true);
  if (positionals.length < 2) throw new UsageError('compare: give a baseline run id and at least one candidate');
  const [baseline, ...candidates] = positionals;
  const comparison = await call(ctx, 'compare.runs', { baseline, candidates });
  if (ctx.json) printJson(ctx, comparison);
  else ctx.stdout.write(`${renderComparison(comparison)}\n`);
  return EXIT_OK;
}

export const compare: CliCommand = { name: 'compare', summary: 'compare runs: key metrics with deltas', help: HELP, run: compareCommand };
