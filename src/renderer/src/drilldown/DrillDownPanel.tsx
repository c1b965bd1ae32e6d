// The drill-down of one time range of a run: runs.window's answer drawn as a canvas timeline, with
// the text facts beside it.
import { useMemo, useState } from 'react';
import type { TimeRange } from '../../../shared/drilldown';
import type { RunWindow } from '../../../shared/trace-window';
import { useCommand } from '../api/context';
import { useReadOnly } from '../hooks/read-only';
import { ErrorBanner, Loading } from '../components/feedback';
import { formatCount, formatDuration, rangeDigits } from '../format';
import { DrillFacts, type RangeOpener } from './DrillFacts';
import { DrillTimeline } from './DrillTimeline';
import { timelineModel } from './timeline-model';
import { counted, noun } from '../../../shared/plural';
import { perfettoFileName, windowAsTraceEvents } from '../../../shared/perfetto-export';
import { downloadText } from '../download';
import { TraceCutOffer } from './TraceCutOffer';
import { waitEndText } from './wait-text';

interface Props {
  runId: string;
  range: TimeRange;
  /** A goroutine group (start function) to pick out in the timeline, e.g. the one chosen in the goroutine table. */
  group?: string | null;
  onClose?: () => void;
  /** An id to scroll to (a report's recorded drill-down, which a click on its spike brings into view). */
  id?: string;
  /** Marked as the one asked for: the drill-down of the spike just clicked, among a report's several. */
  current?: boolean;
  /** Opens another range of the trace from the facts: the Run page's; none in a report. */
  opens?: Omit<RangeOpener, 'listed'>;
}

export function DrillDownPanel({ runId, range, group = null, onClose, id, current = false, opens }: Props) {
  const digits = rangeDigits(range.to_s - range.from_s);
  // A report holds the facts about every goroutine of its spikes, not those of each group.
  const factsGroup = useReadOnly() ? null : group;
  const answer = useCommand('runs.window', { id: runId, from_s: range.from_s, to_s: range.to_s, ...(factsGroup ? { group: factsGroup } : {}) });
  return (
    <div id={id} className={current ? 'drill-down current' : 'drill-down'} aria-current={current || undefined} data-testid="drill-down" data-from={range.from_s} data-to={range.to_s}>
      <header className="drill-header">
        <h3>
          {range.from_s.toFixed(digits)} s – {range.to_s.toFixed(digits)} s <span className="muted">({formatDuration(range.to_s - range.from_s)} long, counted from the trace's first event)</span>
          {group && <span className="muted"> · group {group}</span>}
        </h3>
        {onClose && (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      {answer.error && <ErrorBanner error={answer.error} onRetry={answer.reload} />}
      {!answer.data && !answer.error && <Loading what="the window of the trace" />}
      {answer.data && <DrillDownBody runId={runId} answer={answer.data} group={group} focus={range.g} waited={range.waited} opener={opens ? { ...opens, listed: range } : null} />}
    </div>
  );
}

interface BodyProps {
  runId: string;
  answer: RunWindow;
  group: string | null;
  /** The goroutine given the first lane, and the wait the range was opened at the end of. */
  focus?: number;
  waited?: TimeRange['waited'];
  opener: RangeOpener | null;
}

function DrillDownBody({ runId, answer, group, focus, waited, opener }: BodyProps) {
  const [edges, setEdges] = useState(false);
  // A report's reader has the recorded range, not the run's trace to cut.
  const readOnly = useReadOnly();
  const model = useMemo(() => timelineModel(answer.window, answer.facts, focus), [answer, focus]);
  // The range as the drill-down has it, for Perfetto: a report's reader can open it too, offline.
  const downloadForPerfetto = () => downloadText(perfettoFileName(runId, answer.window), JSON.stringify(windowAsTraceEvents(answer.window, { runId, trace: answer.trace })), 'application/json');
  return (
    <div className="drill-body">
      <div className="drill-main">
        <p className="muted small">
          {formatCount(model.slices)} {noun(model.slices, 'goroutine slice')} on {counted(model.lanes.filter((l) => l.kind === 'proc').length, 'P')}, from {answer.trace}. Wheel to zoom, drag to pan, double-click to see the whole range.{' '}
          {/* A report keeps no unblock edges (collect.ts): nothing to draw there. */}
          {readOnly ? (
            <span className="muted">Unblock edges are not kept in a report.</span>
          ) : (
            <label>
              <input type="checkbox" checked={edges} onChange={(e) => setEdges(e.target.checked)} data-testid="drill-edges" /> unblock edges ({formatCount(answer.window.unblocks.length)})
            </label>
          )}{' '}
          <button type="button" className="small" data-testid="drill-perfetto" title="The range in the Trace Event Format: open it in ui.perfetto.dev or chrome://tracing" onClick={downloadForPerfetto}>
            Download for Perfetto
          </button>
        </p>
        {/* Keyed by its range: a cut made for another range is not this one's. */}
        {!readOnly && <TraceCutOffer key={`${answer.window.from_s}-${answer.window.to_s}`} runId={runId} range={{ from_s: answer.window.from_s, to_s: answer.window.to_s }} />}
        <WindowNotes window={answer.window} />
        {/* The wait began before this range, so its facts do not list it: said here, with where it ended. */}
        {focus !== undefined && waited && (
          <p className="small" data-testid="drill-wait-end">
            {waitEndText(answer.window, { g: focus, ...waited })}
          </p>
        )}
        {/* A slice's group is known only when its goroutine's start shows in the range: a group whose goroutines all
            started before it (the burst-release burst) has nothing to pick out, which must not look like a filter that worked. */}
        {group && !model.groups.includes(group) && (
          <div className="banner banner-warning" data-testid="drill-group-absent">
            No slice in this range is known to belong to group {group}: a goroutine's group shows only when its start (creation, or a stack it
            stopped with) falls in the range, so goroutines of this group that started earlier are drawn under "(start not in range)".
          </div>
        )}
        <DrillTimeline model={model} window={answer.window} group={group} showEdges={edges} />
      </div>
      <DrillFacts facts={answer.facts} group={answer.factsGroup} opener={opener} />
    </div>
  );
}

/**
 * gmptrace's notes on the answer, one a line; its cap notes ("transitions: 3940280 more left out (cap
 * 100000); whole until …") said once, from the structured counts and cuts, in reading order.
 */
function WindowNotes({ window: w }: { window: RunWindow['window'] }) {
  const capped = Object.entries(w.truncated).filter(([, n]) => n > 0);
  const others = w.notes.filter((note) => !capped.some(([list]) => note.startsWith(`${list}: `)));
  if (capped.length === 0 && others.length === 0) return null;
  const cuts = capped
    .map(([list, n]) => ({ list: list.replace('_', ' '), n, until: w.kept_until_s[list] }))
    .sort((a, b) => (a.until ?? Infinity) - (b.until ?? Infinity));
  return (
    <div className="banner banner-warning" data-testid="drill-notes">
      <ul>
        {others.map((note) => (
          <li key={note}>{note}</li>
        ))}
        {cuts.length > 0 && (
          <li data-testid="drill-caps">
            The range holds more than the window query keeps of {cuts.length === 1 ? 'one of its lists' : `${cuts.length} of its lists`}, the others whole:{' '}
            {cuts.map((c) => `${c.list} whole until ${c.until === undefined ? '?' : `${c.until.toFixed(6)} s`} (${formatCount(c.n)} more left out)`).join('; ')}.
          </li>
        )}
      </ul>
    </div>
  );
}
