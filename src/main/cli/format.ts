// Human-readable numbers for the terminal: durations in their natural unit, rates with separators,
// and plain aligned tables.
import type { RunSummary } from '../../shared/domain';
import { compactDurationText } from '../../shared/duration-text';
import { unitFor } from '../../shared/plural';
import { changeMagnitude } from '../../shared/percent-change';
import { threeSignificant } from '../../shared/significant';

/** A duration in seconds as the app writes it, compact for the tables: 850ns, 12.3µs, 4.56ms, 1.20s. */
export const seconds = compactDurationText;

/** A rate or count with separators; below 100, a fraction to three significant digits (15.7 ops/s), as the pages show it. */
export function rate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 || Number.isInteger(v) ? Math.round(v).toLocaleString('en-US') : threeSignificant(v);
}

/**
 * A metric's value with its unit: seconds in their natural unit, counts and rates with separators,
 * and values below 100 (a benchmark's 0.311 ns/op, 2.50 allocs/op) to three significant digits as
 * the app's pages show them (src/shared/significant.ts).
 */
export function measured(unit: string, v: number | null | undefined): string {
  if (unit === 's') return seconds(v);
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const n = rate(v);
  return unit ? `${n} ${unitFor(v, unit)}` : n;
}

/** What a side of a comparison shows for a benchmark it did not run. */
export const NOT_RUN = 'not run';

/**
 * The rows of a comparison table: a benchmark's units under a line with its name (`heading` gives
 * that line's other cells), the run's own metrics by label.
 */
export function metricRows<M extends { label: string; unit: string; benchmark?: { title: string } }>(metrics: readonly M[], cells: (m: M) => string[], heading: (m: M) => string[] = () => []): string[][] {
  const rows: string[][] = [];
  let current: string | null = null;
  for (const m of metrics) {
    if (!m.benchmark) {
      rows.push([m.label, ...cells(m)]);
      continue;
    }
    if (m.benchmark.title !== current) rows.push([m.benchmark.title, ...heading(m)]);
    current = m.benchmark.title;
    rows.push([`  ${m.unit}`, ...cells(m)]);
  }
  return rows;
}

/**
 * A table's metric labels without their long qualifiers, which go under the table as numbered notes,
 * each once: "Sched latency p50 (runtime/metrics, sampled by Go 1.26+, …)" is "Sched latency p50 [1]"
 * in the row, and five such rows share one note instead of widening the table past 200 columns.
 */
export class LabelNotes {
  private readonly notes: string[] = [];

  /** The label with a trailing qualifier of 25 characters or more moved to a note (a short one, "CPU limit", reads better inline). */
  short(label: string): string {
    const m = /^(.*?) \((.{25,})\)$/s.exec(label);
    if (!m) return label;
    const known = this.notes.indexOf(m[2]!);
    const n = known >= 0 ? known : this.notes.push(m[2]!) - 1;
    return `${m[1]} [${n + 1}]`;
  }

  /** "[1] runtime/metrics, sampled …", one line a note, in the order of their numbers. */
  lines(): string[] {
    return this.notes.map((note, i) => `[${i + 1}] ${note}`);
  }
}

/** A relative change in percent, signed: +12.3%, -4.0%, -99.98% (-100.0% only for a fall to 0). */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : v < 0 ? '-' : ''}${changeMagnitude(v)}%`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}

/**
 * Text from the history (labels, errors, target names, cell names) as it may reach a terminal, one
 * line of output at a time: control characters become visible escapes, so stored text cannot move
 * the cursor, retitle the window, write to the clipboard (OSC 52) or, with a line break or a tab,
 * forge a row of a table.
 */
export function printableLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A message of several lines (a build's compiler output) for the terminal: each line a printable
 * line, the ones after the first indented, so that none passes for a line of gmpw's own.
 */
export function printableLines(text: string): string {
  return text.split(/\r?\n/).map(printableLine).join('\n  ');
}

/** Left-aligned columns separated by two spaces; the header is the first row. Cells are made printable lines. */
export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map(printableLine));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/**
 * The table without those of the `optional` columns (named by header) that are empty ("" or "—") in
 * every row: a list of runs outside any experiment and without labels needs neither column, and a
 * terminal is narrower than every column a table could have.
 */
export function withoutEmptyColumns(cells: string[][], optional: readonly string[]): string[][] {
  const [header, ...body] = cells;
  const empty = new Set(header.flatMap((name, i) => (optional.includes(name) && body.every((row) => (row[i] ?? '') === '' || row[i] === '—') ? [i] : [])));
  return cells.map((row) => row.filter((_, i) => !empty.has(i)));
}

/** A scheduler-latency quantile with where it comes from, as the Runs table marks it: "2.30µs exact". */
export function schedCell(value: number | null, source: RunSummary['schedSource']): string {
  return value === null || source === null ? seconds(value) : `${seconds(value)} ${source}`;
}

/**
 * Text in Markdown as written: one printable line, CommonMark's punctuation escaped (a tag's * or _
 * is no emphasis, its <b> no HTML, its | no column), & as an entity, a leading indent kept.
 */
export const markdownCell = (text: string): string =>
  printableLine(text)
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&')
    .replace(/^ +/, (spaces) => '&nbsp;'.repeat(spaces.length));
