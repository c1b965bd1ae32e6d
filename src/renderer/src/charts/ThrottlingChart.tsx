// CPU throttling of the run's cgroup on the same time axis as scheduler latency: the time the
// kernel held the target back per second of each sampler tick (ticks come late under a limit), the sampled p99 of the same tick, and the
// execution trace's per-window p99 with its spikes. Tick and trace times both count from the
// harness's start of the run (the trace starts just before the sampler), so a throttled period and
// the latency it causes line up.
import { useMemo } from 'react';
import type { MetricsTick } from '../../../shared/domain';
import type { TraceAnalysis } from '../../../shared/results';
import { windowP99 } from '../../../shared/goroutine-groups';
import { throttlingPerTick } from '../../../shared/throttling';
import { formatDuration } from '../format';
import { liveRows, momentBelow } from './live-series';
import { seriesColor } from './palette';
import { throttlingRows, throttlingTickSpans } from './throttling-rows';
import { TimeSeriesChart } from './TimeSeriesChart';

export function ThrottlingChart({ ticks, analysis }: { ticks: readonly MetricsTick[]; analysis: TraceAnalysis | null }) {
  const { rows, spikes, limited } = useMemo(() => {
    const perTick = throttlingPerTick(ticks);
    // By the tick each row ends at: a throttling interval spans the ticks without cgroup statistics before it.
    const p99ByEnd = new Map(liveRows(ticks).map((r) => [r.end, r.schedP99]));
    const tickSpans = throttlingTickSpans(perTick, momentBelow(ticks), p99ByEnd);
    const windowSpans = analysis ? analysis.windows.map((w) => ({ from: w.t, to: w.t + analysis.meta.window_s, p99: windowP99(w) })) : [];
    return {
      // The kernel counts CFS periods only for a group with a quota: none means no limit to draw.
      limited: perTick.some((d) => d.periods > 0),
      rows: throttlingRows(tickSpans, windowSpans),
      spikes: (analysis?.windows ?? []).filter((w) => w.spike && w.p99 !== null).map((w) => ({ t: w.t, value: w.p99! })),
    };
  }, [ticks, analysis]);
  if (!limited) return null;
  return (
    <figure data-testid="throttling-chart">
      <figcaption>
        CPU throttling: time held back per second of each tick (left axis), and scheduler latency p99 (right axis: sampled per tick{analysis ? '; trace per window, spikes marked' : ''})
      </figcaption>
      <TimeSeriesChart
        testId="chart-throttling"
        data={rows}
        series={[
          { key: 'throttled', label: 'throttled time per second (summed over CPUs)', color: seriesColor(4) },
          { key: 'schedP99', label: 'p99 (sampled)', color: seriesColor(1), axis: 'right' as const },
          ...(analysis ? [{ key: 'traceP99', label: 'p99 (trace window)', color: seriesColor(5), axis: 'right' as const }] : []),
        ]}
        format={formatDuration}
        unit="per s"
        highlights={spikes}
        highlightLabel="trace p99 spike"
        highlightAxis="right"
        xEnd={Math.max(ticks.at(-1)?.t ?? 0, analysis?.meta.duration_s ?? 0)}
      />
    </figure>
  );
}
