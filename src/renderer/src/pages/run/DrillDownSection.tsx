// The Run page's drill-down section (issue 13): the spike episodes the analysis flagged (adjacent
// spike windows are one), each a button that opens its drill-down, and the drill-down of the range
// chosen here or on the timelines (a clicked spike, a brushed range). An exported report shows the
// drill-downs it recorded, one per episode (and the end of its longest wait where its cap cut it off);
// a click on a spike there brings its own into view and marks it.
import { useEffect, useMemo, useState } from 'react';
import { episodeLabel, episodeRange, episodeRangeReason, longestWaitEpisode, programLongestWaitEpisode, REPORTED_SPIKES, reportedDrills, runtimeSpike, spikeEpisodes, spikeText, waitBeforeRange, type ReportedDrill, type SpikeEpisode, type TimeRange } from '../../../../shared/drilldown';
import type { TraceAnalysis } from '../../../../shared/results';
import { useReadOnly } from '../../hooks/read-only';
import { DrillDownPanel } from '../../drilldown/DrillDownPanel';
import { RunGroupsContext } from '../../drilldown/run-groups';
import { formatDuration } from '../../format';
import { useSelectedGroup } from './selected-group';
import { runtimeLongestWait } from '../../../../shared/program-latency';

interface Props {
  runId: string;
  analysis: TraceAnalysis;
  /** The run's trace was deleted or replaced since the run: nothing can be drilled into. */
  traceGone: boolean;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
}

/** The id of a report's recorded drill-down of a range. */
const recordedId = (r: TimeRange): string => `drill-${r.from_s}-${r.to_s}`;

/**
 * Brings the drill-down of a range into view: in a report, the one it recorded of that range (a click
 * on a spike scrolled to the section's top, a screen or more above the third spike's); else, or for a
 * spike the report recorded none of, the section, whose top then says so.
 */
export function scrollToDrill(range: TimeRange): void {
  (document.getElementById(recordedId(range)) ?? document.getElementById('drilldown'))?.scrollIntoView({ block: 'start' });
}

/**
 * Which spikes the runtime made, `made` of the `shown` of a run's `of`: "this spike", "all 3
 * spikes", "2 of the spikes". A report shows its highest spikes only, and "all" would claim the
 * ones it does not list: "the 3 highest spikes".
 */
function spikesMade(made: number, shown: number, of: number): string {
  if (made === 1 && shown === 1 && of === 1) return 'this spike';
  const listed = shown < of ? `the ${shown} highest spikes` : 'the spikes';
  if (made < shown) return `${made} of ${listed}`;
  return shown < of ? listed : `all ${made} spikes`;
}

/**
 * The spikes the runtime's own goroutines made (a sweeper held back 90 ms), which the program's
 * figures, the page's headline, leave out: said beside the spikes, so that a spike is not read as
 * the workload's.
 */
