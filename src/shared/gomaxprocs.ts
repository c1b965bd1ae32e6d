// The GOMAXPROCS a run asked for and the one that ran are two facts (resources/go/PROTOCOL.md §2.2
// "gomaxprocs"): a scenario or the runtime may change it after start. Every view shows the one in
// force and puts the configured value beside it only when they differ, in these words.
import type { RunDetail } from './contract';
import { alikeCellsNote } from './alike-cells';
import { cellOf, withoutDimensions } from './cell-name';
import type { Gomaxprocs, Provenance, SettingChange } from './domain';
import { counted } from './plural';
import { goMinorOf } from './go-release';

/**
 * "2", "2 (Go's default)", or "1 (configured 2)" when the run changed it. `startedWith` is the
 * number the process started with (result.json's `gomaxprocs.configured`), which says what Go's
 * default was; without it a default run shows no configured number.
 */
export function gomaxprocsText(configured: Gomaxprocs, inForce: number | null, startedWith?: number): string {
  if (inForce === null) return String(configured);
  if (configured === 'default') {
    // Without the number the process started with, the value in force may not be Go's default:
    // a target can set its own.
    if (startedWith === undefined) return `${inForce} (configured: Go's default)`;
    return startedWith === inForce ? `${inForce} (Go's default)` : `${inForce} (configured: Go's default, ${startedWith})`;
  }
  return inForce === configured ? String(inForce) : `${inForce} (configured ${configured})`;
}

/**
 * Where the number the process started with came from: the GOMAXPROCS variable the run set (the
 * user's value, or the scenario's suggestion the CLI applies) or Go's own default. Not "explicit":
 * nobody may have typed it. When the value in force is another, that number is named apart: the
 * variable did not set the one in force, the target (runtime.GOMAXPROCS) or the runtime did.
 */
export function gomaxprocsSourceText(goDefault: boolean, startedWith?: number, inForce?: number): string {
  const source = goDefault ? "Go's default" : 'set by the GOMAXPROCS variable';
  if (startedWith === undefined || inForce === undefined || startedWith === inForce) return source;
  return `it started at ${startedWith}, ${source}; the target or the runtime changed it`;
}

/**
 * GOMAXPROCS against the run's CPU limit: ", within the 2-core limit", ", above the 1-core limit";
 * for Go's default above it, why, since it reads as a fault: before Go 1.25 the default does not
 * follow a limit, and from 1.25 on it rounds the limit up and is never below 2 (golang/go#73193).
 * Empty without a limit.
 */
export function gomaxprocsAgainstLimit(p: Pick<Provenance, 'cgroupCpuLimit' | 'gomaxprocs' | 'gomaxprocsDefault' | 'gomaxprocsConfigured' | 'goVersion'>): string {
  const limit = p.cgroupCpuLimit;
  if (limit === null) return '';
  if (p.gomaxprocs <= limit) return `, within the ${limit}-core limit`;
  const minor = goMinorOf(p.goVersion);
  let why = '';
  // Only a default still in force has Go's reasons: a target may have set its own since.
  if (p.gomaxprocsDefault && p.gomaxprocsConfigured === p.gomaxprocs && minor !== null) {
    if (minor < 25) why = `: Go's default follows a CPU limit from Go 1.25 on`;
    else if (p.gomaxprocs === 2 && limit < 2) why = `: Go's default is never below 2`;
    else if (p.gomaxprocs === Math.ceil(limit)) why = `: Go's default rounds the limit up`;
  }
  return `, above the ${limit}-core limit${why}`;
}

/**
 * "varied 2–4 in the measured window (68 changes)": said beside the value in force when GOMAXPROCS
 * changed inside the window, where that value is only the one held longest. Null when it held.
 */
export function gomaxprocsVariation(changes: SettingChange[], dropped = 0): string | null {
  const inWindow = changes.filter((c) => c.phase === 'measure');
  if (inWindow.length === 0) return null;
  const values = [inWindow[0]!.from, ...inWindow.map((c) => c.to)];
  // Past the harness's 1000 recorded changes, neither their phase nor their values are known.
  const count = dropped > 0 ? `${counted(inWindow.length, 'recorded change')}, ${dropped} more not recorded` : counted(inWindow.length, 'change');
  return `varied ${Math.min(...values)}–${Math.max(...values)} in the measured window (${count}); the number is the one held longest`;
}

/** The changes a view lists one per line; the rest are counted ("… and 58 more"). */
export const LISTED_GOMAXPROCS_CHANGES = 10;

/**
 * "… and 52 more (62 in all, 1 outside the measured window)": the changes past the listed ones, null
 * when all are listed. The list holds every change, warm-up and wind-down too, where the variation
 * above it counts the window's alone: the two counts are told apart.
 */
export function unlistedChangesText(changes: SettingChange[], dropped: number): string | null {
  const all = changes.length + dropped;
  const more = moreThanListed(all);
  if (more === null) return null;
  const outside = changes.filter((c) => c.phase !== 'measure').length;
  // The phase of a change past the harness's record is not known: those outside are at least the recorded ones.
  return `${more}${outside > 0 ? ` (${all} in all, ${dropped > 0 ? 'at least ' : ''}${outside} outside the measured window)` : ''}`;
}

