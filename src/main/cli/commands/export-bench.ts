// `gmpw export-bench`: runs in the Go benchmark format on stdout, for benchstat and its kin.
import { benchstatCommand } from '../../../shared/benchstat-columns';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { BENCHFMT_EXPORT_HEADER } from '../../core/read-side/benchfmt-export';
import { checkOutputPath, writeOutputFile, type OwnOutput } from '../output-file';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { counted } from '../../../shared/plural';

const HELP = `usage: gmpw export-bench --experiment ID [-o FILE [--force]]
       gmpw export-bench RUN_ID… [-o FILE [--force]]

Writes the runs in the Go benchmark format (golang.org/design/14313-benchmark-format): one line per
succeeded run, named Benchmark<Target>/<param>=<v>/concurrency=N-GOMAXPROCS (no concurrency= for a run that did not use it), with throughput,
scheduler-latency and GC numbers as value-unit pairs. A Go benchmark run gives the lines go test
printed, one per benchmark, with their header. Feed it to benchstat, comparing along the keys that
tell the runs apart, which it names on stderr (-col go,cpu-limit for a grid of Go releases and CPU limits):
  gmpw export-bench --experiment ID -o grid.txt && benchstat -col go,cpu-limit grid.txt
A run that did not succeed, or left no readable result, is skipped with the reason on stderr; when
every run is, nothing is written and the exit code is 1.

  --experiment ID  every run of this experiment
  -o, --output F   write to the file F instead of stdout; a file there already is replaced only
                   when it is an earlier gmpw export-bench (its first line says so)
  --force          replace the file whatever it is

${COMMON_HELP}`;

const OPTIONS = {
  experiment: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

/**
 * A file -o may replace without --force: an earlier export, known by the first line every export
 * has. An export by a gmpw from before that line has none, so the refusal says what it looked for.
 */
const EXPORT: OwnOutput = {
  marker: BENCHFMT_EXPORT_HEADER,
  what: 'a gmpw export-bench',
  lacking: `does not begin with "${BENCHFMT_EXPORT_HEADER}", the line every export begins with, so it may not be an export (an older gmpw wrote its exports without it)`,
};

async function exportBench(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('export-bench', argv, OPTIONS, true);
  if ((values.experiment === undefined) === (positionals.length === 0)) throw new UsageError('export-bench: give --experiment ID or run ids (one of the two)');
  const force = values.force === true;
  if (values.output !== undefined) checkOutputPath(values.output, EXPORT, force, ctx.dataDir);
  const out = await call(ctx, 'compare.exportBenchfmt', values.experiment !== undefined ? { experimentId: values.experiment } : { runIds: positionals });
  for (const s of out.skipped) ctx.stderr.write(`skipped ${s.id}: ${s.reason}\n`);
  if (ctx.json) printJson(ctx, out);
  // Every run skipped: an empty file or an empty stdout fed to benchstat would compare nothing.
  if (out.runs === 0) {
    const written = values.output === undefined ? '' : `; ${values.output} was not written`;
    ctx.stderr.write(`gmpw export-bench: nothing exported: ${out.skipped.length ? `${out.skipped.length === 1 ? 'the run chosen was' : `each of the ${out.skipped.length} runs chosen was`} skipped` : 'no run chosen'}${written}\n`);
    return EXIT_FAILED;
  }
  if (ctx.json) return EXIT_OK;
  if (values.output !== undefined) {
    writeOutputFile(values.output, out.text, EXPORT, force, ctx.dataDir);
    ctx.stderr.write(`wrote ${counted(out.runs, 'run')} to ${values.output}\n`);
  } else ctx.stdout.write(out.text);
  ctx.stderr.write(`compare with: ${benchstatCommand(out.columns, values.output ?? 'FILE')}\n`);
  return EXIT_OK;
}

export const exportBenchCommand: CliCommand = { name: 'export-bench', summary: 'runs in the Go benchmark format, for benchstat', help: HELP, options: OPTIONS, fields: { experimentId: '--experiment', runIds: 'RUN_ID', id: 'RUN_ID' }, run: exportBench, readsHistory: true };