function RuntimeSpikes({ episodes, of, analysis }: { episodes: readonly SpikeEpisode[]; of: number; analysis: TraceAnalysis }) {
  const made = episodes.flatMap((e) => {
    const runtime = runtimeSpike(e, analysis);
    return runtime ? [{ e, runtime }] : [];
  });
  if (made.length === 0) return null;
  const which = spikesMade(made.length, episodes.length, of);
  return (
    <p className="muted small" data-testid="drill-runtime-spikes">
      The runtime's own goroutines made {which}: every wait above a spike window's p99 there was theirs, which the program's figures leave out —{' '}
      {made
        .map(({ e, runtime }) => `${episodeLabel(e, analysis)} (${runtime.startFuncs.join(', ')}; ${runtime.programMax === null ? 'the program did not wait there' : `the program's longest wait there ${formatDuration(runtime.programMax)}`})`)
        .join('; ')}
      .
    </p>
  );
}

export function DrillDownSection(props: Props) {
  const { analysis } = props;
  // The run's groups, in the analysis's order: each keeps its colour in every range drilled into.
  const runGroups = useMemo(() => analysis.goroutine_groups?.groups.map((g) => g.start_func), [analysis]);
  return (
    <RunGroupsContext.Provider value={runGroups}>
      <Episodes {...props} />
    </RunGroupsContext.Provider>
  );
}

/** What a spike's button opens, and why wider than its windows: "Opens 0.358–0.850 s: from half a window before …". */
function spikeButtonTitle(e: SpikeEpisode, analysis: TraceAnalysis): string {
  const r = episodeRange(e, analysis);
  return `Opens ${r.from_s.toFixed(3)}–${r.to_s.toFixed(3)} s: ${episodeRangeReason(e, analysis)}`;
}

/** The episodes to drill into, and the drill-downs open (a report's: those it recorded). */
function Episodes({ runId, analysis, traceGone, range, onRange }: Props) {
  const readOnly = useReadOnly();
  // The group picked in the Goroutines table, if any: the timeline picks it out.
  const { selectedGroup: group } = useSelectedGroup();
  if (traceGone) {
    return (
      <p className="muted" data-testid="drill-trace-gone">
        The trace this run kept is not in its folder as the run left it (the Artifacts section says what became of it): the analysis stored at the run's end stands, but no range of it can be drilled into.
      </p>
    );
  }
  if (readOnly) {
    const recorded = reportedDrills(analysis).map((d) => ({ range: episodeRange(d.episode, analysis), why: recordedWhy(d, analysis) }));
    if (recorded.length === 0) return <p className="muted">The analysis flagged no spike.</p>;
    const spiked = spikeEpisodes(analysis);
    // `range`: the episode of the spike clicked on the timeline, if one was.
    const isCurrent = (r: TimeRange) => range !== null && r.from_s === range.from_s && r.to_s === range.to_s;
    return (
      <>
        {range && !recorded.some((e) => isCurrent(e.range)) && (
          <p className="banner" data-testid="drill-not-recorded">
            This report recorded no drill-down of {range.from_s.toFixed(3)} s – {range.to_s.toFixed(3)} s: it holds those of the run's {REPORTED_SPIKES} highest spikes
            and of its longest wait (and the program's own longest, when the longest was the runtime's), below.
          </p>
        )}
        {spiked.length === 0 && <p className="muted">The analysis flagged no spike.</p>}
        <RuntimeSpikes episodes={spiked} of={spikeEpisodes(analysis, analysis.windows.length).length} analysis={analysis} />
        {recorded.map((e) => (
          <div key={`${e.range.from_s}-${e.range.to_s}`}>
            <h3 className="drill-recorded-why" data-testid="drill-recorded-why">
              {e.why}
            </h3>
            <RecordedDrillDown runId={runId} range={e.range} current={isCurrent(e.range)} group={group} traceEnd_s={analysis.meta.duration_s} />
          </div>
        ))}
      </>
    );
  }
  const spikes = spikeEpisodes(analysis, analysis.windows.length);
  const longest = longestWaitEpisode(analysis);
  // The windows hold every goroutine's waits: the longest can be the runtime's own (a GC worker's).
  const runtimes = longest ? runtimeLongestWait(analysis, longest.max) : null;
  const programLongest = programLongestWaitEpisode(analysis);
  return (
    <div data-testid="drill-section">
      <p className="drill-spikes">
        {spikes.length === 0 ? (
          <span className="muted">The analysis flagged no spike; drag across the scheduler-latency chart above to drill into any range.</span>
        ) : (
          <>
            Spikes, highest first:{' '}
            {spikes.map((s) => (
              <button key={s.t} type="button" className="small" data-testid="drill-spike" title={spikeButtonTitle(s, analysis)} onClick={() => onRange(episodeRange(s, analysis))}>
                {spikeText(s, analysis)}
              </button>
            ))}
          </>
        )}
        {longest && (
          <>
            {' '}
            {/* A p99 rule misses a few long waits among many short ones: the longest is offered whatever the spikes. */}
            Longest wait:{' '}
            <button type="button" className="small" data-testid="drill-longest" onClick={() => onRange(episodeRange(longest, analysis))}>
              {formatDuration(longest.max)} ending in {episodeLabel(longest, analysis)}
            </button>
            {runtimes && (
              <span className="muted" data-testid="drill-longest-runtime">
                {' '}
                — a runtime goroutine's wait;{' '}
                {runtimes.programMax === null ? "the program's goroutines never waited" : programLongest ? "the program's longest: " : `the program's longest was ${formatDuration(runtimes.programMax)}`}
              </span>
            )}
          </>
        )}
        {programLongest && (
          <>
            {/* Beside the longest wait's button, or alone when a spike window holds the runtime's longest. */}
            {!longest && " The program's longest wait (the longest of all, in a spike above, was a runtime goroutine's): "}
            <button type="button" className="small" data-testid="drill-program-longest" onClick={() => onRange(episodeRange(programLongest, analysis))}>
              {formatDuration(programLongest.max)} ending in {episodeLabel(programLongest, analysis)}
            </button>
          </>
        )}
      </p>
      <RuntimeSpikes episodes={spikes} of={spikes.length} analysis={analysis} />
      {range && <WaitBeforeRange range={range} analysis={analysis} onRange={onRange} />}
      {range && <DrillDownPanel runId={runId} range={range} group={group} onClose={() => onRange(null)} opens={{ open: onRange, traceEnd_s: analysis.meta.duration_s }} />}
    </div>
  );
}

/**
 * Why a report recorded a drill-down, as the Run page's buttons name the same ranges: "Spike 0.5–0.7 s
 * (p99 109 ms)", "The longest wait, 100 ms ending in 0.2–0.3 s: a runtime goroutine's".
 */
function recordedWhy({ episode, why }: ReportedDrill, analysis: TraceAnalysis): string {
  const ending = `${formatDuration(episode.max)} ending in ${episodeLabel(episode, analysis)}`;
  if (why === 'spike') return `Spike ${spikeText(episode, analysis)}`;
  if (why === 'program-longest') return `The program's longest wait, ${ending}`;
  return `The longest wait, ${ending}${runtimeLongestWait(analysis, episode.max) ? ": a runtime goroutine's" : ''}`;
}

/** Says when the range leaves out the longest wait that ended in its windows, and opens the range that holds it. */
function WaitBeforeRange({ range, analysis, onRange }: { range: TimeRange; analysis: TraceAnalysis; onRange: (r: TimeRange | null) => void }) {
  const before = waitBeforeRange(range, analysis);
  if (!before) return null;
  const window = `${before.windowT.toFixed(3)}–${(before.windowT + analysis.meta.window_s).toFixed(3)} s`;
  return (
    <p className="banner" data-testid="wait-before-range">
      The longest wait that ended in these windows, {formatDuration(before.max)} (in {window}), {before.surely ? 'began' : 'may have begun'} before this range, and the
      drill-down lists only the waits that began and ended in it.{' '}
      <button type="button" className="small" data-testid="wait-before-range-open" onClick={() => onRange(before.wider)}>
        Open {before.wider.from_s.toFixed(3)}–{before.wider.to_s.toFixed(3)} s, which holds it
      </button>
    </p>
  );
}

/**
 * A drill-down a report recorded, and below it, opened from its facts, the end of its longest wait
 * that the range's cap cut off (recorded with it: reportedWaitEnd).
 */
interface RecordedProps {
  runId: string;
  range: TimeRange;
  current: boolean;
  group: string | null;
  traceEnd_s: number;
}

function RecordedDrillDown({ runId, range, current, group, traceEnd_s }: RecordedProps) {
  const [end, setEnd] = useState<TimeRange | null>(null);
  const endId = end && recordedId(end);
  // Opened below a drill-down a screen or more tall: brought into view, or the click seemed to do nothing.
  useEffect(() => {
    if (endId) document.getElementById(endId)?.scrollIntoView({ block: 'start' });
  }, [endId]);
  return (
    <>
      <DrillDownPanel id={recordedId(range)} current={current} runId={runId} range={range} group={group} opens={{ open: setEnd, traceEnd_s, recordedOnly: true }} />
      {end && <DrillDownPanel id={endId!} runId={runId} range={end} group={group} onClose={() => setEnd(null)} />}
    </>
  );
}
