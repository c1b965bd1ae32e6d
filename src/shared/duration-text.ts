// One way to write a duration for every view: the app's pages and reports (src/renderer/src/format.ts
// re-exports it as formatDuration), the CLI (its compact form, without the space) and the sentences
// of src/shared, so that a latency reads the same in a table, a tooltip, a report and a terminal.
import { threeSignificant } from './significant';

const DASH = '—';

const DURATION_UNITS: Array<[limit: number, scale: number, unit: string]> = [
  [1e-6, 1e9, 'ns'],
  [1e-3, 1e6, 'µs'],
  [1, 1e3, 'ms'],
];

/** A duration given in seconds, to three significant digits: 850 ns, 12.3 µs, 4.56 ms, 1.20 s, 2m05s; an em dash when missing. */
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
  const m = Math.floor(a / 60);
  const s = Math.round(a - m * 60);
  return `${seconds < 0 ? '−' : ''}${m}m${String(s).padStart(2, '0')}s`;
}

/** The same, without the space before the unit, for the terminal's aligned tables: 4.56ms, 1.20s. */
export const compactDurationText = (seconds: number | null | undefined): string => durationText(seconds).replace(' ', '');
