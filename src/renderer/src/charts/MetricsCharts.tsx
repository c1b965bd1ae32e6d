// The runtime/metrics view of a run, tick by tick: used live while a run works and afterwards on
// the run page, so both read the same.
import { useMemo } from 'react';
import type { MetricsTick } from '../../../shared/domain';
import { formatCount, formatDuration } from '../format';
import { downsample, hasStateGauges, lateTicks, liveRows } from './live-series';
import { GOROUTINE_STATES, seriesColor } from './palette';
import { TimeSeriesChart } from './TimeSeriesChart';

/** Points per chart; a 100 ms sampler fills this in 40 s, longer runs are merged (see downsample). */
const MAX_POINTS = 400;
/** The late stretches said one by one; the rest are counted. */
const MAX_LATE_SAID = 3;

/** `empty`: what to say when there are no ticks (a live run: none yet; a finished one: why none). */
export function MetricsCharts({ ticks, empty = 'No metrics ticks yet.' }: { ticks: readonly MetricsTick[]; empty?: string }) {
  const rows = useMemo(() => downsample(liveRows(ticks), MAX_POINTS), [ticks]);
  // Rows start where their ticks' intervals do: the last interval ends at the last tick.
  const end = ticks.at(-1)?.t;
  const byState = hasStateGauges(rows);
  const late = useMemo(() => lateTicks(ticks), [ticks]);
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      {late.length > 0 && (
        <p className="banner" data-testid="late-ticks">
          The harness's sampler read {late.length === 1 ? 'a tick' : `${late.length} ticks`} late:{' '}
          {late
            .slice(0, MAX_LATE_SAID)
            .map((g) => `none from ${g.from.toFixed(3)} to ${g.to.toFixed(3)} s (${g.periods.toFixed(1)} of its periods)`)
            .join(', ')}
          {late.length > MAX_LATE_SAID && `, and ${late.length - MAX_LATE_SAID} shorter`}. It is a goroutine like the program's and did not run meanwhile (it waited for a P, or the whole process for a CPU); such a tick's values cover its whole stretch, drawn as one step.
        </p>
      )}
      <div className="chart-grid" data-ticks={ticks.length}>
        <figure>
          <figcaption>
            Goroutines {byState ? 'by state' : '(this Go reports no per-state counts)'} <span className="muted">(each step: the counts read at its tick's end)</span>
          </figcaption>
          <TimeSeriesChart
            testId="chart-goroutines"
            data={rows}
            stacked={byState}
            xEnd={end}
            pointLabel={(from, to) => `read at ${to.toFixed(3)} s (the end of the tick from ${from.toFixed(3)} s)`}
            series={byState ? GOROUTINE_STATES.map((s) => ({ key: s.key, label: s.label, color: s.color })) : [{ key: 'total', label: 'goroutines', color: seriesColor(0) }]}
            format={formatCount}
            whole
          />
        </figure>
        <figure>
          <figcaption>Scheduler latency p99 per tick (sampled, /sched/latencies)</figcaption>
          {/* Dots: each tick's p99 is of that tick's few sampled waits alone; a line would invent values across ticks without any. */}
          <TimeSeriesChart testId="chart-sched-p99" data={rows} xEnd={end} series={[{ key: 'schedP99', label: 'p99', color: seriesColor(1), mark: 'dots' }]} format={formatDuration} logToggle />
        </figure>
        <figure>
          <figcaption>Throughput (ops/s)</figcaption>
          <TimeSeriesChart testId="chart-ops" data={rows} xEnd={end} series={[{ key: 'opsPerSec', label: 'ops/s', color: seriesColor(2) }]} format={formatCount} unit="ops/s" />
        </figure>
        <figure>
          <figcaption>Longest GC pause per tick</figcaption>
          <TimeSeriesChart
            testId="chart-gc"
            data={rows}
            xEnd={end}
            series={[{ key: 'gcPauseMax', label: 'GC pause', color: seriesColor(3), mark: 'dots' }]}
            format={formatDuration}
            logToggle
            empty="No GC paused the program in these ticks."
          />
        </figure>
      </div>
    </>
  );
}
