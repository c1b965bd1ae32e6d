// Everything the harness measured over the window, as the runtime names it: counters as deltas,
// gauges as start → end, histograms as count and quantiles; plus the scenario's own op latency. A
// counter the runtime updates only when a GC cycle ends says so, and nothing when none ended.
import type { HarnessResult, MetricValue } from '../../../../shared/results';
import { LatencyCdfChart } from '../../charts/LatencyCharts';
import { formatCount, formatDuration, formatValue } from '../../format';
import { counted } from '../../../../shared/plural';
import { noOpLatencyText, OP_QUANTILES_NOTE, timedOpsText } from '../../../../shared/op-latency';
import { scenarioValues } from '../../../../shared/scenario-values';

/** The unit of a runtime/metrics name ("/gc/heap/allocs:bytes" → "bytes"; seconds of any kind → "s"). */
export function metricUnit(name: string): string {
  const unit = name.slice(name.lastIndexOf(':') + 1);
  return unit === 'seconds' || unit === 'cpu-seconds' ? 's' : unit;
}

/** Parts that wrap only between each other ("max 384 ns" never splits before "ns"). */
const joinUnbroken = (parts: string[]): string => parts.map((part) => part.replace(/ /g, '\u00a0')).join(' · ');

export function metricText(name: string, m: MetricValue): string {
  const unit = metricUnit(name);
  switch (m.kind) {
    case 'counter':
      // gc/pause and gc/total also move at a cycle's start: a change is a change.
      if (m.gc_cycles_ended === 0 && m.delta === 0) return 'not updated: no GC cycle ended';
      return `+${formatValue(m.delta, unit)}${m.gc_cycles_ended === undefined ? '' : ' (GC to GC)'}`;
    case 'gauge':
      return m.start === m.end ? formatValue(m.end, unit) : `${formatValue(m.start, unit)} → ${formatValue(m.end, unit)}`;
    case 'histogram':
      return m.count === 0 ? 'no samples' : joinUnbroken([counted(m.count, 'sample'), `p50 ${formatDuration(m.p50)}`, `p99 ${formatDuration(m.p99)}`, `max ${formatDuration(m.max)}`]);
  }
}

/** The GC cycles that ended in the window, as the counters updated only then carry them; null when none is. */
function gcCyclesEnded(metrics: MetricValue[]): number | null {
  for (const m of metrics) if (m.kind === 'counter' && m.gc_cycles_ended !== undefined) return m.gc_cycles_ended;
  return null;
}

export function WindowMetricsPanel({ result }: { result: HarnessResult }) {
  const metrics = Object.entries(result.metrics).sort(([a], [b]) => a.localeCompare(b));
  const gcCycles = gcCyclesEnded(metrics.map(([, m]) => m));
  const op = result.op_latency;
  // The scenario's latency first, the metrics' list below it: a list beside the chart left half the
  // panel blank while collapsed.
  return (
    <div className="stacked">
      {op && op.count > 0 ? (
        <figure data-testid="op-latency">
          <figcaption>
            Operation latency, measured by the scenario: p50 {formatDuration(op.p50)} · p99 {formatDuration(op.p99)} · p99.9 {formatDuration(op.p999)} · max {formatDuration(op.max)} ({timedOpsText(op.count, result.ops, formatCount)}; {OP_QUANTILES_NOTE})
          </figcaption>
          <LatencyCdfChart series={[{ name: 'op latency', hist: op }]} />
        </figure>
      ) : (
        <p className="muted">{noOpLatencyText(result)}</p>
      )}
      <ScenarioValues result={result} />
      <details className="table-scroll">
        <summary>
          All {metrics.length} runtime metrics over the window
        </summary>
        <table className="data-table compact window-metrics" data-testid="window-metrics">
          <tbody>
            {metrics.map(([name, m]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td className="num">{metricText(name, m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {gcCycles !== null && (
          <p className="muted small" data-testid="gc-updated-metrics">
            The runtime updates /cpu/classes/* only at a GC cycle's stops of the world (gc/pause and gc/total at its start too, all of them at its end): their change runs from the last cycle before the window to the last one in it
            {gcCycles === 0 ? '; none ended in this window, so those that did not move say nothing of it.' : ` (${counted(gcCycles, 'cycle')} ended in the window).`}
          </p>
        )}
        {result.unavailable.length > 0 && <p className="muted small">Not available in this Go: {result.unavailable.join(', ')}</p>}
      </details>
    </div>
  );
}

/** What the scenario reported of its measured run (env.Report) and noted for the reader (env.Note), as result.json has them. */
function ScenarioValues({ result }: { result: HarnessResult }) {
  const values = scenarioValues(result);
  const notes = result.notes ?? [];
  if (values.length === 0 && notes.length === 0) return null;
  return (
    <div data-testid="scenario-values">
      {values.length > 0 && (
        <table className="data-table compact scenario-values">
          <caption>Values the scenario reported of its measured run</caption>
          <tbody>
            {values.map((v) => (
              <tr key={v.name} data-value-name={v.name}>
                <td>
                  <code>{v.name}</code>
                </td>
                <td className="num">{v.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notes.length > 0 && (
        <>
          <p className="caption">Notes the scenario left for the reader</p>
          <ul className="muted small" data-testid="scenario-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
