// A run's metrics ticks, bounded: a day's run at 10 ms writes millions of them, which neither fit one
// JSON string nor make a chart. Past MAX_TICKS, neighbouring ticks of one phase are merged into one
// that covers both stretches, exactly: a tick's histograms are deltas over its stretch (summed
// bucket by bucket), its ops, counters and cgroup statistics are cumulative and its gauges are
// readings (the later tick's are kept), and a tick covers the stretch since the line before it
// (PROTOCOL.md §2.3), so rates, totals and quantiles over the merged stretch are the same. The step
// doubles each time the buffer fills, so the series keeps between MAX_TICKS/2 and MAX_TICKS ticks.
import type { Histogram, MetricsTick } from './domain';

/** 20,000 ticks: 33 minutes at the default 100 ms, about 30 MB of JSON. */
export const MAX_TICKS = 20_000;

/** Sums two histograms of one layout bucket by bucket (bins are [lo, hi, n], non-empty ones only). */
function addHistograms(a: Histogram, b: Histogram): Histogram {
  const bins = new Map<string, [number | null, number | null, number]>();
  for (const [lo, hi, n] of [...a.bins, ...b.bins]) {
    const key = `${lo},${hi}`;
    const bin = bins.get(key);
    if (bin) bin[2] += n;
    else bins.set(key, [lo, hi, n]);
  }
  const sorted = [...bins.values()].sort((x, y) => (x[0] ?? -Infinity) - (y[0] ?? -Infinity));
  return { ...b, count: a.count + b.count, bins: sorted };
}

/** One tick covering the stretches of `earlier` and `later` (consecutive, of one phase). */
export function mergeTicks(earlier: MetricsTick, later: MetricsTick): MetricsTick {
  const hist: MetricsTick['hist'] = { ...earlier.hist };
  for (const [name, h] of Object.entries(later.hist)) hist[name] = hist[name] ? addHistograms(hist[name], h) : h;
  return { ...later, hist };
}

export class SeriesBuffer {
  private readonly kept: MetricsTick[] = [];
  /** How many ticks as written each kept tick stands for (the last one may stand for fewer). */
  private step = 1;
  private pending: { tick: MetricsTick; of: number } | null = null;

  constructor(private readonly max = MAX_TICKS) {}

  add(tick: MetricsTick): void {
    const p = this.pending;
    if (p && p.tick.phase === tick.phase && p.of < this.step) {
      this.pending = { tick: mergeTicks(p.tick, tick), of: p.of + 1 };
      return;
    }
    if (p) this.keep(p.tick);
    this.pending = { tick, of: 1 };
  }

  /** The ticks so far, the last (possibly partly merged) one included. */
  ticks(): MetricsTick[] {
    return this.pending ? [...this.kept, this.pending.tick] : [...this.kept];
  }

  /** Ticks as written per kept tick: 1 until the buffer first filled. */
  get ticksPerPoint(): number {
    return this.step;
  }

  private keep(tick: MetricsTick): void {
    this.kept.push(tick);
    if (this.kept.length < this.max) return;
    // Full: merge neighbours of one phase in pairs (a phase's boundary stays a boundary).
    const merged: MetricsTick[] = [];
    for (let i = 0; i < this.kept.length; i++) {
      const a = this.kept[i]!;
      const b = this.kept[i + 1];
      if (b && b.phase === a.phase) {
        merged.push(mergeTicks(a, b));
        i++;
      } else merged.push(a);
    }
    this.kept.length = 0;
    for (const t of merged) this.kept.push(t);
    this.step *= 2;
  }
}
