// One set of formatters for every number the UI shows, so that a latency reads the same in the
// history table, a chart tooltip and the compare table. All inputs are in base units (seconds,
// bytes, ops per second); null/undefined/NaN print as an em dash so tables never show "NaN".
import { durationText as formatDuration } from '../../shared/duration-text';
import { unitFor } from '../../shared/plural';
import { changeMagnitude } from '../../shared/percent-change';
import { threeSignificant } from '../../shared/significant';

/** A duration given in seconds: 850 ns, 12.3 µs, 4.56 ms, 1.20 s, 2m05s. */
export { formatDuration };

const DASH = '—';

const isMissing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || Number.isNaN(v);


/** A duration for axis ticks: as short as possible (1µs, 10ms). */
export function formatDurationTick(seconds: number): string {
  if (seconds === 0) return '0';
  return formatDuration(seconds).replace(/\.0+ /, ' ').replace(' ', '');
}

const SI: Array<[number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A plain count with an SI suffix: 950, 12.3k, 4.50M. */
export function formatCount(v: number | null | undefined): string {
  if (isMissing(v)) return DASH;
  const a = Math.abs(v);
  for (const [scale, suffix] of SI) if (a >= scale) return `${threeSignificant(v / scale)}${suffix}`;
  return Number.isInteger(v) ? String(v) : threeSignificant(v);
}

/** Operations per second: 12.3k ops/s. */
export function formatRate(v: number | null | undefined, unit = 'ops/s'): string {
  if (isMissing(v)) return DASH;
  return `${formatCount(v)} ${unit}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units: 512 B, 1.50 KiB, 3.20 MiB. */
export function formatBytes(v: number | null | undefined): string {
  if (isMissing(v)) return DASH;
  let value = v;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < BYTE_UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${value} B` : `${threeSignificant(value)} ${BYTE_UNITS[i]}`;
}

/** A fraction (0.123) as a percentage: 12.3%. */
export function formatPercent(fraction: number | null | undefined): string {
  if (isMissing(fraction)) return DASH;
  const p = fraction * 100;
  // A share that is not nothing is never written as one: 3 samples in a million are "<0.01%", not "0.00%".
  if (p !== 0 && Math.abs(p) < 0.005) return `${p < 0 ? '>−' : '<'}0.01%`;
  if (p !== 0 && Math.abs(p) < 0.1) return `${p.toFixed(2)}%`;
  return `${p.toFixed(1)}%`;
}

/** A relative change already in percent, signed: +12.3%, −4.0%, −99.98% (−100.0% only for a fall to 0). */
export function formatDeltaPercent(pct: number | null | undefined): string {
  if (isMissing(pct)) return DASH;
  if (!Number.isFinite(pct)) return pct > 0 ? '+∞' : '−∞';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${changeMagnitude(pct)}%`;
}

/** A value in a named unit as used by pprof sample types and compared metrics. */
export function formatValue(v: number | null | undefined, unit: string): string {
  // Normalised profile values ("nanoseconds/s", "bytes/op"): format the base unit, keep the rate.
  const rate = /^(.+)\/(s|op)$/.exec(unit);
  if (rate && unit !== 'ops/s') return `${formatValue(v, rate[1])}/${rate[2]}`;
  switch (unit) {
    case 's':
    case 'seconds':
      return formatDuration(v);
    case 'ns':
    case 'nanoseconds':
      return formatDuration(isMissing(v) ? v : v / 1e9);
    case 'bytes':
    case 'B':
      return formatBytes(v);
    case 'ops/s':
      return formatRate(v);
    case '%':
      return isMissing(v) ? DASH : `${threeSignificant(v)}%`;
    case 'share':
      return formatPercent(v);
    default:
      if (!unit || unit === 'count') return formatCount(v);
      return isMissing(v) ? DASH : `${formatCount(v)} ${unitFor(v, unit)}`;
  }
}

/** A timestamp as local date and time to the second, sortable-looking: 2026-11-28 03:04:05. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Decimals of seconds that tell a range's ends apart: three at least (an 844 µs range read "0.600 s – 0.601 s"). */
export const rangeDigits = (span_s: number): number => Math.min(9, Math.max(3, Math.ceil(-Math.log10(span_s)) + 1));
