// The run over time from its execution trace: goroutines by state, P utilisation, p99 per window
// with spikes (and the picked goroutine group's beside it), stop-the-world pauses and GOMAXPROCS changes; plus GC,
// syscall and blocking totals.
import { useMemo } from 'react';
import { episodeAt, episodeRange, reportedDrills, reportedDrillsText, spikeEpisodes, toNanos, type TimeRange } from '../../../../shared/drilldown';
import { findGroup, groupLabel, windowSeries } from '../../../../shared/goroutine-groups';
import type { TraceAnalysis } from '../../../../shared/results';
import { GOROUTINE_STATES, SETTING_CHANGE_COLOR, seriesColor } from '../../charts/palette';
import { ProcHeatmap } from '../../charts/ProcHeatmap';
import { TimeSeriesChart } from '../../charts/TimeSeriesChart';
import { formatCount, formatDuration } from '../../format';
import { useReadOnly } from '../../hooks/read-only';
import { useSelectedGroup } from './selected-group';
import { cutLastWindow } from '../../../../shared/last-window';
import { counted, noun } from '../../../../shared/plural';
import { isToolPause, pausesToDraw } from '../../../../shared/stw';
import { traceGomaxprocsChangeText, traceGomaxprocsChanges } from '../../../../shared/gomaxprocs';

const GOMAXPROCS_MARKER = { color: SETTING_CHANGE_COLOR, legend: 'GOMAXPROCS change' };

