// One way to write a duration for every view: the app's pages and reports (src/renderer/src/format.ts
// re-exports it as formatDuration), the CLI (its compact form, without the space) and the sentences
// of src/shared, so that a latency reads the same in a table, a tooltip, a report and a terminal.
import { threeSignificant } from './significant';

const DASH = '—';

/** The longest time.Duration, in seconds: 2^63 − 1 ns. */
const MAX_GO_DURATION_S = 9_223_372_036.854775807;

const DURATION_UNITS: Array<[limit: number, scale: number, unit: string]> = [
  [1e-6, 1e9, 'ns'],
  [1e-3, 1e6, 'µs'],
  [1, 1e3, 'ms'],
];

/** A duration given in seconds, to three significant digits: 850 ns, 12.3 µs, 4.56 ms, 1.20 s, 2m05s, 3h07m; an em dash when missing. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return DASH;
  // A zero duration keeps its unit in a table ("Mutex wait 0 s"); an axis tick drops it.
  if (seconds === 0) return '0 s';
  const a = Math.abs(seconds);
  if (!Number.isFinite(a)) return seconds > 0 ? '∞' : '−∞';
  for (const [limit, scale, unit] of DURATION_UNITS) {
    // 999.96 µs reads 1.00 ms, not 1000 µs.
    if (a < limit && Math.abs(seconds * scale) < 999.5) return `${threeSignificant(seconds * scale)} ${unit}`;
  }
  if (a < 120) return `${threeSignificant(seconds)} s`;
  const sign = seconds < 0 ? '−' : '';
  // Rounded whole, then split: 179.6 s is 3m00s, not 2m60s.
  const whole = Math.round(a);
  if (whole < 3600) return `${sign}${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  // Past a Go duration's range (292 years) a figure is no time anything ran: written as it is.
  if (a >= MAX_GO_DURATION_S) return `${sign}${a.toExponential(2)} s`;
  const minutes = Math.round(a / 60);
  return `${sign}${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** The same, without the space before the unit, for the terminal's aligned tables: 4.56ms, 1.20s. */
export const compactDurationText = (seconds: number | null | undefined): string => durationText(seconds).replace(' ', '');
