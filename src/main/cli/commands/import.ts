// `gmpw import FILE…`: analyse an existing execution trace and pprof profiles without running
// anything; they become a run tagged 'imported'.
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { cancelOnSignals } from '../cancel-on-signal';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { renderRun } from './show';

const HELP = `usage: gmpw import FILE… [--label TEXT] [--tag TAG]

FILE is a Go execution trace (at most one) or a pprof profile. They are copied into a new run,
tagged 'imported'; the trace is analysed like a run's own (scheduler latency, timelines,
trace-derived profiles). Ctrl-C ends the import's run as cancelled (exit 130).

${COMMON_HELP}`;

const OPTIONS = { label: { type: 'string' }, tag: { type: 'string', multiple: true } } as const;

async function runImport(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommand('import', argv, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('import: give at least one trace or pprof file');
  const core = await ctx.core();
  // The import's run is the one run this process makes: its first state names it, for a Ctrl-C
  // (or a closed terminal) to end it as cancelled rather than leave it active.
  let importing: string | null = null;
  const cancel = () => {
    if (importing) void call(ctx, 'runs.cancel', { id: importing }).catch(() => undefined);
  };
  const signals = cancelOnSignals(ctx.stderr, 'import', cancel);
  const offState = core.events.on('run.state', ({ runId }) => {
    if (importing) return;
    importing = runId;
    if (signals.interrupted()) cancel();
  });
  try {
    const { runId } = await call(ctx, 'runs.import', { files: positionals, label: values.label ?? '', tags: values.tag ?? [] });
    const detail = await call(ctx, 'runs.get', { id: runId });
    if (ctx.json) printJson(ctx, detail);
    else ctx.stdout.write(`${renderRun(detail)}\n`);
    if (signals.interrupted()) return EXIT_INTERRUPTED;
    return detail.run.state === 'succeeded' ? EXIT_OK : EXIT_FAILED;
  } finally {
    offState();
    signals.off();
  }
}

export const importCommand: CliCommand = { name: 'import', summary: 'analyse existing trace/pprof files as a run', help: HELP, options: OPTIONS, fields: { files: 'FILE', label: '--label', tags: '--tag' }, run: runImport };
