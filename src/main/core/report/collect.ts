// What a report holds: the answers to exactly the commands the app's pages send for the exported
// runs, recorded through the same handler table the app uses, so the report shows what the app
// shows. Profiles are pruned (prune.ts), terminal logs cut to their end and spike drill-downs
// trimmed (shapeWindowForReport) to keep the file small; environment values and this machine's
// artifact paths are left out (shareableRun).
import type { CommandInput, CommandName, CommandOutput, Comparison, GroupComparison, RunDetail } from '../../../shared/contract';
import type { DiffFlameTree, FlameTree } from '../../../shared/domain';
import { experimentCells, typedCell } from '../../../shared/cell-name';
import { episodeRange, reportedEpisodes, reportedWaitEnd } from '../../../shared/drilldown';
import { REPORT_WINDOW_ITEMS, WINDOW_MAX_ITEMS, type RunWindow } from '../../../shared/trace-window';
import { answerKey, type ReportPage, type ReportSnapshot } from '../../../shared/report';
import { runNames } from '../../../shared/run-names';
import type { Outcome } from '../../../shared/transport';
import { toCommandError, UserError } from '../errors';
import { pruneTree } from './prune';
import { keptTraceGone } from '../../../shared/artifacts-gone';

export type Query = <N extends CommandName>(name: N, input: CommandInput<N>) => Promise<CommandOutput<N>>;

export type ReportSelection = { runIds: string[]; baseline?: string } | { experimentId: string; baseline?: string };

/** What a kind of report says about itself, beside the answers. */
type ReportShape = Pick<ReportSnapshot, 'kind' | 'title' | 'pages'>;

/** Frames under 0.1% of a profile are left out: invisible below ~1000 px anyway, and most of the bytes. */
export const MIN_FRAME_SHARE = 0.001;
/** The end of each run's terminal log that a report keeps. */
export const TERMINAL_TAIL_CHARS = 16 * 1024;
/** How the app's Cells page asks for the experiments to pick from (CellsPage). */
const HISTORY_QUERY = { limit: 2000 } as const;

class Recorder {
  readonly answers: Record<string, Outcome<unknown>> = {};
  constructor(private readonly query: Query) {}

  /**
   * Records the answer as `shape` makes it; a failure fails the export with the command's own
   * message. Returns the answer as the command gave it: what the report holds is shaped, what the
   * export reads from it (an environment's values, to leave them out elsewhere) need not be.
   */
  async recordOrFail<N extends CommandName>(name: N, input: CommandInput<N>, shape: (out: CommandOutput<N>) => CommandOutput<N> = (o) => o): Promise<CommandOutput<N>> {
    const answer = await this.query(name, input);
    this.answers[answerKey(name, input)] = { ok: true, value: shape(answer) };
    return answer;
  }

  /**
   * Records the answer, or the error, which the report then shows where the app would; under the
   * query the pages send (`asked`, by default the one made). Returns the answer as the command gave
   * it, null after an error.
   */
  async record<N extends CommandName>(name: N, input: CommandInput<N>, shape: (out: CommandOutput<N>) => CommandOutput<N> = (o) => o, asked: CommandInput<N> = input): Promise<CommandOutput<N> | null> {
    try {
      const answer = await this.query(name, input);
      this.answers[answerKey(name, asked)] = { ok: true, value: shape(answer) };
      return answer;
    } catch (err) {
      this.answers[answerKey(name, asked)] = { ok: false, error: toCommandError(err) };
      return null;
    }
  }

  /** The command's answer, not recorded: what the export reads to shape others. */
  ask<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    return this.query(name, input);
  }

  /** An answer the report gives to a query the pages send, with the value the report has for it. */
  set<N extends CommandName>(name: N, input: CommandInput<N>, value: CommandOutput<N>): void {
    this.answers[answerKey(name, input)] = { ok: true, value };
  }
}

const pruneFlame = (tree: FlameTree): FlameTree => ({ ...tree, nodes: pruneTree(tree.nodes, (n) => n.total, MIN_FRAME_SHARE) });
const pruneDiff = (tree: DiffFlameTree): DiffFlameTree => ({ ...tree, nodes: pruneTree(tree.nodes, (n) => n.baseTotal + n.candTotal, MIN_FRAME_SHARE) });

/**
 * A drill-down as a report keeps it: the timeline's lanes and the facts whole; of the goroutines'
 * transitions only the worst waiters' and `focus`'s (their lanes: a wait's end opens with the
 * waiter's lane first), and no unblock edges: the rest served the facts, which are already derived,
 * and would make a busy spike's window megabytes.
 */
