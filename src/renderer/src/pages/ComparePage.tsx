// One baseline against up to seven candidates: distributions overlaid, metric deltas, scaling over
// GOMAXPROCS when the runs differ in it, and a differential flame graph.
import { useMemo } from 'react';
import { SINGLE_RUNS_CAVEAT } from '../../../shared/repetitions';
import { LatencyCdfChart, LatencyHistogramChart } from '../charts/LatencyCharts';
import { seriesColor } from '../charts/palette';
import { scalingOfRuns } from '../charts/scaling';
import { runLine } from '../report/summary-model';
import { gomaxprocsRan } from '../../../shared/gomaxprocs';
import { ScalingChart } from '../charts/ScalingChart';
import { useCommand } from '../api/context';
import { ExportReportButton } from '../components/ExportReportButton';
import { EmptyState, ErrorBanner, Loading, Section, WarningBanner } from '../components/feedback';
import { useReadOnly } from '../hooks/read-only';
import { routeHref } from '../routing';
import { BenchfmtExport } from './compare/BenchfmtExport';
import { DiffFlamePanel } from './compare/DiffFlamePanel';
import { GroupsCompare } from './compare/GroupsCompare';
import { MetricsTable } from './compare/MetricsTable';
import { MmuPanel, mmuRow } from './run/MmuPanel';
import { runNames } from '../../../shared/run-names';
import { runGoRelease } from '../../../shared/go-release';
import { latencySeries, latencySourcesText } from './compare/latency-sources';

