// What a run produced goes into the store: result.json, what the driver collects (a benchmark's
// ops/s), and the analysis of its execution trace by gmptrace; after a clean exit, and what a
// run that did not succeed left.
import { join } from 'node:path';
import type { RunConfig } from '../../../shared/domain';
import type { Store } from '../store';
import type { CheckedRunResult } from '../store/files';
import type { PreparedTarget } from '../targets';
import { fileAt, readRegularTextFile } from '../regular-file';
import type { Toolchain } from '../toolchain';
import { buildFailureReason } from '../toolchain/build-cache';
import { RunControl } from './run-control';
import { analyseTrace, runTrace, type TraceAnalysisOutcome } from '../gmptrace/trace-analysis';

export interface OutputDeps {
  store: Store;
  toolchain: Toolchain;
}

/** Stores what the run produced; returns why it failed when its output is unusable. */
export async function storeRunOutputs(
  id: string,
  config: RunConfig,
  prepared: PreparedTarget,
  terminalText: string,
  say: (line: string) => void,
  control: RunControl,
  deps: OutputDeps,
): Promise<string | null> {
  const dir = deps.store.runDir(id);
  let result: CheckedRunResult | null;
  try {
    result = await saveResultFile(id, say, deps);
  } catch (err) {
    if (err instanceof UnreadableResult) return err.message;
    throw err;
  }
  if (!result && (config.target.kind === 'scenario' || config.target.kind === 'program')) {
    return 'the target wrote no result.json (does the program call stress.Main?)';
  }
  if (prepared.collect) {
    try {
      const collected = await prepared.collect(dir, terminalText);
      if (collected.opsPerSec !== undefined) deps.store.saveThroughput(id, collected.opsPerSec);
      if (collected.gomaxprocsInForce !== undefined) deps.store.saveGomaxprocsInForce(id, collected.gomaxprocsInForce);
    } catch (err) {
      return (err as Error).message;
    }
  }
  await saveTraceAnalysis(id, control, deps);
  if (result?.notThisRun) return result.notThisRun;
  // Figures this workbench cannot read are none: a run that measured nothing it can show has not
  // succeeded (an experiment would count it among a cell's runs).
  if (result?.problem) return `its result.json is not one this workbench reads (kept in the run's folder): ${result.problem}`;
  // The harness writes its results when a signal stops it, and exits 0: a window the workbench did
  // not stop (a kill on the machine, a host's watchdog that lost the workbench's heartbeats) was cut
  // short, and its figures are not the duration asked for.
  if (result?.value?.stopped) return 'a signal stopped the target before its measured window ended (the workbench did not): its figures cover a shortened window';
  return null;
}

/** The harness writes kilobytes; past this a result.json is not read (a target's runaway, or /dev/zero). */
const MAX_RESULT_BYTES = 16 << 20;

/** A result.json that is there but is no JSON file (not regular, too large, not JSON): the run's failure, in words. */
class UnreadableResult extends Error {}

/**
 * Stores the run's result.json when it wrote one, and returns it as checked; null when it wrote
 * none. Throws UnreadableResult when it is not a regular file, is too large or is not JSON.
 */
async function saveResultFile(id: string, say: (line: string) => void, deps: OutputDeps): Promise<CheckedRunResult | null> {
  const resultFile = join(deps.store.runDir(id), 'result.json');
  const at = fileAt(resultFile);
  if (at === 'missing') return null;
  if (at !== 'file') throw new UnreadableResult(`the target left result.json as ${at}, not a regular file: not read`);
  let value: unknown;
  try {
    value = JSON.parse(await readRegularTextFile(resultFile, MAX_RESULT_BYTES));
  } catch (err) {
    throw new UnreadableResult(`the target's result.json could not be read: ${(err as Error).message}`);
  }
  // A result.json of JSON this workbench cannot read is kept as is, and the store notes the problem.
  const checked = deps.store.saveResult(id, value);
  if (checked.problem) say(checked.notThisRun ?? `result.json kept but not understood: ${checked.problem}`);
  return checked;
}

/**
 * What a run that did not succeed left is stored as a finished run's is, so every page tells the
 * same story from the same files: what a cancelled, failed or timed-out run wrote before it ended
 * (the harness writes result.json and the flight recorder's trace on SIGTERM and on a scenario's
 * error; a trace cut short is analysed up to its last complete generation), here or on a host and
 * fetched with the run, or the files a failed remote run's host kept, fetched later. Its end has
 * happened: the analysis runs to its end, unless control (a failed run's own, still under way) is
 * cancelled meanwhile. A run that left no trace gets no analysis note: the
 * run's page says why it has none, knowing whether one was asked for (read-side/detail.ts).
 */
export async function storeUnfinishedRunOutputs(id: string, say: (line: string) => void, deps: OutputDeps, control = new RunControl()): Promise<void> {
  try {
    await saveResultFile(id, say, deps);
  } catch (err) {
    say(`result.json not read: ${(err as Error).message}`);
  }
  if (runTrace(deps.store.runDir(id)) !== null) await saveTraceAnalysis(id, control, deps);
}

/** What a run without a trace says: a run could have captured one. */
const NOT_CAPTURED = 'No execution trace was captured (add trace to the capture set).';

/**
 * Runs gmptrace on the run's trace, if any, and stores (and returns) the analysis or the reason there
 * is none: `noTrace`, which an import words its own way.
 */
export async function saveTraceAnalysis(id: string, control: RunControl, deps: OutputDeps, noTrace = NOT_CAPTURED): Promise<TraceAnalysisOutcome> {
  const outcome = await traceAnalysis(id, control, deps, noTrace);
  deps.store.saveAnalysis(id, outcome.analysis, outcome.note);
  return outcome;
}

async function traceAnalysis(id: string, control: RunControl, deps: OutputDeps, noTrace: string): Promise<TraceAnalysisOutcome> {
  const dir = deps.store.runDir(id);
  const trace = runTrace(dir);
  if (trace === null) return { analysis: null, note: noTrace };
  // gmptrace would wait on a FIFO for a writer that never comes.
  const at = fileAt(join(dir, trace));
  if (at !== 'file') return { analysis: null, note: `trace not analysed: ${trace} is ${at}, not a regular file` };
  let gmptrace: string;
  try {
    gmptrace = await (await deps.toolchain.tools()).gmptrace();
  } catch (err) {
    return { analysis: null, note: `trace not analysed: gmptrace could not be built (${buildFailureReason(err)})` };
  }
  const abort = new AbortController();
  const off = control.onCancel(() => abort.abort());
  try {
    const outcome = await analyseTrace(gmptrace, dir, trace, abort.signal);
    if (trace !== 'flight.trace') return outcome;
    return { ...outcome, note: ["Analysed flight.trace, the flight recorder's last window of the run, not the whole run.", outcome.note].filter(Boolean).join(' ') };
  } finally {
    off();
  }
}
