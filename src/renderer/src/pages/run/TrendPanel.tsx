// The history of a run's setup (runs.trend): every run configured as this one was, one metric at a
// time across them, and benchstat's test of the latest runs against those before.
import { useState } from 'react';
import { defaultTrendMetrics, trendMetricLabel, trendScopeText } from '../../../../shared/trend-metrics';
import { isTerminal } from '../../../../shared/domain';
import { useCommand, useEvent } from '../../api/context';
import { TrendChart } from '../../charts/TrendChart';
import { ErrorBanner, Loading } from '../../components/feedback';
import { VERDICT_CLASS } from '../compare/verdict-cell';

export function TrendPanel({ id }: { id: string }) {
  const trend = useCommand('runs.trend', { id });
  const [picked, setPicked] = useState<string | null>(null);
  // A run that ends while the page is open may be of the setup: its history is asked again then,
  // not at every change of any run (a trend reads up to 100 runs' details).
  useEvent('run.state', (p) => {
    if (isTerminal(p.state)) trend.reload();
  });
  if (trend.error && !trend.data) return <ErrorBanner error={trend.error} onRetry={trend.reload} />;
  if (!trend.data) return <Loading what="the setup's history" />;
  const t = trend.data;
  const setupLine = (
    <p className="muted small" data-testid="trend-setup">
      {t.setup}
    </p>
  );
  if (t.points.length < 2) {
    return (
      <>
        {setupLine}
        <p className="muted">This is the only run of its setup so far; runs configured alike make its history.</p>
      </>
    );
  }
  const metric = t.metrics.find((m) => m.key === picked) ?? defaultTrendMetrics(t.metrics)[0] ?? t.metrics[0];
  return (
    <>
      {setupLine}
      <p className="muted small">
        {trendScopeText(t, 'gmpw trend --limit shows up to 500')}. The oldest is on the left; a dot opens its run, a dashed line marks a run built by another Go or run under another GOMAXPROCS or CPU limit than the one before.
      </p>
      {metric ? (
        <>
          <label>
            Metric{' '}
            <select value={metric.key} onChange={(e) => setPicked(e.target.value)} data-testid="trend-metric">
              {t.metrics.map((m) => (
                <option key={m.key} value={m.key}>
                  {trendMetricLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <TrendChart trend={t} metricKey={metric.key} currentId={id} />
          <p data-testid="trend-verdict">
            Latest {t.recentN} against the {t.recentN} before them (benchstat's test):{' '}
            {metric.recent.outcome === 'too-few' ? (
              <span className="muted">{metric.recent.text}.</span>
            ) : (
              <span className={VERDICT_CLASS[metric.recent.outcome]} data-verdict={metric.recent.outcome}>
                {metric.recent.text}
                {metric.recent.outcome === 'no-difference' ? '' : ` (${metric.recent.outcome})`}
              </span>
            )}
          </p>
        </>
      ) : (
        <p className="muted">No run of this setup measured a figure to follow.</p>
      )}
    </>
  );
}
