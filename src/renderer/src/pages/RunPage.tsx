// Everything about one finished (or failed) run.
import { useState } from 'react';
import type { TimeRange } from '../../../shared/drilldown';
import type { RunDetail } from '../../../shared/contract';
import { keptTraceGone } from '../../../shared/artifacts-gone';
import { isTerminal } from '../../../shared/domain';
import { importedFacts } from '../../../shared/imported';
import { useCommand, useEvent } from '../api/context';
import { ExportReportButton } from '../components/ExportReportButton';
import { ErrorBanner, Loading, Section, StateBadge } from '../components/feedback';
import { PageToc } from '../components/PageToc';
import { useReadOnly } from '../hooks/read-only';
import { routeHref } from '../routing';
import { MetricsCharts } from '../charts/MetricsCharts';
import { seriesColor } from '../charts/palette';
import { ThrottlingChart } from '../charts/ThrottlingChart';
import { formatDuration } from '../format';
import { ArtifactsPanel } from './run/ArtifactsPanel';
import { BenchmarksPanel } from './run/BenchmarksPanel';
import { DrillDownSection, scrollToDrill } from './run/DrillDownSection';
import { MmuPanel, mmuRow } from './run/MmuPanel';
import { GoroutineGroupsPanel } from './run/GoroutineGroupsPanel';
import { OpenWaitsPanel } from './run/OpenWaitsPanel';
import { ProfilesPanel } from './run/ProfilesPanel';
import { RegionsPanel } from './run/RegionsPanel';
import { RunSummaryPanel } from './run/RunSummaryPanel';
import { SchedLatencyPanel } from './run/SchedLatencyPanel';
import { SelectedGroupProvider } from './run/selected-group';
import { StoredTerminal } from './run/StoredTerminal';
import { TimelinePanel } from './run/TimelinePanel';
import { TrendPanel } from './run/TrendPanel';
import { WindowMetricsPanel } from './run/WindowMetricsPanel';

const TOC = [
  { id: 'summary', label: 'Summary' },
  { id: 'history', label: 'History' },
  { id: 'latency', label: 'Scheduler latency' },
  { id: 'goroutines', label: 'Goroutines' },
  { id: 'regions', label: 'Regions and tasks' },
  { id: 'timelines', label: 'Timelines' },
  { id: 'drilldown', label: 'Drill-down' },
  { id: 'mmu', label: 'MMU' },
  { id: 'ticks', label: 'Metrics per tick' },
  { id: 'window', label: 'Measured window' },
  { id: 'profiles', label: 'Flame graphs' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'terminal', label: 'Terminal log' },
];

/** The sections whose figures all come from the analysed execution trace. */
const TRACE_SECTION_IDS = new Set(['goroutines', 'regions', 'timelines', 'drilldown', 'mmu']);

/** Without an analysed trace, its five sections are one, which says why once (not five times). */
const TRACELESS_TOC = TOC.flatMap((item) =>
  item.id === 'goroutines' ? [{ id: 'trace', label: 'Trace figures' }] : TRACE_SECTION_IDS.has(item.id) ? [] : [item],
);

/** The page's contents as it shows them: its benchmarks when it ran some, the measured window when it has a result.json. */
function tocOf(d: RunDetail): Array<{ id: string; label: string }> {
  // Imported files were not run: they have no setup to follow.
  const items = (d.analysis ? TOC : TRACELESS_TOC).filter((item) => (item.id !== 'window' || d.result !== null) && (item.id !== 'history' || importedFacts(d) === null));
  return d.benchmarks.length > 0 ? [items[0]!, { id: 'benchmarks', label: 'Benchmarks' }, ...items.slice(1)] : items;
}

/** Why a section of an analysed trace's figures is empty: the analysis is older than that figure. */
const OLDER_ANALYSIS = 'This run’s trace was analysed by an older gmptrace, which did not compute this.';

/** gmptrace leaves the MMU out when the trace never states GOMAXPROCS, as well as in older analyses. */
const NO_MMU = 'The trace never states GOMAXPROCS, which the curve needs, or an older gmptrace analysed it.';

/** Why a run has no analysed trace: the note its record gives (not captured, unreadable…), or that it has not ended. */
function noAnalysisReason(d: RunDetail): string {
  if (d.analysisNote) return d.analysisNote;
  return isTerminal(d.run.state) ? 'No trace was analysed for this run.' : 'The run has not ended: a trace it captures is analysed when it ends.';
}

/** The run's page; the goroutine group picked in its Goroutines table is shared state of the whole page (selected-group.tsx). */
export function RunPage({ id }: { id: string }) {
  return (
    // Keyed by run: another run's page starts with all goroutines again.
    <SelectedGroupProvider key={id}>
      <RunPageBody id={id} />
    </SelectedGroupProvider>
  );
}