export function ComparePage({ baseline, candidates }: { baseline: string; candidates: string[] }) {
  const comparison = useCommand('compare.runs', baseline && candidates.length > 0 ? { baseline, candidates } : null);
  const readOnly = useReadOnly();
  const view = useMemo(() => {
    if (!comparison.data) return null;
    const details = [comparison.data.baseline, ...comparison.data.candidates];
    const names = runNames(details);
    const series = details.map((d, i) => latencySeries(d, names[i])).filter((s) => s !== null);
    const ofRuns = scalingOfRuns(details, names);
    // Benchmarks have neither number (their ns/op is in the metrics table): no empty chart for them.
    const drawable = ofRuns.points.length > 1 && ofRuns.points.some((p) => p.opsPerSec !== null || p.schedP99 !== null);
    // Runs of several GOMAXPROCS left out for their other settings still get the section, to say why there is no curve.
    const gomaxprocsVaried = new Set(details.map(gomaxprocsRan).filter((n) => n !== null)).size > 1;
    const scaling = drawable || (gomaxprocsVaried && ofRuns.leftOut.length > 0 && ofRuns.points.length < 2) ? { ...ofRuns, drawable } : null;
    return { details, names, series, scaling };
  }, [comparison.data]);

  if (!baseline || candidates.length === 0) {
    return (
      <EmptyState title="Nothing to compare yet">
        In <a href={routeHref({ page: 'runs' })}>Runs</a>, tick 2 to 8 runs (the first one ticked is the baseline) and press <kbd>c</kbd>.
      </EmptyState>
    );
  }
  if (comparison.error && !comparison.data) return <ErrorBanner error={comparison.error} onRetry={comparison.reload} />;
  if (!comparison.data || !view) return <Loading what="comparison" />;
  const data = comparison.data;
  const { details, names, series, scaling } = view;
  const releasesDiffer = new Set(details.map(runGoRelease)).size > 1;
  // The cells' statistics are of one experiment: offered only when every run here is of the same one.
  const experiments = new Set(details.map((d) => d.run.experimentId));
  const experimentId = experiments.size === 1 ? details[0]!.run.experimentId : null;

  return (
    <div className="compare-page" data-testid="compare-page">
      <header className="page-header">
        <h1>Compare {details.length} runs</h1>
        <ExportReportButton selection={{ runIds: details.map((d) => d.run.id) }} />
      </header>
      <WarningBanner title="Besides the code under test, these runs differ in their setup or environment; read the deltas with care:" items={data.warnings} />
      <Section title="Runs">
        <ol className="run-legend">
          {details.map((d, i) => (
            <li key={d.run.id}>
              <span className="swatch" style={{ background: seriesColor(i) }} />
              <a href={routeHref({ page: 'run', id: d.run.id })}>{names[i]}</a> <code className="muted">{d.run.id}</code>{' '}
              {/* A name (not a label) holds the release when the runs differ in it: said once. */}
              {(d.run.label || !releasesDiffer) && <span className="muted" data-testid="run-go">{runGoRelease(d)}</span>}{' '}
              {i === 0 ? (
                <span className="badge">baseline</span>
              ) : (
                !readOnly && <a className="small" href={routeHref({ page: 'compare', baseline: d.run.id, candidates: details.filter((o) => o !== d).map((o) => o.run.id) })}>
                  make baseline
                </a>
              )}
              {/* What ran, in force: the setup a delta depends on, for every run, not only where the warnings name a difference. */}
              <div className="muted small" data-testid="run-setup">
                {runLine(d)}
              </div>
            </li>
          ))}
        </ol>
      </Section>
      <Section title="Metrics">
        <p className="banner banner-warning" role="note" data-testid="noise-caveat">
          {SINGLE_RUNS_CAVEAT}
        </p>
        <MetricsTable metrics={data.metrics} names={names} />
        {experimentId && !readOnly && (
          <p className="muted small">
            <a href={routeHref({ page: 'cells', experimentId, baseline: '' })}>Compare the cells of experiment {experimentId} with statistics</a>.
          </p>
        )}
      </Section>
      <Section title="Scheduler latency">
        {series.length === 0 ? (
          <p className="muted">None of these runs has scheduler-latency data.</p>
        ) : (
          <div className="two-columns">
            <LatencyCdfChart series={series} of="transitions" />
            <figure>
              <figcaption>Histogram (share per bin)</figcaption>
              <LatencyHistogramChart series={series} />
            </figure>
          </div>
        )}
        {series.length > 0 && (
          <p className="muted small" data-testid="latency-sources">
            {latencySourcesText(series)}
          </p>
        )}
      </Section>
      <Section title="Minimum mutator utilisation (GC)" id="mmu">
        <MmuPanel
          series={details.flatMap((d, i) => mmuRow(names[i]!, seriesColor(i), d.analysis))}
          // Say the plain reason when it is the plain one: none of the runs was traced.
          empty={details.every((d) => !d.analysis && !d.config.capture.includes('trace')) ? 'It comes from the execution trace, and none of these runs has one (capture "trace", or import one with a run).' : undefined}
        />
      </Section>
      <Section title="Goroutine groups and regions">
        <GroupsCompare analyses={details.map((d) => d.analysis)} names={names} />
      </Section>
      {scaling && (
        <Section title="Scaling over GOMAXPROCS">
          {scaling.drawable ? (
            <>
              <ScalingChart points={scaling.points} schedSource={scaling.schedSource} />
              {scaling.note && (
                <p className="muted small" data-testid="scaling-note">
                  {scaling.note}
                </p>
              )}
            </>
          ) : (
            <p className="muted" data-testid="scaling-none">
              No curve: a point is the median of runs that differ from the baseline in GOMAXPROCS alone, and these runs differ in more.
            </p>
          )}
          {scaling.leftOut.length > 0 && (
            <p className="muted small" data-testid="scaling-left-out">
              Not on the chart: {scaling.leftOut.map((l) => `${l.name} (${l.why})`).join('; ')}.
            </p>
          )}
        </Section>
      )}
      <Section title="Go benchmark format">
        <BenchfmtExport selection={{ runIds: details.map((d) => d.run.id) }} fileName="runs.txt" />
      </Section>
      <Section title="Differential flame graph">
        <DiffFlamePanel baselineId={data.baseline.run.id} candidates={data.candidates.map((c, i) => ({ id: c.run.id, name: names[i + 1] }))} profilesOf={data.profilesByCandidate} names={{ baseline: names[0] }} />
      </Section>
    </div>
  );
}
