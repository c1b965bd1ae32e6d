// Human-readable numbers for the terminal: durations in their natural unit, rates with separators,
// and plain aligned tables.

export function seconds(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs === 0) return '0';
  if (abs < 1e-6) return `${(v * 1e9).toFixed(0)}ns`;
  if (abs < 1e-3) return `${(v * 1e6).toFixed(abs < 1e-5 ? 2 : 1)}µs`;
  if (abs < 1) return `${(v * 1e3).toFixed(abs < 1e-2 ? 2 : 1)}ms`;
  return `${v.toFixed(2)}s`;
}

export function rate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.round(v).toLocaleString('en-US');
}

export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}

/**
 * Text from the history (labels, errors, target names, cell names) as it may reach a terminal:
 * control characters become visible escapes, so stored text cannot move the cursor, retitle the
 * window or write to the clipboard (OSC 52). Tabs and line breaks stay.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Left-aligned columns separated by two spaces; the header is the first row. Cells are made printable. */
export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map(printable));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
