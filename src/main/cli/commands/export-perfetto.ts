// `gmpw export-perfetto`: a range of a run's execution trace in the Trace Event Format, for
// ui.perfetto.dev and chrome://tracing; the same file as the drill-down's "Download for Perfetto".
import { resolve } from 'node:path';
import { PERFETTO_EXPORT_HEAD, perfettoFileName, windowAsTraceEvents } from '../../../shared/perfetto-export';
import { WINDOW_MAX_ITEMS } from '../../../shared/trace-window';
import { counted } from '../../../shared/plural';
import { COMMON_HELP } from '../args';
import { call, printJson } from '../call';
import { TRACE_RANGE_HELP, TRACE_RANGE_OPTIONS, rangeText, traceRangeArgs } from '../trace-range';
import { bytes } from '../format';
import { writeOutputFile, type OwnOutput } from '../output-file';
import { EXIT_OK, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw export-perfetto RUN_ID [--from T --to T | --spike] [-o FILE [--force]]

Writes a range of the run's execution trace as JSON in the Trace Event Format, which
https://ui.perfetto.dev (Open trace file) and chrome://tracing open: a track per P with the
goroutines it ran, a track per goroutine with its states and the stacks that changed them, flows
from the goroutine that made another runnable, the runtime's GC, stop-the-world, assist and sweep
ranges, user regions and tasks, and the number of runnable goroutines. Times are the trace's:
from its first event, as the Run page's timelines count them. Each list holds at most
${WINDOW_MAX_ITEMS.toLocaleString('en-US')} items; past that the file says where each list stops. A range
reaching past the trace's end ends there. With --json, it prints {path, events, bytes, from_s,
to_s, trace, notes} instead of a sentence.

${TRACE_RANGE_HELP}
  -o, --output F    the file to write (default RUN_ID-FROM-TO.perfetto.json in the current folder);
                    a file there already is replaced only when it is an earlier export
  --force           replace the file whatever it is

${COMMON_HELP}`;

/** A file -o may replace without --force: an earlier export, which begins with its generator's name. */
const EXPORT: OwnOutput = { marker: PERFETTO_EXPORT_HEAD, what: 'a gmpw export-perfetto' };

async function exportPerfetto(argv: string[], ctx: CliContext): Promise<number> {
  const { id, range, output, force } = await traceRangeArgs('export-perfetto', argv, ctx, EXPORT);
  const answer = await call(ctx, 'runs.window', { id, from_s: range.from_s, to_s: range.to_s });
  const file = windowAsTraceEvents(answer.window, { runId: id, trace: answer.trace });
  const path = output ?? perfettoFileName(id, answer.window);
  const text = JSON.stringify(file);
  writeOutputFile(path, text, EXPORT, force, ctx.dataDir);
  const written = { path: resolve(path), events: file.traceEvents.length, bytes: Buffer.byteLength(text), from_s: answer.window.from_s, to_s: answer.window.to_s, trace: answer.trace, notes: file.otherData.notes ?? null };
  if (ctx.json) {
    printJson(ctx, written);
    return EXIT_OK;
  }
  ctx.stdout.write(`wrote ${written.path}: ${counted(written.events, 'event')}, ${bytes(written.bytes)}, ${rangeText(written.from_s, written.to_s)} of ${written.trace}${written.notes ? `. ${written.notes}` : ''}\n`);
  if (range.spike) ctx.stdout.write(`${range.spike}\n`);
  // A capped list leaves its tracks empty past its cut: which lists, and the range that comes out whole, are said.
  const cuts = Object.entries(answer.window.kept_until_s).sort((a, b) => a[1] - b[1]);
  if (cuts.length > 0) {
    // To the µs, as gmptrace's notes give the cuts; the whole range's end rounded down, inside the cut.
    const capped = cuts.map(([list, until], i) => `${list.replace('_', ' ')} ${i === 0 ? 'whole ' : ''}until ${until.toFixed(6)} s`).join(', ');
    const wholeTo = (Math.floor(cuts[0]![1] * 1e6) / 1e6).toFixed(6);
    ctx.stdout.write(`capped: ${capped} (the other lists are whole); --from ${answer.window.from_s} --to ${wholeTo} exports a range with nothing left out\n`);
  }
  ctx.stdout.write('open it in https://ui.perfetto.dev (Open trace file) or chrome://tracing\n');
  return EXIT_OK;
}

export const exportPerfettoCommand: CliCommand = { name: 'export-perfetto', summary: "a range of a run's execution trace, for ui.perfetto.dev", help: HELP, options: TRACE_RANGE_OPTIONS, fields: { id: 'RUN_ID', from_s: '--from', to_s: '--to' }, run: exportPerfetto, readsHistory: true };
