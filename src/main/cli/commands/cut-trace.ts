// `gmpw cut-trace`: the whole generations of a run's execution trace that hold a range, as a trace of
// their own for go tool trace or gotraceui (gmptrace cut, PROTOCOL.md §3.4).
import { resolve } from 'node:path';
import { CUT_FROM_START_TEXT, cutClockText, cutFileName, cutHoldsText, cutSpanText } from '../../../shared/trace-cut';
import { localShellQuote } from '../../core/shell-quote';
import { COMMON_HELP } from '../args';
import { call, printJson } from '../call';
import { bytes } from '../format';
import { copyOutputFile, type OwnOutput } from '../output-file';
import { TRACE_RANGE_HELP, TRACE_RANGE_OPTIONS, rangeText, traceRangeArgs } from '../trace-range';
import { EXIT_OK, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw cut-trace RUN_ID [--from T --to T | --spike] [-o FILE [--force]]

Writes the part of the run's execution trace that holds a range as a trace of its own, which
go tool trace and gotraceui open in a fraction of the time a long trace takes: the whole
generations (the runtime writes one about every second) that hold the range's events, byte for
byte. A generation cannot be cut finer, so the cut holds more than the range, and a trace written as
one generation cuts to itself; the command says which generations it kept and the time they span.
Those tools count time from the cut's first event: a moment the workbench places at t s is at
t − FROM there, FROM being the cut's start it prints. With --json, it prints {path, generations,
of, from_s, to_s, bytes, traceBytes, fromStart, whole, trace} instead.

${TRACE_RANGE_HELP}
  -o, --output F    the file to write (default RUN_ID-FROM-TO.trace in the current folder); a file
                    there already is replaced only with --force
  --force           replace the file there

${COMMON_HELP}`;

/** A cut is a Go trace byte for byte: it carries no mark of its own, so only --force replaces a file. */
const CUT: OwnOutput = { marker: null, what: 'a gmpw cut-trace' };

async function cutTrace(argv: string[], ctx: CliContext): Promise<number> {
  const { id, range, output, force } = await traceRangeArgs('cut-trace', argv, ctx, CUT);
  const cut = await call(ctx, 'runs.cutTrace', { id, from_s: range.from_s, to_s: range.to_s });
  const path = resolve(output ?? cutFileName(id, range));
  copyOutputFile(cut.path, path, CUT, force, ctx.dataDir);
  const { runId: _run, path: _cached, name: _name, openWith: _open, ...facts } = cut;
  if (ctx.json) {
    printJson(ctx, { path, ...facts });
    return EXIT_OK;
  }
  ctx.stdout.write(`wrote ${path}: ${cutHoldsText(cut, bytes)}, ${cutSpanText(cut)}\n`);
  const ended = range.traceEnd_s === undefined ? '' : ` (the trace ends at ${range.traceEnd_s} s: the range ends there)`;
  ctx.stdout.write(`the range: ${rangeText(range.from_s, range.to_s)} of ${cut.trace}${ended}\n`);
  if (range.spike) ctx.stdout.write(`${range.spike}\n`);
  if (cut.fromStart) ctx.stdout.write(`${CUT_FROM_START_TEXT}\n`);
  ctx.stdout.write(`open it with go tool trace ${localShellQuote(path)}; ${cutClockText(cut, range)}\n`);
  return EXIT_OK;
}

export const cutTraceCommand: CliCommand = { name: 'cut-trace', summary: "the generations of a run's trace that hold a range, for go tool trace", help: HELP, options: TRACE_RANGE_OPTIONS, fields: { id: 'RUN_ID', from_s: '--from', to_s: '--to' }, run: cutTrace, readsHistory: true };
