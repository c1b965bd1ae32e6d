// The commands that write a range of a run's execution trace to a file (export-perfetto, cut-trace):
// the run, the range (--from and --to in seconds from the trace's first event or as Go durations,
// the highest spike's range with --spike, or the whole trace) and the file (-o, --force).
import { episodeRange, episodeRangeReason, spikeEpisodes, spikeText } from '../../shared/drilldown';
import { parseGoDurationNs } from '../../shared/go-duration';
import { parseCommand } from './args';
import { call } from './call';
import { checkOutputPath, type OwnOutput } from './output-file';
import { UsageError, type CliContext } from './types';

/** The options of each such command. */
export const TRACE_RANGE_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  spike: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

/** Their lines of the commands' help. */
export const TRACE_RANGE_HELP = `  --from T, --to T  the range: seconds from the trace's first event (0.12, 1e-1) or a Go duration
                    (120ms); default the whole trace
  --spike           the range of the run's highest scheduler-latency spike, as its Run page opens it`;

/** A number of seconds as a person or a script writes it: 0.12, .5, 3, 1e-1. */
const SECONDS = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Seconds from "0.12" or a Go duration ("120ms"); a usage error naming the option otherwise. */
function traceTime(command: string, option: string, text: string): number {
  if (SECONDS.test(text)) {
    // 1e400 reads as Infinity: no time at all.
    if (!Number.isFinite(Number(text))) throw new UsageError(`${command}: ${option}: "${text}" is more seconds than a number holds`);
    return Number(text);
  }
  const ns = parseGoDurationNs(text);
  if (ns === null || ns < 0n) throw new UsageError(`${command}: ${option}: "${text}" is neither seconds (0.12) nor a Go duration (120ms)`);
  return Number(ns) / 1e9;
}

/**
 * The range asked for: --from/--to, the highest spike's, or the whole trace; never past the trace's
 * end, where nothing was traced (a state drawn on to a --to of 99 s would be made up).
 */
async function traceRangeOf(command: string, ctx: CliContext, id: string, values: { from?: string; to?: string; spike?: boolean }): Promise<TraceRange> {
  const given = (values.from !== undefined ? 1 : 0) + (values.to !== undefined ? 1 : 0);
  if (given === 1) throw new UsageError(`${command}: --from and --to go together`);
  if (given === 2 && values.spike) throw new UsageError(`${command}: give --from and --to, or --spike, not both`);
  const { analysis } = await call(ctx, 'runs.get', { id });
  if (!analysis) throw new Error(`run ${id} has no analysed execution trace (capture trace to have one)`);
  const end = analysis.meta.duration_s;
  if (given === 2) {
    const from_s = traceTime(command, '--from', values.from!);
    if (from_s >= end) throw new UsageError(`${command}: --from: the trace ends at ${end} s, before ${values.from}`);
    const to_s = traceTime(command, '--to', values.to!);
    return to_s > end ? { from_s, to_s: end, traceEnd_s: end } : { from_s, to_s };
  }
  if (!values.spike) return { from_s: 0, to_s: end };
  const [highest] = spikeEpisodes(analysis, 1);
  if (!highest) throw new UsageError(`${command}: --spike: the analysis of run ${id} flagged no spike; give --from and --to`);
  return { ...episodeRange(highest, analysis), spike: `the highest spike, ${spikeText(highest, analysis)}: its range runs ${episodeRangeReason(highest, analysis)}` };
}

/**
 * A range of a run's trace; `traceEnd_s` when the one asked for went past the trace's end, where it
 * was ended; `spike`, with --spike, which spike it is and why it reaches past the spike's windows.
 */
export interface TraceRange {
  from_s: number;
  to_s: number;
  traceEnd_s?: number;
  spike?: string;
}

/** "0.358136320 s to 0.850000000 s": both ends to the nanosecond, as --from and --to take them back. */
export const rangeText = (from_s: number, to_s: number): string => `${from_s.toFixed(9)} s to ${to_s.toFixed(9)} s`;

/** What such a command was asked: the run, the range, and where to write (-o, checked before any work) with --force. */
export async function traceRangeArgs(command: string, argv: string[], ctx: CliContext, own: OwnOutput): Promise<{ id: string; range: TraceRange; output?: string; force: boolean }> {
  const { positionals, values } = parseCommand(command, argv, TRACE_RANGE_OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError(`${command}: give one run id`);
  const [id] = positionals as [string];
  const force = values.force === true;
  if (values.output !== undefined) checkOutputPath(values.output, own, force, ctx.dataDir);
  return { id, range: await traceRangeOf(command, ctx, id, values), output: values.output, force };
}
