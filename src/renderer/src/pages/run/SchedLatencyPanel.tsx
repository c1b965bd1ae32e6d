// Scheduler latency of one run: exact (trace) vs sampled (runtime/metrics) side by side with an
// explicit agreement verdict, the distribution as CDF and histogram, and the breakdown by cause.
import { useMemo } from 'react';
import type { RunDetail } from '../../../../shared/contract';
import type { Histogram } from '../../../../shared/domain';
import { fewSamplesNote, judgeAgreement, MIN_SAMPLED, QUANTILE_LABELS } from '../../charts/agreement';
import { LatencyCdfChart, LatencyHistogramChart, type LatencySeries } from '../../charts/LatencyCharts';
import { findGroup, groupLabel } from '../../../../shared/goroutine-groups';
import { exactWithin, latencySpans } from '../../../../shared/latency-spans';
import { formatCount, formatDuration, formatPercent } from '../../format';
import { useSelectedGroup } from './selected-group';
import { waitCauseColor, waitCauseShort } from '../../wait-causes';
import { SAMPLED_BEFORE_GO126, samplesAsGo126 } from '../../../../shared/sched-sample';
import { IMPORTED_TAG } from '../../../../shared/imported-tag';
import { programSchedLatency, runtimeWaitsText } from '../../../../shared/program-latency';

const SCHED_METRIC = '/sched/latencies:seconds';

/** Whose waits the exact figures views lead with are (program-latency.ts). */
const PROGRAM = 'program’s goroutines';

export function sampledHistogram(detail: RunDetail): Histogram | null {
  const m = detail.result?.metrics[SCHED_METRIC];
  return m && m.kind === 'histogram' ? { unit: 's', count: m.count, bins: m.bins } : null;
}

export function SchedLatencyPanel({ detail }: { detail: RunDetail }) {
  // The program's goroutines' waits lead; every goroutine's are what the metric samples, so the
  // agreement is judged on those (program-latency.ts).
  const program = detail.analysis ? programSchedLatency(detail.analysis) : null;
  const exactHist = program?.hist ?? null;
  const allHist = detail.analysis?.sched_latency.all ?? null;
  const runtimeWaits = program?.runtimeWaits ?? null;
  const withAll = runtimeWaits !== null && runtimeWaits > 0;
  // The agreement is judged on every goroutine's waits, as the metric holds them: its sample count is theirs.
  const judgedHist = allHist ?? exactHist;
  const sampledHist = sampledHistogram(detail);
  const { exact, exactAll, sampled, sampledCount } = detail.schedLatency;
  // The flight recorder's window is the run's last moments, the metric the whole measured window:
  // their quantiles are of different spans, so none is judged against the other.
  const flight = detail.analysedTrace === 'flight.trace';
  // Before Go 1.26 the runtime samples another population than the trace's waits: nothing to judge.
  const otherPopulation = sampled !== null && detail.provenance !== null && !samplesAsGo126(detail.provenance.goVersion);
  const rows = judgeAgreement(exactAll, sampled, sampledCount, sampledHist).map((r) =>
    flight
      ? { ...r, verdict: 'not judged' as const, why: 'not judged: the trace is the flight recorder\'s last moments, the metric the whole window' }
      : otherPopulation
        ? { ...r, verdict: 'not judged' as const, why: `not judged: ${SAMPLED_BEFORE_GO126}` }
        : r,
  );
  const { selectedGroup, setSelectedGroup } = useSelectedGroup();
  const group = findGroup(detail.analysis, selectedGroup);
  const series = useMemo(() => {
    const s: LatencySeries[] = [];
    // A picked goroutine group: its own distribution, with the program's for reference (the metric cannot be filtered).
    if (group && exactHist) return [{ name: `group ${groupLabel(group.start_func)} (trace)`, hist: group.sched_latency }, { name: `${PROGRAM} (trace)`, hist: exactHist }];
    if (exactHist) s.push({ name: runtimeWaits === null ? 'exact (trace)' : `exact, ${PROGRAM} (trace)`, hist: exactHist });
    if (withAll && allHist) s.push({ name: 'exact, all goroutines (trace)', hist: allHist });
    if (sampledHist) s.push({ name: 'sampled, all goroutines (metric)', hist: sampledHist });
    return s;
  }, [exactHist, allHist, withAll, runtimeWaits, sampledHist, group]);

  if (series.length === 0) return <p className="muted">No scheduler-latency data: {detail.analysisNote ?? 'the run wrote neither a trace nor runtime metrics.'}</p>;
  const judged = rows.filter((r) => r.verdict !== 'not judged');
  const spans = latencySpans(detail.analysis?.meta.duration_s, detail.result?.wall_s, detail.config.warmup, formatDuration);
  const spansText = `The exact figures cover ${spans.exact}, the sampled ones ${spans.sampled}.`;
  const summary =
    !exact || !sampled
      ? `Only the ${exact ? 'exact (trace)' : 'sampled (metric)'} source is available${exact ? '' : detail.run.tags.includes(IMPORTED_TAG) ? '; import the trace with it for exact quantiles' : '; capture a trace for exact quantiles'}.`
      : flight
        ? `The exact figures are of flight.trace, the flight recorder's last ${formatDuration(detail.analysis?.meta.duration_s ?? null)} of the run; the sampled ones of the whole measured window: different spans, not judged against each other.`
        : otherPopulation
        ? `The sample: ${SAMPLED_BEFORE_GO126} (${detail.provenance!.goVersion}); not judged against each other.`
        : sampledCount < MIN_SAMPLED
        ? `The metric holds ${sampledCount} sampled transitions, fewer than ${MIN_SAMPLED}: too few to judge agreement.`
        : judged.every((r) => r.verdict === 'agrees')
          ? `Every goroutine’s exact and sampled quantiles agree within the runtime histogram’s bucket resolution. ${spansText}`
          : `Every goroutine’s exact and sampled quantiles differ at ${judged.filter((r) => r.verdict === 'differs').map((r) => QUANTILE_LABELS[r.key]).join(', ')}: beyond one bucket of the metric’s resolution. ${spansText}`;

  return (
    <div className="latency-panel">
      {/* What the analysis of the run's files found beside its figures (a trace cut short, an imported profile of another moment). */}
      {detail.analysis && detail.analysisNote && (
        <p className="banner banner-warning" role="status" data-testid="analysis-note">
          {detail.analysisNote}
        </p>
      )}
      {group && (
        <p className="banner" data-testid="group-filter">
          Charts show goroutine group <code>{groupLabel(group.start_func)}</code>: {formatCount(group.sched_latency.count)} waits, p99 {formatDuration(group.sched_latency.p99)}.{' '}
          <button type="button" className="link" onClick={() => setSelectedGroup(null)}>
            Show all groups
          </button>
        </p>
      )}
      <div className="two-columns">
        <div>
          <div className="table-scroll">
            <table className="data-table compact wrap-heads" data-testid="sched-quantiles">
              <thead>
                <tr>
                  <th>quantile</th>
                  {group && <th className="num">group (trace)</th>}
                  <th className="num">{runtimeWaits === null ? 'exact (trace)' : `exact, ${PROGRAM}`}</th>
                  {withAll && <th className="num">exact, all goroutines</th>}
                  <th className="num">sampled, all (metric)</th>
                  <th>agreement</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-quantile={r.key}>
                    <td>{QUANTILE_LABELS[r.key]}</td>
                    {group && (
                      <td className="num" data-column="group">
                        {formatDuration(group.sched_latency[r.key])}
                      </td>
                    )}
                    <td className="num" data-column="exact">{formatDuration(exact?.[r.key] ?? null)}</td>
                    {withAll && (
                      <td className="num" data-column="exact-all">
                        {formatDuration(r.exact)}
                      </td>
                    )}
                    <td className="num" data-column="sampled">
                      {formatDuration(r.sampled)}
                    </td>
                    <td className={`verdict verdict-${r.verdict.replace(' ', '-')}`} title={r.why}>
                      {r.verdict === 'not judged' ? '—' : r.verdict}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small" data-testid="agreement-summary">
            {group && `The group’s column holds its ${formatCount(group.sched_latency.count)} waits; the agreement is that of all goroutines (the metric cannot be filtered by group). `}
            {summary} Samples: {formatCount(judgedHist?.count ?? null)} exact{withAll ? ' (all goroutines)' : ''}{exactWithin(judgedHist?.rel_err)}, {sampled ? `${formatCount(sampledCount)} sampled (the runtime records about 1 in 8 transitions; its quantiles are bucket upper bounds).` : detail.run.tags.includes(IMPORTED_TAG) ? 'none sampled: an imported trace comes without the runtime’s metrics.' : 'none sampled: the run left no runtime metrics of its measured window.'}
            {fewSamplesNote(judgedHist?.count ?? null, sampled ? sampledCount : null)}
          </p>
          {allHist && (
            <p className="muted small" data-testid="runtime-waits">
              {runtimeWaitsText(allHist.count, runtimeWaits, formatCount, sampled !== null)}
            </p>
          )}
        </div>
        <LatencyCdfChart series={series} of="transitions" />
      </div>
      <figure>
        <figcaption>Histogram (share of transitions per bin, log time axis)</figcaption>
        <LatencyHistogramChart series={series} />
      </figure>
      {program && <ByCause byCause={program.byCause} total={program.hist.count} />}
    </div>
  );
}

