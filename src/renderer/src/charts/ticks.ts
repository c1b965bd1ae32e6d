// Axis ticks chosen here rather than by recharts: its own pass measures every label in the DOM (a
// layout per label), and with interval 0 it draws whatever it picked, so a short run got labels
// that overlapped or repeated ("0.6s 0.6s"). Round values 1, 2 or 5 × 10^k apart, labelled with as
// many decimals as their spacing needs, are always distinct and few.

/**
 * Round numbers covering [min, max], `target` gaps or fewer, the first ≤ min and the last ≥ max.
 * `whole`: at least 1 apart, for an axis of things counted (no "0.500 goroutines" between 0 and 1).
 */
export function niceTicks(min: number, max: number, target = 5, whole = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const rough = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(whole ? 1 : 0, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough * (1 - 1e-9))!);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  // Multiplying (not adding) keeps 0.1 + 0.2 from drifting to 0.30000000000000004.
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/**
 * Round ticks from 0 up to `max`. Data that never rises above 0 (no GC cycle in any cell) gets
 * 0..1: a flat line on the floor, not a scale the charting library invents for an empty range.
 */
export function zeroBasedTicks(max: number, target = 5, whole = false): number[] {
  return niceTicks(0, max > 0 ? max : 1, target, whole);
}

const TIME_UNITS: Array<[scale: number, unit: string]> = [
  [1, 's'],
  [1e3, 'ms'],
  [1e6, 'µs'],
];

/**
 * Labels for ticks in seconds since the start of a run: in s, ms or µs by the largest tick (a 20 ms
 * trace reads 0ms 5ms 10ms), with just enough decimals to tell neighbours apart (0.0s 0.5s 1.0s).
 * A unit holds from a tenth of it up: the charts of one run, some ending just short of a second and
 * some just past it, then read in seconds alike (0.2s beside 0.2s, not 200ms beside 0.2s).
 */
export function timeTickFormatter(ticks: readonly number[]): (t: number) => string {
  const largest = Math.max(...ticks.map(Math.abs), 0);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : largest || 1;
  const [scale, unit] = TIME_UNITS.find(([s]) => largest * s >= 0.1 - 1e-9) ?? TIME_UNITS[TIME_UNITS.length - 1];
  const decimals = Math.max(0, -Math.floor(Math.log10(step * scale) + 1e-9));
  return (t) => `${(t * scale).toFixed(decimals)}${unit}`;
}