function shapeWindowForReport(answer: RunWindow, focus?: number): RunWindow {
  const waiters = new Set([...answer.facts.worstWaits.map((w) => w.g), ...(focus === undefined ? [] : [focus])]);
  const w = answer.window;
  const goroutines = w.goroutines.filter((g) => waiters.has(g.g));
  const count = (n: number) => n.toLocaleString('en-US');
  // The range's unblock edges, kept and left out by the cap alike: none of them is in the report.
  const unblocks = w.unblocks.length + (w.truncated.unblocks ?? 0);
  const note = `This report asked for at most ${count(REPORT_WINDOW_ITEMS)} items of each list of the range (the app asks for ${count(WINDOW_MAX_ITEMS)}), and keeps the transitions of the ${count(goroutines.length)} goroutines of ${count(w.goroutines.length)} that have lanes (the longest-waiting${focus === undefined ? '' : `, and goroutine ${focus}, whose wait ends here`}) and none of the range's ${count(unblocks)} unblock edges; the facts were derived before this trimming (the worst and open waits from every transition of the range).`;
  return { ...answer, window: { ...w, goroutines, unblocks: [], notes: [...w.notes, note] } };
}

/** Stands for an environment value in a report: runs keep values that may be credentials. */
export const ENV_VALUE_LEFT_OUT = '(value not in the report)';

/**
 * A run as a report shares it: environment values left out (their names stay), and no commands that
 * open artifacts, whose paths are this machine's and mean nothing to a reader.
 */
export function shareableRun(d: RunDetail): RunDetail {
  const env = Object.fromEntries(Object.keys(d.config.env).map((name) => [name, ENV_VALUE_LEFT_OUT]));
  return { ...d, config: { ...d.config, env }, artifacts: d.artifacts.map((a) => ({ ...a, openWith: null })) };
}

const shareableComparison = (c: Comparison): Comparison => ({ ...c, baseline: shareableRun(c.baseline), candidates: c.candidates.map(shareableRun) });

/**
 * A text of the report (a setup line: "… · GOGC=5 · capture trace") with each of `env`'s settings
 * shown without its value, as shareableRun shows the run's environment; the longest first, so that
 * one value inside another is never left half out.
 */
function withoutEnvValues(text: string, env: Readonly<Record<string, string>>): string {
  const settings = Object.entries(env).map(([k, v]) => [`${k}=${v}`, `${k}=${ENV_VALUE_LEFT_OUT}`] as const).sort(([a], [b]) => b.length - a.length);
  return settings.reduce((out, [setting, shown]) => out.split(setting).join(shown), text);
}

function cutTerminal(out: { text: string }): { text: string } {
  if (out.text.length <= TERMINAL_TAIL_CHARS) return out;
  const tail = out.text.slice(-TERMINAL_TAIL_CHARS);
  const from = tail.indexOf('\n') + 1;
  return { text: `[… the report keeps the last ${tail.length - from} characters of the log …]\n${tail.slice(from)}` };
}

/** Everything the Run page asks for one run; profiles are decoded in parallel (the first export of a run decodes them all). */
async function recordRun(rec: Recorder, id: string): Promise<RunDetail> {
  const detail = await rec.recordOrFail('runs.get', { id }, shareableRun);
  await Promise.all([
    rec.record('runs.series', { id }),
    rec.record('runs.terminal', { id }, cutTerminal),
    // The history of its setup as the export found it: later runs are not in a report.
    rec.record('runs.trend', { id }, (trend) => ({ ...trend, setup: withoutEnvValues(trend.setup, detail.config.env) })),
    ...detail.profiles.map((profile) => rec.record('runs.flame', { id, profile }, pruneFlame)),
  ]);
  // The drill-downs of the highest spike episodes, one after another: each runs gmptrace on the trace,
  // with fewer items a list than the app's (a long starvation's range was 27 MB of JSON at 100,000).
  const analysis = detail.analysis;
  // A trace deleted since: the Run page offers no drill-down, and the report records none.
  if (analysis && !keptTraceGone(detail.artifacts)) {
    const recordWindow = (asked: { id: string; from_s: number; to_s: number }, focus?: number) =>
      rec.record('runs.window', { ...asked, maxItems: REPORT_WINDOW_ITEMS }, (answer) => shapeWindowForReport(answer, focus), asked);
    for (const episode of reportedEpisodes(analysis)) {
      const asked = { id, ...episodeRange(episode, analysis) };
      const answer = await recordWindow(asked);
      // A busy range's cap can stop its timeline before its longest wait ends: that end, as the app opens it.
      const end = answer && reportedWaitEnd(answer.facts, asked, analysis.meta.duration_s);
      if (end) await recordWindow({ id, from_s: end.from_s, to_s: end.to_s }, end.g);
    }
  }
  return detail;
}

