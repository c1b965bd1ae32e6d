// runtime/trace annotations of the run (gmptrace README, "User annotations"): per region type its
// durations and the scheduler latency of the goroutine that opened each while inside it, tasks per type, log counts.
import type { TraceUserAnnotations } from '../../../../shared/results';
import { formatCount, formatDuration } from '../../format';

export function RegionsPanel({ annotations }: { annotations: TraceUserAnnotations }) {
  const { regions, tasks, logs } = annotations;
  if (regions.length + tasks.length + logs.length === 0) {
    return <p className="muted">The trace has no user regions, tasks or logs (runtime/trace.WithRegion, NewTask, Log).</p>;
  }
  return (
    <div data-testid="regions-panel">
      {regions.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="regions-table">
            <thead>
              <tr>
                <th>region type</th>
                <th className="num">count</th>
                <th className="num" title="Begun before or not ended within the trace: not in the durations">incomplete</th>
                <th className="num">p50</th>
                <th className="num">p99</th>
                <th className="num">max</th>
                <th className="num" title="The waits of the goroutine that opened the region, while it was in it: a region is one goroutine's (runtime/trace), so other goroutines' waits during it are not counted">
                  its goroutine's waits
                </th>
                <th className="num">wait p50</th>
                <th className="num">wait p99</th>
                <th className="num">wait max</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => (
                <tr key={r.type} data-region={r.type}>
                  <td>{r.type}</td>
                  <td className="num">{formatCount(r.count)}</td>
                  <td className="num">{formatCount(r.incomplete)}</td>
                  <td className="num">{formatDuration(r.duration.p50)}</td>
                  <td className="num">{formatDuration(r.duration.p99)}</td>
                  <td className="num">{formatDuration(r.duration.max)}</td>
                  <td className="num">{formatCount(r.sched_latency.count)}</td>
                  <td className="num">{formatDuration(r.sched_latency.p50)}</td>
                  <td className="num">{formatDuration(r.sched_latency.p99)}</td>
                  <td className="num">{formatDuration(r.sched_latency.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            A region belongs to the goroutine that opened it: its waits are that goroutine’s while inside it, not those of other goroutines running meanwhile (a region around a whole window holds the waits of one goroutine, not the workers’).
          </p>
        </div>
      )}
      {tasks.length > 0 && (
        <table className="data-table compact" data-testid="tasks-table">
          <thead>
            <tr>
              <th>task type</th>
              <th className="num">count</th>
              <th className="num">incomplete</th>
              <th className="num">p50</th>
              <th className="num">p99</th>
              <th className="num">max</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.type} data-task={t.type}>
                <td>{t.type}</td>
                <td className="num">{formatCount(t.count)}</td>
                <td className="num">{formatCount(t.incomplete)}</td>
                <td className="num">{formatDuration(t.duration.p50)}</td>
                <td className="num">{formatDuration(t.duration.p99)}</td>
                <td className="num">{formatDuration(t.duration.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {logs.length > 0 && (
        <p className="small" data-testid="logs">
          Logs by category: {logs.map((l) => `${l.category || '(none)'} ${formatCount(l.count)}`).join(', ')}
        </p>
      )}
      {annotations.dropped > 0 && <p className="muted small">{formatCount(annotations.dropped)} regions or tasks of types past gmptrace’s cap on distinct types are not listed.</p>}
    </div>
  );
}