/** "… and 52 more" for a list of `count` changes past the listed ones; null when all are listed. */
function moreThanListed(count: number): string | null {
  const unlisted = count - LISTED_GOMAXPROCS_CHANGES;
  return unlisted > 0 ? `… and ${unlisted} more` : null;
}

/** The trace a run's analysis read: the whole run's, or the flight recorder's last window (RunDetail's analysedTrace). */
type AnalysedTrace = 'trace.out' | 'flight.trace' | null;

/**
 * Which clock the harness's change times are on: its own, not the trace's, which starts a little
 * later, or, for the flight recorder's trace, at the start of the last window it kept.
 */
export function changeClockNote(analysed: AnalysedTrace = null): string {
  const trace = analysed === 'flight.trace' ? "the flight recorder's trace, on the timelines and drill-downs, counts from the start of the last window it kept" : "the trace's, on the timelines and drill-downs, start a little later, so the same moment reads a little earlier there";
  return `times in seconds since the harness started: ${trace}`;
}

/**
 * "at 0.018 s", or "between 0.002 and 0.102 s" for a change an observation saw (it was made after
 * the observation before) or a call that took that long: when a change happened, in the harness's
 * own clock (seconds since start).
 */
export function settingChangeTime(c: SettingChange): string {
  const [after, t] = [c.after?.toFixed(3), c.t.toFixed(3)];
  // Bounds a millisecond apart print as one time: the call that made it was that quick.
  return after === undefined || after === t ? `at ${t} s` : `between ${after} and ${t} s`;
}

/** "2 → 4 at 0.018 s (measure)". */
export function gomaxprocsChangeText(c: SettingChange): string {
  return `${c.from} → ${c.to} ${settingChangeTime(c)} (${c.phase})`;
}

/**
 * A GOMAXPROCS change the execution trace recorded (its /sched/gomaxprocs:threads metric, written
 * as the change took effect): exact, in seconds from the trace's first event, the clock of the
 * timelines and drill-downs.
 */
export interface TraceGomaxprocsChange {
  t: number;
  from: number;
  to: number;
}

/**
 * The changes among the trace's GOMAXPROCS steps (analysis.json `meta.gomaxprocs`): the first step
 * is the value the trace started with, not a change; a step that repeats its value is none either.
 */
export function traceGomaxprocsChanges(steps: readonly { t: number; n: number }[]): TraceGomaxprocsChange[] {
  const changes: TraceGomaxprocsChange[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [before, step] = [steps[i - 1]!, steps[i]!];
    if (step.n !== before.n) changes.push({ t: step.t, from: before.n, to: step.n });
  }
  return changes;
}

/** "2 → 4 at 0.0612 s": to the tenth of a millisecond, as the timelines name a pause. */
export function traceGomaxprocsChangeText(c: TraceGomaxprocsChange): string {
  return `${c.from} → ${c.to} at ${c.t.toFixed(4)} s`;
}

/** "… and 52 more": the trace's changes past the listed ones; null when all are listed. */
export function unlistedTraceChangesText(changes: readonly TraceGomaxprocsChange[]): string | null {
  return moreThanListed(changes.length);
}

/**
 * What the trace's list is of, and on which clock: the whole run's trace, or the flight recorder's
 * last window only (a change before that window is not in it), whose times count from its start.
 */
export function traceChangesSource(analysed: AnalysedTrace): { source: string; clock: string } {
  return analysed === 'flight.trace'
    ? { source: "the flight recorder's trace, its last window only", clock: "exact, counted from that window's start, as the timelines and drill-downs count" }
    : { source: 'the execution trace', clock: 'exact, on the clock of the timelines and drill-downs' };
}

type RanFacts = { provenance: Pick<NonNullable<RunDetail['provenance']>, 'gomaxprocs'> | null; run: Pick<RunDetail['run'], 'gomaxprocs' | 'gomaxprocsInForce'> };

/**
 * The GOMAXPROCS of a run's measured window: the harness's (its result, read into the provenance),
 * else what the runner or an import read (a benchmark's -N name suffix, an imported trace); null when
 * nothing the run left says it.
 */
export function gomaxprocsInForce({ provenance, run }: RanFacts): number | null {
  return provenance?.gomaxprocs ?? run.gomaxprocsInForce;
}

/** The GOMAXPROCS a run ran with: the value in force, else the number configured; null for Go's default never read. */
export function gomaxprocsRan(d: RanFacts): number | null {
  return gomaxprocsInForce(d) ?? (typeof d.run.gomaxprocs === 'number' ? d.run.gomaxprocs : null);
}

/**
 * GOMAXPROCS values asked differently that ran at one number: "default" and 2 on a machine whose
 * default is 2 make two cells of one setting. Only cells alike in their other dimensions are set
 * side by side (Go's default follows the CPU limit and the host). A sentence, or null.
 */
export function sameGomaxprocsNote(runs: readonly { cell: string | null; configured: Gomaxprocs; inForce: number | null }[]): string | null {
  const alike = runs.map((r) => ({
    asked: String(r.configured),
    ran: r.inForce === null ? null : String(r.inForce),
    among: r.cell === null ? '' : withoutDimensions(cellOf(r.cell), ['GOMAXPROCS']),
  }));
  return alikeCellsNote(alike, 'GOMAXPROCS', (n) => `ran at the same GOMAXPROCS, ${n}`, 'setting');
}