/** `onDrill` opens the drill-down of a range: the episode of a clicked spike (shared/drilldown.ts), or a brushed range. */
export function TimelinePanel({ analysis, onDrill }: { analysis: TraceAnalysis; onDrill?: (range: TimeRange) => void }) {
  const { selectedGroup } = useSelectedGroup();
  const group = findGroup(analysis, selectedGroup);
  const { rows: windows, programWindows, groupWindows } = useMemo(() => windowSeries(analysis, group), [analysis, group]);
  // The program's goroutines' p99 leads, as the page's headline figure does; all goroutines' (the
  // sweeper's yields can be most of a window's waits) beside it, which the spikes are judged on:
  // dashed, since where the runtime's own waited little the two are one value, and a solid line
  // over the program's hid it, which read as windows the program had no figure for.
  const latencySeries = [
    ...(programWindows ? [{ key: 'program', label: "p99, the program's goroutines", color: seriesColor(0) }] : []),
    { key: 'p99', label: group || programWindows ? "p99, all goroutines (the runtime's own too)" : 'p99', color: seriesColor(1), dashed: programWindows },
    ...(group && groupWindows ? [{ key: 'group', label: `p99, ${groupLabel(group.start_func)}`, color: seriesColor(2) }] : []),
  ];
  const spikes = useMemo(() => analysis.windows.filter((w) => w.spike && w.p99 !== null).map((w) => ({ t: w.t, value: w.p99! })), [analysis]);
  // The bar the windows were judged against, so that a spike is read at its scale: 3× a calm median.
  const spikeBar = analysis.sched_latency.spike_bar;
  const cutLast = useMemo(() => cutLastWindow(analysis), [analysis]);
  // What stopped the world, for how long, and when: said by the charts' tooltip on the pause's line.
  const pauses = useMemo(() => pausesToDraw(analysis.stw), [analysis]);
  const stw = useMemo(() => pauses.drawn.map((s) => ({ t: s.t, label: `${s.reason}: ${formatDuration(s.duration_s)} at ${s.t.toFixed(4)} s` })), [pauses]);
  // GOMAXPROCS changes at the trace's own times: a latency step is read against them.
  const gomaxprocsChanges = useMemo(() => traceGomaxprocsChanges(analysis.meta.gomaxprocs), [analysis]);
  const markers = useMemo(() => [...stw, ...gomaxprocsChanges.map((c) => ({ t: c.t, label: `GOMAXPROCS ${traceGomaxprocsChangeText(c)}`, kind: GOMAXPROCS_MARKER }))], [stw, gomaxprocsChanges]);
  const states = GOROUTINE_STATES.filter((s) => analysis.goroutines.some((g) => typeof g[s.key] === 'number'));
  const longestStw = analysis.stw.reduce((m, s) => Math.max(m, s.duration_s), 0);
  const toolPauses = analysis.stw.filter(isToolPause).length;
  const blocking = Object.entries(analysis.blocking).sort((a, b) => b[1] - a[1]);
  // Dragging across windows of either chart drills into them, whole: from the first one's start to
  // the last one's end. A report holds only its recorded drill-downs: no range of the reader's own.
  const readOnly = useReadOnly();
  // A report says which drill-downs it recorded below: with no spike, the longest wait's alone.
  const reportedBelow = useMemo(() => (readOnly ? reportedDrillsText(reportedDrills(analysis), spikeEpisodes(analysis, analysis.windows.length).length) : null), [readOnly, analysis]);
  const brush = onDrill && !readOnly ? (from: number, to: number) => onDrill({ from_s: toNanos(from), to_s: toNanos(to) }) : undefined;

  return (
    <div className="timeline-panel">
      {analysis.meta.partial && <div className="banner banner-warning">The trace was cut short; timelines end at its last complete generation.</div>}
      <div className="chart-grid">
        <figure>
          <figcaption>
            Goroutines by state <span className="muted">(each step: the counts at its window's end; the stop-the-world pauses are on the latency chart, where they do not cover the bands)</span>
          </figcaption>
          <TimeSeriesChart
            testId="trace-goroutines"
            data={analysis.goroutines}
            stacked
            series={states}
            format={formatCount}
            whole
            xEnd={analysis.meta.duration_s}
            onBrush={brush}
            pointLabel={(from, to) => `at ${to.toFixed(3)} s (end of the window from ${from.toFixed(3)} s)`}
          />
        </figure>
        <figure>
          <figcaption>
            Scheduler latency per {formatDuration(analysis.meta.window_s)} window (<span title={analysis.sched_latency.spike_rule}>{counted(spikes.length, 'spike')} marked{programWindows && ", judged on all goroutines' p99"}{spikeBar && `: a p99 over ${formatDuration(spikeBar.threshold_s)}, the windows' (lower) median ${formatDuration(spikeBar.median_p99_s)}`}</span>; grey dashed upright lines are {pauses.drawn.length < pauses.of ? `the ${pauses.drawn.length} longest of the ${formatCount(pauses.of)} STW pauses` : 'STW pauses'}{gomaxprocsChanges.length > 0 && `, solid purple lines the trace's ${counted(gomaxprocsChanges.length, 'GOMAXPROCS change')}`}, named on hover)
            {cutLast && (
              <span data-testid="cut-last-window">
                {' '}
                · neither drawn nor judged: the last window, {cutLast.t.toFixed(3)}–{cutLast.to.toFixed(3)} s, which the trace's end cut to {formatDuration(cutLast.to - cutLast.t)} ({counted(cutLast.count, 'wait')}, p99 {formatDuration(cutLast.p99)}: the trace's last moments)
              </span>
            )}
            {onDrill && (readOnly ? reportedBelow && ` · ${reportedBelow}` : ' · click a spike or drag across windows to drill in')}
            {!programWindows && ` · all goroutines only, the runtime's own too: ${analysis.goroutine_groups?.windows_note || "this analysis has no per-window latency of the program's goroutines (an older gmptrace)"}`}
            {group && (groupWindows ? ` · group ${groupLabel(group.start_func)} beside them` : ` · no line for group ${groupLabel(group.start_func)}: ${analysis.goroutine_groups?.windows_note || 'this analysis has no per-window latency by group'}`)}
          </figcaption>
          <TimeSeriesChart
            testId="trace-windows"
            data={windows}
            xEnd={analysis.meta.duration_s}
            series={latencySeries}
            format={formatDuration}
            logToggle
            highlights={spikes}
            highlightLabel="p99 spike"
            markers={markers}
            onHighlightClick={onDrill && ((t) => onDrill(episodeRange(episodeAt(analysis, t) ?? { last: t, earliest: t }, analysis)))}
            onBrush={brush}
          />
        </figure>
      </div>
      <figure>
        <figcaption>
          P utilisation <span className="muted">(share of each window a goroutine held the P: the Go scheduler's view, not CPU time; a P the kernel throttles still counts as held)</span>
        </figcaption>
        <ProcHeatmap procs={analysis.procs} windowSeconds={analysis.meta.window_s} durationSeconds={analysis.meta.duration_s} />
      </figure>
      <dl className="facts inline" data-testid="trace-totals">
        {/* The trace begins before the measured window (start-up, warm-up): its GC can differ from the runtime metrics'. */}
        <dt title="from the trace's start, before the measured window too">GC cycles in the trace</dt>
        <dd>{analysis.gc.cycles}</dd>
        <dt title="the time goroutines spent inside GC mark assist ranges, as go tool trace sums them: not CPU time">Mark assist</dt>
        <dd>
          {formatDuration(analysis.gc.mark_assist_s)} <span className="muted small">in assist ranges, a goroutine runnable or parked inside one included (not CPU time)</span>
        </dd>
        <dt>STW pauses</dt>
        <dd>
          {analysis.stw.length} (longest {formatDuration(longestStw)}){toolPauses > 0 && `; ${toolPauses} of them the tracer's or the harness's own`}
        </dd>
        <dt>Syscalls</dt>
        <dd>
          {counted(analysis.syscalls.count, 'syscall')} taking {formatDuration(analysis.syscalls.time_s)}; {analysis.syscalls.lost_p === 0 ? 'none lost its P' : `${formatCount(analysis.syscalls.lost_p)} lost ${noun(analysis.syscalls.lost_p, 'its', 'their')} P (${formatDuration(analysis.syscalls.lost_p_time_s)} in the syscall after losing it)`}
        </dd>
        <dt title="as the block profile counts it">Blocked</dt>
        <dd>
          {blocking.length === 0 ? 'never' : blocking.map(([reason, s]) => `${reason} ${formatDuration(s)}`).join(' · ')}{' '}
          <span className="muted small">
            the block profile's waits, each begun and ended in the trace; the Goroutines table's blocked column counts as go tool trace's pages do, with waits under way at the trace's start or end, and syscalls after their P was taken
          </span>
        </dd>
        <dt>Trace</dt>
        <dd>
          {formatCount(analysis.meta.events)} events over {formatDuration(analysis.meta.duration_s)}
        </dd>
      </dl>
    </div>
  );
}
