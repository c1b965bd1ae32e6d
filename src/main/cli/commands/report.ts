// `gmpw report`: one self-contained HTML file of a run, a comparison or an experiment's cells.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { bytes } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw report RUN_ID… [--baseline RUN_ID] [-o FILE]
       gmpw report --experiment ID [--baseline CELL] [-o FILE]

Writes one HTML file with everything inline (no network, opens from disk in any current browser):
one run gives its run page, several runs a comparison with the first (or --baseline) as baseline
and each run's page, an experiment its cells with medians, CIs and benchstat verdicts. With --json,
it prints {path, bytes, ms} instead of a sentence.

  --experiment ID  the cells of this experiment
  --baseline X     the baseline run (among RUN_ID…) or cell (of the experiment)
  -o, --output F   the file to write (default gmpw-report-<ids>.html in the current folder)

${COMMON_HELP}`;

const OPTIONS = {
  experiment: { type: 'string' },
  baseline: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

async function report(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('report', argv, OPTIONS, true);
  if ((values.experiment === undefined) === (positionals.length === 0)) throw new UsageError('report: give run ids or --experiment ID (one of the two)');
  const selection = values.experiment !== undefined ? { experimentId: values.experiment } : { runIds: positionals };
  const out = await call(ctx, 'report.export', { ...selection, baseline: values.baseline });
  const path = resolve(values.output ?? out.fileName);
  writeFileSync(path, out.html);
  if (ctx.json) printJson(ctx, { path, bytes: out.bytes, ms: out.ms });
  else ctx.stdout.write(`wrote ${path} (${bytes(out.bytes)}, ${out.ms} ms)\n`);
  return EXIT_OK;
}

export const reportCommand: CliCommand = { name: 'report', summary: 'a self-contained HTML report of runs or an experiment', help: HELP, run: report, readsHistory: true };