function RunPageBody({ id }: { id: string }) {
  const detail = useCommand('runs.get', { id });
  const series = useCommand('runs.series', { id });
  const readOnly = useReadOnly();
  const reload = () => {
    detail.reload();
    series.reload();
  };
  // Analysis may still be running when the page opens; refresh when the run settles.
  useEvent('run.state', (p) => {
    if (p.runId === id && isTerminal(p.state)) reload();
  });

  if (detail.error && !detail.data) return <ErrorBanner error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading what={`run ${id}`} />;
  const d = detail.data;
  const imported = importedFacts(d);
  return (
    <div className="run-page">
      <header className="page-header">
        <h1>
          {imported ? imported.title : d.run.label || d.run.targetName} <StateBadge state={d.run.state} />
        </h1>
        <div className="actions">
          <code className="muted">{d.run.id}</code>
          {/* Files were imported: there is nothing to run again. */}
          {!readOnly && !imported && (
            <a className="button" href={routeHref({ page: 'new', from: id })} title="Open New run with this run's configuration">
              Run again with changes
            </a>
          )}
          {isTerminal(d.run.state) && <ExportReportButton selection={{ runIds: [id] }} />}
          {!readOnly && !isTerminal(d.run.state) && (
            <a className="button" href={routeHref({ page: 'live', runIds: [id] })}>
              Watch live
            </a>
          )}
        </div>
      </header>
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
      <PageToc items={tocOf(d)} />
      <Section title="Summary and provenance" id="summary">
        <RunSummaryPanel detail={d} onFilesFetched={reload} />
      </Section>
      {d.benchmarks.length > 0 && (
        <Section title="Benchmarks" id="benchmarks">
          <BenchmarksPanel benchmarks={d.benchmarks} />
        </Section>
      )}
      {!imported && (
        <Section title="History of this setup" id="history">
          <TrendPanel id={id} />
        </Section>
      )}
      <Section title="Scheduler latency" id="latency">
        {d.analysis?.sched_latency.open_waits && <OpenWaitsPanel waits={d.analysis.sched_latency.open_waits} />}
        <SchedLatencyPanel detail={d} />
      </Section>
      {d.analysis ? (
        <TraceSections id={id} detail={d} analysis={d.analysis} />
      ) : (
        <Section title="Trace figures" id="trace">
          <p className="muted" data-testid="no-trace-figures">{noAnalysisReason(d)}</p>
          <p className="muted">Goroutines by start function, regions and tasks, the timelines, the drill-down into a moment and the MMU curve all come from an analysed execution trace.</p>
        </Section>
      )}
      <Section title="Runtime metrics (sampled per tick)" id="ticks">
        {series.data ? (
          <>
            {/* A flight recorder's windows count from its own start, not the sampler's: not drawn against the ticks. */}
            <ThrottlingChart ticks={series.data.ticks} analysis={d.analysedTrace === 'trace.out' ? d.analysis : null} />
            <MetricsCharts ticks={series.data.ticks} empty={noTicksReason(d)} />
          </>
        ) : (
          <ErrorBanner error={series.error} onRetry={series.reload} />
        )}
      </Section>
      {d.result && (
        <Section title="Measured window: op latency, the scenario's values, runtime metrics" id="window">
          <WindowMetricsPanel result={d.result} />
        </Section>
      )}
      <Section title="Flame graphs" id="profiles">
        <ProfilesPanel runId={id} profiles={d.profiles} derived={d.analysis?.profiles.map((p) => p.name) ?? []} imported={importedFacts(d) !== null} asked={d.config.capture.filter((c) => c !== 'flight')} target={d.config.target.kind} files={d.artifacts.map((a) => a.name)} gone={Object.fromEntries(d.artifacts.filter((a) => a.onDisk !== 'kept').map((a) => [a.name, a.onDisk]))} />
      </Section>
      <Section title="Artifacts" id="artifacts">
        <ArtifactsPanel runId={id} artifacts={d.artifacts} />
      </Section>
      <Section title="Terminal log" id="terminal">
        <StoredTerminal runId={id} imported={importedFacts(d) !== null} />
      </Section>
    </div>
  );
}

/** Why a finished run has no runtime-metrics ticks: only the harness samples them. */
function noTicksReason(d: RunDetail): string {
  switch (d.config.target.kind) {
    case 'bench':
      return 'go test records no runtime metrics while benchmarks run; the benchmark lines are its measurements.';
    case 'endpoint':
      return "An endpoint's runtime metrics are not sampled; its profiles and trace are what was fetched.";
    default:
      return 'No metrics ticks were recorded for this run.';
  }
}

/** The sections an analysed trace fills; the drill-down range picked on a timeline is theirs. */
function TraceSections({ id, detail: d, analysis }: { id: string; detail: RunDetail; analysis: NonNullable<RunDetail['analysis']> }) {
  const [drill, setDrill] = useState<TimeRange | null>(null);
  return (
    <>
      <Section title="Goroutines by start function" id="goroutines">
        {analysis.goroutine_groups ? <GoroutineGroupsPanel groups={analysis.goroutine_groups} /> : <p className="muted">{OLDER_ANALYSIS}</p>}
      </Section>
      <Section title="Regions and tasks (runtime/trace annotations)" id="regions">
        {analysis.user_annotations ? <RegionsPanel annotations={analysis.user_annotations} /> : <p className="muted">{OLDER_ANALYSIS}</p>}
      </Section>
      <Section title="Timelines (execution trace)" id="timelines">
        {d.analysedTrace === 'flight.trace' && (
          <p className="banner" data-testid="flight-trace-note">
            These timelines, the drill-down and the exact figures are of flight.trace: the flight recorder's last {formatDuration(analysis.meta.duration_s)} of the run, not the
            whole run. Times count from that window's start.
          </p>
        )}
        <TimelinePanel
          analysis={analysis}
          onDrill={(range) => {
            setDrill(range);
            scrollToDrill(range);
          }}
        />
      </Section>
      <Section title="Drill-down: what happened in a moment" id="drilldown">
        <DrillDownSection runId={id} analysis={analysis} traceGone={keptTraceGone(d.artifacts)} range={drill} onRange={setDrill} />
      </Section>
      <Section title="Minimum mutator utilisation (GC)" id="mmu">
        <MmuPanel series={mmuRow('this run', seriesColor(0), analysis)} empty={NO_MMU} />
      </Section>
    </>
  );
}

