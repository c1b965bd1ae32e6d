// What one unit of a differential flame graph's normalisation is for a run, and what it is in words:
// the seconds the profile covers (per-second), the measured window's operations (per-op), or the
// profile's total (share). The harness's CPU profile says it covers the measured window (result.json:
// its artifact's `covers`), and is divided by the window. Any other profile that recorded more than
// the window (the trace's profiles cover the whole trace; a CPU profile of a run stored before, or
// go test's) is divided by the time it says it recorded, and refused per op. Its own time is no
// measure of the window's: the runtime dates a CPU profile from when its writer goroutine first ran
// to when it last drained, both late on a starved scheduler (237 ms, and 448 ms, for a 300 ms
// window). The runtime's block, mutex, allocs and heap profiles say no time at all; the basis says
// what they count.
import type { FlameTree, Normalisation, RunSummary } from '../../../shared/domain';
import { IMPORTED_TAG } from '../../../shared/imported-tag';
import type { HarnessResult } from '../../../shared/results';
import { threeSignificant } from '../../../shared/significant';
import { UserError } from '../errors';

export interface NormalisationUnit {
  /** What the profile's values are divided by. */
  per: number;
  /** That divisor in words, for the reader: "the 1.00 s cpu.pprof recorded". */
  basis: string;
}

/** What the runtime's own profiles count when they do not say how long they recorded. */
const COUNTED_SINCE: Record<string, string> = {
  'allocs.pprof': 'allocs.pprof counts every allocation since the process started',
  'heap.pprof': 'heap.pprof is what was live at its end, not a count over time',
  'block.pprof': 'block.pprof counts from the process start, a warm-up included',
  'mutex.pprof': 'mutex.pprof counts from the process start, a warm-up included',
};

/**
 * How much longer than the measured window a profile that does not say what it covers may have
 * recorded and still be taken for the window's (an older harness's CPU profile of a run without a
 * warm-up ran from the start to the end of the run).
 */
const outlastsWindow = (recordedS: number, windowS: number): boolean => recordedS > windowS * 1.05 + 0.05;

const secs = (s: number): string => `${threeSignificant(s)} s`;

/**
 * Seconds from the target's start to the run's end (its analysis included), for a run without a
 * measured window (no result.json). An import ran no target: its times are the copy's.
 */
function targetSeconds(run: RunSummary): number | null {
  if (run.tags.includes(IMPORTED_TAG)) return null;
  const from = run.targetStartedAt ?? run.startedAt;
  if (!from || !run.endedAt) return null;
  const s = (Date.parse(run.endedAt) - Date.parse(from)) / 1000;
  return s > 0 ? s : null;
}

export function normalisationUnit(run: RunSummary, result: HarnessResult | null, tree: FlameTree, normalisation: Normalisation): NormalisationUnit {
  if (normalisation === 'share') return { per: tree.total, basis: `the ${tree.profile} total` };
  const windowS = result && result.wall_s > 0 ? result.wall_s : null;
  const ofTheWindow = result?.artifacts.some((a) => a.name === tree.profile && a.covers === 'window') ?? false;
  // What a profile of the window says of its own time is not the window's; any other may outlast it.
  const recordedS = ofTheWindow ? null : tree.durationS;
  const caveat = recordedS === null && COUNTED_SINCE[tree.profile] ? ` (${COUNTED_SINCE[tree.profile]})` : '';
  if (normalisation === 'per-second') {
    if (recordedS !== null && (windowS === null || outlastsWindow(recordedS, windowS))) return { per: recordedS, basis: `the ${secs(recordedS)} ${tree.profile} recorded` };
    if (windowS !== null) return { per: windowS, basis: `the ${secs(windowS)} measured window${caveat}` };
    const ran = targetSeconds(run);
    if (ran !== null) return { per: ran, basis: `the ${secs(ran)} from the target's start to the run's end (no measured window was recorded)${caveat}` };
    throw new UserError(`Run ${run.id} has no measured duration, needed for per-second normalisation; use share of total instead.`, 'normalisation');
  }
  const ops = result?.ops || null;
  if (ops === null) throw new UserError(`Run ${run.id} has no count of operations, needed for per-op normalisation; use share of total instead.`, 'normalisation');
  if (recordedS !== null && windowS !== null && outlastsWindow(recordedS, windowS)) {
    throw new UserError(
      `${tree.profile} of run ${run.id} recorded ${secs(recordedS)}, its ${ops.toLocaleString('en-US')} operations took the ${secs(windowS)} measured window: ` +
        'per operation would count what ran outside the window (a warm-up, the start-up). Use per second or share of total.',
      'normalisation',
    );
  }
  return { per: ops, basis: `the ${ops.toLocaleString('en-US')} operations of the measured window${caveat}` };
}
