// The Run page's drill-down section (issue 13): the spike episodes the analysis flagged (adjacent
// spike windows are one), each a button that opens its drill-down, and the drill-down of the range
// chosen here or on the timelines (a clicked spike, a brushed range). An exported report shows the
// drill-downs it recorded, one per episode.
import { episodeLabel, episodeRange, longestWaitEpisode, reportedEpisodes, spikeEpisodes, type TimeRange } from '../../../../shared/drilldown';
import type { TraceAnalysis } from '../../../../shared/results';
import { useReadOnly } from '../../hooks/read-only';
import { DrillDownPanel } from '../../drilldown/DrillDownPanel';
import { formatDuration } from '../../format';
import { useSelectedGroup } from './selected-group';

interface Props {
  runId: string;
  analysis: TraceAnalysis;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
}

export function DrillDownSection({ runId, analysis, range, onRange }: Props) {
  const readOnly = useReadOnly();
  // The group picked in the Goroutines table, if any: the timeline picks it out.
  const { selectedGroup: group } = useSelectedGroup();
  if (readOnly) {
    const recorded = reportedEpisodes(analysis);
    return recorded.length === 0 ? (
      <p className="muted">The analysis flagged no spike.</p>
    ) : (
      <>
        {recorded.map((s) => (
          <DrillDownPanel key={s.t} runId={runId} range={episodeRange(s, analysis)} group={group} />
        ))}
      </>
    );
  }
  const spikes = spikeEpisodes(analysis, analysis.windows.length);
  const longest = longestWaitEpisode(analysis);
  return (
    <div data-testid="drill-section">
      <p className="drill-spikes">
        {spikes.length === 0 ? (
          <span className="muted">The analysis flagged no spike; drag across the scheduler-latency chart above to drill into any range.</span>
        ) : (
          <>
            Spikes, highest first:{' '}
            {spikes.map((s) => (
              <button key={s.t} type="button" className="small" data-testid="drill-spike" onClick={() => onRange(episodeRange(s, analysis))}>
                {episodeLabel(s, analysis)} (p99 {formatDuration(s.p99)})
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
          </>
        )}
      </p>
      {range && <DrillDownPanel runId={runId} range={range} group={group} onClose={() => onRange(null)} />}
    </div>
  );
}
