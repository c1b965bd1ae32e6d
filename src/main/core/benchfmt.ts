// Writes the Go benchmark format (golang.org/design/14313-benchmark-format), the input of
// benchstat and every tool around it: "key: value" configuration lines that hold until changed,
// then "BenchmarkName/k=v-GOMAXPROCS  N  value unit  value unit …" lines, and "Unit" lines that
// tell benchstat which direction is better.

export interface BenchRecord {
  /** Full name without the "Benchmark" prefix, e.g. "ChanSyncPingpong/concurrency=100-2". */
  name: string;
  iterations: number;
  /** File configuration in force for this line (goos, goarch, cpu, pkg …). */
  config: Record<string, string>;
  values: { value: number; unit: string }[];
}

/** A benchmark-name part or config value may hold no white space (the format splits on it). */
export const benchToken = (s: string): string => s.trim().replace(/\s+/g, '_') || '_';

/** "chan-sync-pingpong" → "ChanSyncPingpong": the look of a Go benchmark name. */
export function benchIdentifier(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Run';
}


export function writeBenchfmt(records: readonly BenchRecord[], better: Record<string, 'higher' | 'lower'> = {}): string {
  const lines: string[] = [];
  const current = new Map<string, string>();
  for (const r of records) {
    const changed = Object.entries(r.config).filter(([k, v]) => current.get(k) !== v);
    if (changed.length && lines.length) lines.push('');
    for (const [k, v] of changed) {
      lines.push(`${k}: ${v}`);
      current.set(k, v);
    }
    const values = r.values.filter((m) => Number.isFinite(m.value)).map((m) => `${String(m.value)} ${m.unit}`);
    if (values.length) lines.push(`Benchmark${r.name}\t${Math.max(1, Math.round(r.iterations))}\t${values.join('\t')}`);
  }
  const units = Object.entries(better);
  if (units.length) lines.push('', ...units.map(([unit, dir]) => `Unit ${unit} better=${dir}`));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