/** The Compare page: metrics, the benchmark-format text, and the diff of every common profile (per second, its default). */
async function recordComparison(rec: Recorder, baseline: string, candidates: string[]): Promise<Comparison> {
  const comparison = await rec.recordOrFail('compare.runs', { baseline, candidates }, shareableComparison);
  await Promise.all([
    rec.record('compare.exportBenchfmt', { runIds: [baseline, ...candidates] }),
    ...candidates.flatMap((candidate) =>
      (comparison.profilesByCandidate[candidate] ?? []).map((profile) => rec.record('compare.diffFlame', { baseline, candidate, profile, normalisation: 'per-second' }, pruneDiff)),
    ),
  ]);
  return comparison;
}

function orderRuns(runIds: string[], baseline: string | undefined): string[] {
  const unique = [...new Set(runIds)];
  if (baseline === undefined) return unique;
  if (!unique.includes(baseline)) throw new UserError(`The baseline ${baseline} is not one of the exported runs`, 'baseline');
  return [baseline, ...unique.filter((id) => id !== baseline)];
}

async function recordRuns(rec: Recorder, runIds: string[]): Promise<ReportShape> {
  const runPage = (d: RunDetail, label: string): ReportPage => ({ label, hash: `#/run/${encodeURIComponent(d.run.id)}` });
  if (runIds.length === 1) {
    const detail = await recordRun(rec, runIds[0]);
    const [name] = runNames([detail]);
    return { kind: 'run', title: `Run ${name}`, pages: [runPage(detail, name)] };
  }
  const [baseline, ...candidates] = runIds;
  const [comparison] = await Promise.all([recordComparison(rec, baseline, candidates), ...runIds.map((id) => recordRun(rec, id))]);
  const details = [comparison.baseline, ...comparison.candidates];
  const names = runNames(details);
  const targets = [...new Set(details.map((d) => d.run.targetName))];
  const compareHash = `#/compare/${encodeURIComponent(baseline)}/${candidates.map(encodeURIComponent).join(',')}`;
  return {
    kind: 'compare',
    title: `Comparison of ${details.length} runs of ${targets.join(', ')}`,
    pages: [{ label: 'Comparison', hash: compareHash }, ...details.map((d, i) => runPage(d, names[i]))],
  };
}

/** The Cells page: the experiment's runs, and its statistics with each cell as the baseline the reader may pick. */
async function recordExperiment(rec: Recorder, experimentId: string, typedBaseline: string | undefined): Promise<ReportShape> {
  const baseline = typedBaseline === undefined ? undefined : typedCell(typedBaseline);
  const runs = await rec.recordOrFail('runs.list', { filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 10_000 });
  if (runs.runs.length === 0) throw new UserError(`Experiment ${experimentId} has no runs`, 'experimentId', 'not-found');
  // The page's experiment picker lists the history; the report's history is this experiment.
  rec.set('runs.list', HISTORY_QUERY, runs);
  const cells = experimentCells(runs.runs);
  if (cells.length < 2) throw new UserError(`Experiment ${experimentId} has one cell; a report compares two or more`, 'experimentId');
  if (baseline !== undefined && !cells.includes(baseline)) throw new UserError(`Experiment ${experimentId} has no cell "${baseline}" (its cells: ${cells.join('; ')})`, 'baseline');
  // Every run of an experiment has its plan's environment.
  const { env } = (await rec.ask('runs.get', { id: runs.runs[0]!.id })).config;
  const shareableCells = (c: GroupComparison): GroupComparison => ({ ...c, facts: c.facts.map((f) => ({ ...f, setups: f.setups.map((line) => withoutEnvValues(line, env)) })) });
  for (const cell of cells) await rec.record('compare.cells', { baseline: { experimentId, cell } }, shareableCells);
  await rec.record('compare.exportBenchfmt', { experimentId });
  const label = runs.experiments.find((e) => e.id === experimentId)?.label || experimentId;
  return {
    kind: 'experiment',
    title: `Experiment ${label}`,
    pages: [{ label: 'Cells', hash: `#/cells/${encodeURIComponent(experimentId)}/${encodeURIComponent(baseline ?? cells[0])}` }],
  };
}

export async function collectSnapshot(query: Query, selection: ReportSelection, now: Date): Promise<ReportSnapshot> {
  const rec = new Recorder(query);
  const shape = 'experimentId' in selection ? await recordExperiment(rec, selection.experimentId, selection.baseline) : await recordRuns(rec, orderRuns(selection.runIds, selection.baseline));
  return { format: 1, ...shape, exportedAt: now.toISOString(), answers: rec.answers, minFrameShare: MIN_FRAME_SHARE };
}
