// The Run page's drill-down section (issue 13): the spike episodes the analysis flagged (adjacent
// spike windows are one), each a button that opens its drill-down, and the drill-down of the range
// chosen here or on the timelines (a clicked spike, a brushed range). An exported report shows the
// drill-downs it recorded, one per episode.
import { episodeLabel, episodeRange, spikeEpisodes, REPORTED_SPIKES, type TimeRange } from '../../../../shared/drilldown';
import type { TraceAnalysis } from '../../../../shared/results';
import { useReadOnly } from '../../components/read-only';
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
  const spikes = spikeEpisodes(analysis, readOnly ? REPORTED_SPIKES : analysis.windows.length);
  if (readOnly) {
    return spikes.length === 0 ? (
      <p className="muted">The analysis flagged no spike.</p>
    ) : (
      <>
        {spikes.map((s) => (
          <DrillDownPanel key={s.t} runId={runId} range={episodeRange(s, analysis)} group={group} />
        ))}
      </>
    );
  }
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
      </p>
      {range && <DrillDownPanel runId={runId} range={range} group={group} onClose={() => onRange(null)} />}
    </div>
  );
}
