// `gmpw report`: one self-contained HTML file of a run, a comparison or an experiment's cells.
import { resolve } from 'node:path';
import { REPORT_GENERATOR_META } from '../../core/report/html';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { bytes, printableLine } from '../format';
import { checkOutputPath, writeOutputFile, type OwnOutput } from '../output-file';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw report RUN_ID… [--baseline RUN_ID] [-o FILE [--force]]
       gmpw report --experiment ID [--baseline CELL] [-o FILE [--force]]

Writes one HTML file with everything inline (no network, opens from disk in any current browser):
one run gives its run page, several runs a comparison with the first (or --baseline) as baseline
and each run's page, an experiment its cells with medians, CIs and benchstat verdicts. With --json,
it prints {path, bytes, ms, unanswered} instead of a sentence.

  --experiment ID  the cells of this experiment
  --baseline X     the baseline run (among RUN_ID…) or cell (of the experiment)
  -o, --output F   the file to write (default gmpw-report-<ids>.html in the current folder); a file
                   there already is replaced only when it is an earlier gmpw report
  --force          replace the file whatever it is

${COMMON_HELP}`;

const OPTIONS = {
  experiment: { type: 'string' },
  baseline: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

/** A file -o may replace without --force: an earlier report, whose head names the workbench as generator. */
const REPORT: OwnOutput = { marker: REPORT_GENERATOR_META, what: 'a gmpw report' };

async function report(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('report', argv, OPTIONS, true);
  if ((values.experiment === undefined) === (positionals.length === 0)) throw new UsageError('report: give run ids or --experiment ID (one of the two)');
  const force = values.force === true;
  // Before the export when the path is known: a mistake in it costs nothing.
  if (values.output !== undefined) checkOutputPath(values.output, REPORT, force, ctx.dataDir);
  const selection = values.experiment !== undefined ? { experimentId: values.experiment } : { runIds: positionals };
  const out = await call(ctx, 'report.export', { ...selection, baseline: values.baseline });
  const path = resolve(values.output ?? out.fileName);
  writeOutputFile(path, out.html, REPORT, force, ctx.dataDir);
  if (ctx.json) printJson(ctx, { path, bytes: out.bytes, ms: out.ms, unanswered: out.unanswered });
  else {
    ctx.stdout.write(`wrote ${path} (${bytes(out.bytes)}, ${out.ms} ms)\n`);
    // Parts the report shows as an error, as the app would: said here, not found by its reader.
    for (const message of out.unanswered) ctx.stderr.write(`gmpw report: note: the report shows an error in place of: ${printableLine(message)}\n`);
  }
  return EXIT_OK;
}

export const reportCommand: CliCommand = { name: 'report', summary: 'a self-contained HTML report of runs or an experiment', help: HELP, options: OPTIONS, fields: { experimentId: '--experiment', runIds: 'RUN_ID', id: 'RUN_ID', baseline: '--baseline' }, run: report, readsHistory: true };
