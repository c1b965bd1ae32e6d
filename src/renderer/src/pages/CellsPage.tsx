// An experiment's cells compared with statistics (docs/ARCHITECTURE.md §6): all repetitions of a cell are
// one sample; each cell shows median ± 95% CI per metric, and each candidate cell benchstat's
// Mann–Whitney verdict against the baseline cell the user picks.
import { useMemo } from 'react';
import type { GroupedMetric } from '../../../shared/contract';
import { experimentCells } from '../../../shared/cell-name';
import { MIN_CI_SAMPLES, MIN_TEST_SAMPLES, UNEQUAL_SIDES } from '../../../shared/repetitions';
import { counted } from '../../../shared/plural';
import { useCommand } from '../api/context';
import { ExportReportButton } from '../components/ExportReportButton';
import { EmptyState, ErrorBanner, Loading, Section, WarningBanner } from '../components/feedback';
import { useReadOnly } from '../hooks/read-only';
import { Field } from '../components/Field';
import { navigate, routeHref } from '../routing';
import { formatTimestamp } from '../format';
import { ExperimentCharts } from '../charts/ExperimentCharts';
import { BenchfmtExport } from './compare/BenchfmtExport';
import { StatsTable } from './compare/StatsTable';
import { groupFactsText, groupMachines, sharedSetup } from '../../../shared/cells-facts';

const STATS_NOTE = `Median ± 95% confidence interval (needs ≥ ${MIN_CI_SAMPLES} runs; "± ?" where it reaches 0, which no share of the median measures: its ends are on hover). Verdict: change of the medians with the Mann–Whitney U p-value at α = 0.05, "~" when not significant; sides too small to ever reach p ≤ 0.05 are untested (fewer than ${MIN_TEST_SAMPLES} runs each, unless the other side has more: ${UNEQUAL_SIDES} can be tested), as benchstat tests them. Only succeeded runs count.`;

/** Comparisons without a verdict are said once, above the table, with what would give one. */
function TooFewBanner({ metrics }: { metrics: GroupedMetric[] }) {
  const rows = metrics.flatMap((m) => m.candidates.map((c) => ({ outcome: c.verdict.outcome, fewest: Math.min(m.baseline.n, c.stats.n) })));
  const tooFew = rows.filter((r) => r.outcome === 'too-few');
  if (tooFew.length === 0) return null;
  const fewest = Math.min(...tooFew.map((r) => r.fewest));
  // A metric no run of a cell measured has no runs to count: it is said apart, not as too few.
  const measured = rows.filter((r) => r.outcome !== 'not-run').length;
  const unmeasured = rows.length - measured;
  return (
    <div className="banner banner-warning" role="status" data-testid="too-few">
      {tooFew.length} of the {measured} comparisons of metrics measured in both cells have too few runs for a verdict (as few as {counted(fewest, 'run')} with a value in a cell)
      {unmeasured > 0 && `; ${unmeasured} more compare a metric a cell did not measure`}; a verdict needs ≥ {MIN_TEST_SAMPLES} runs in each cell (or unequal sides such as {UNEQUAL_SIDES}), a
      95% confidence interval ≥ {MIN_CI_SAMPLES} runs. Their change of the medians is shown, untested. Run the experiment again with more repetitions.
    </div>
  );
}

export function CellsPage({ experimentId, baseline }: { experimentId: string; baseline: string }) {
  // Experiments come with the runs list; the newest few hundred runs name the experiments worth picking.
  const history = useCommand('runs.list', { limit: 2000 });
  const runs = useCommand('runs.list', experimentId ? { filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 10_000 } : null);
  const cells = useMemo(() => experimentCells(runs.data?.runs ?? []), [runs.data]);
  const base = baseline || cells[0] || '';
  const comparison = useCommand('compare.cells', experimentId && base && cells.length > 1 ? { baseline: { experimentId, cell: base } } : null);
  const experiments = (history.data?.experiments ?? []).filter((e) => e.runIds.length > 1);
  const readOnly = useReadOnly();

  const pickers = (
    <div className="cells-pickers">
      <Field label="Experiment" name="experiment">
        <select value={experimentId} onChange={(e) => navigate({ page: 'cells', experimentId: e.target.value, baseline: '' })} data-testid="cells-experiment">
          {/* A report holds its one experiment: nothing else to pick. */}
          {!readOnly && <option value="">Pick an experiment…</option>}
          {experiments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label || e.id} · {e.runIds.length} runs · {formatTimestamp(e.createdAt)}
            </option>
          ))}
        </select>
      </Field>
      {cells.length > 0 && (
        <Field label="Baseline cell" name="baseline">
          <select value={base} onChange={(e) => navigate({ page: 'cells', experimentId, baseline: e.target.value })} data-testid="cells-baseline">
            {cells.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      )}
    </div>
  );

  const body = () => {
    if (!experimentId) return <EmptyState title="Pick an experiment">Runs with repetitions, or a plan over several GOMAXPROCS, concurrency, Go release, CPU limit or host values, form an experiment; its cells are compared here.</EmptyState>;
    if (runs.error) return <ErrorBanner error={runs.error} onRetry={runs.reload} />;
    if (!runs.data) return <Loading what="experiment" />;
    if (cells.length < 2) return <EmptyState title="Nothing to compare">This experiment has {cells.length} cell; statistics compare two or more.</EmptyState>;
    if (comparison.error) return <ErrorBanner error={comparison.error} onRetry={comparison.reload} />;
    if (!comparison.data) return <Loading what="statistics" />;
    const data = comparison.data;
    const groups = [data.baseline, ...data.candidates];
    return (
      <>
        <WarningBanner title="Read these statistics with care:" items={data.warnings} />
        <TooFewBanner metrics={data.metrics} />
        <Section title="Charts">
          <ExperimentCharts cells={groups.map((g) => g.label)} metrics={data.metrics} ran={data.facts} />
        </Section>
        <Section title="Metrics">
          <StatsTable metrics={data.metrics} names={groups.map((g) => g.label)} />
          <p className="muted small">{STATS_NOTE}</p>
        </Section>
        <Section title="What ran">
          <p data-testid="cells-ran">
            {sharedSetup(data) && <>Ran {sharedSetup(data)}. </>}
            {groupMachines(data).length > 0 && <>On {groupMachines(data).join('; ')}.</>}
          </p>
          <ul>
            {groups.map((g, i) => (
              <li key={g.label} data-testid="cells-group">
                {g.label}: {g.runIds.length} succeeded{g.excluded.length ? `, ${g.excluded.length} left out` : ''}
                {groupFactsText(data, i) && <> · {groupFactsText(data, i)}</>}{' '}
                {!readOnly && g.runIds.length > 1 && (
                  <a className="small" href={routeHref({ page: 'compare', baseline: g.runIds[0], candidates: g.runIds.slice(1, 8) })}>
                    compare its runs
                  </a>
                )}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Go benchmark format">
          <BenchfmtExport selection={{ experimentId }} fileName={`${experimentId}.txt`} />
        </Section>
      </>
    );
  };

  return (
    <div className="compare-page" data-testid="cells-page">
      <header className="page-header">
        <h1>Compare experiment cells</h1>
        {experimentId && base && cells.length > 1 && <ExportReportButton selection={{ experimentId, baseline: base }} />}
      </header>
      {pickers}
      {body()}
    </div>
  );
}