const CAUSE_LABELS: Record<string, string> = {
  created: 'new goroutine',
  unblocked: 'unblocked (channel, mutex, timer …)',
  preempted: 'preempted',
  yielded: 'yielded (Gosched)',
  syscall_lost_p: 'returned from a syscall that lost its P',
};

function ByCause({ byCause, total }: { byCause: Record<string, Histogram & { p50: number | null; p99: number | null; sum_s: number }>; total: number }) {
  const causes = Object.entries(byCause).filter(([, h]) => h.count > 0).sort((a, b) => b[1].sum_s - a[1].sum_s);
  const totalWait = causes.reduce((s, [, h]) => s + h.sum_s, 0);
  if (causes.length === 0) return null;
  return (
    <div className="two-columns">
      <table className="data-table compact" data-testid="by-cause">
        <thead>
          <tr>
            <th>became runnable because</th>
            <th className="num">transitions</th>
            <th className="num">share of wait</th>
            <th className="num">p50</th>
            <th className="num">p99</th>
          </tr>
        </thead>
        <tbody>
          {causes.map(([cause, h]) => (
            <tr key={cause} data-cause={cause}>
              <td>{CAUSE_LABELS[cause] ?? cause}</td>
              <td className="num" title={formatPercent(total ? h.count / total : null)}>
                {formatCount(h.count)}
              </td>
              <td className="num">{formatPercent(totalWait ? h.sum_s / totalWait : null)}</td>
              <td className="num">{formatDuration(h.p50)}</td>
              <td className="num">{formatDuration(h.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LatencyCdfChart series={causes.map(([cause, h]) => ({ name: waitCauseShort(cause), hist: h, color: waitCauseColor(cause) }))} height={220} of="each cause’s transitions" />
    </div>
  );
}
