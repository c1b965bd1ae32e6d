// The Go benchmark format (golang.org/design/14313-benchmark-format), read and written: the output
// of `go test -bench` and the input of benchstat and every tool around it. "key: value"
// configuration lines hold until changed; a result line is
// "BenchmarkName/k=v-GOMAXPROCS  N  value unit  value unit …"; "Unit" lines tell benchstat which
// direction of a unit is better. The record is modelled on golang.org/x/perf/benchfmt.Result.

import type { BenchResult, BenchValue } from '../../shared/results';

export type { BenchResult, BenchValue };

export interface ParsedBenchfmt {
  results: BenchResult[];
  /** The configuration and result lines as they were, in the format itself (test chatter dropped). */
  lines: string[];
}

const CONFIG_LINE = /^([a-z][^\s:A-Z]*):\s*(.*)$/;
const RESULT_LINE = /^Benchmark(\S*)\s+(\d+)((?:\s+[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s+\S+)+)\s*$/;

/** Reads benchmark-format text, such as a test binary's output; other lines ("PASS", "ok …") are skipped. */
export function parseBenchfmt(text: string): ParsedBenchfmt {
  const parsed: ParsedBenchfmt = { results: [], lines: [] };
  const config: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r/g, '');
    const result = RESULT_LINE.exec(line);
    if (result) {
      const fields = result[3].trim().split(/\s+/);
      const values: BenchValue[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) values.push({ value: Number(fields[i]), unit: fields[i + 1] });
      parsed.results.push({ name: result[1], iterations: Number(result[2]), values, config: { ...config } });
      parsed.lines.push(line);
      continue;
    }
    const configLine = CONFIG_LINE.exec(line);
    if (configLine) {
      // An empty value removes the key, as Go's benchfmt reads it.
      if (configLine[2] === '') delete config[configLine[1]];
      else config[configLine[1]] = configLine[2];
      parsed.lines.push(line);
    }
  }
  return parsed;
}

/** The value of a result in one unit, or null when the line has none. */
export function valueIn(result: BenchResult, unit: string): number | null {
  return result.values.find((v) => v.unit === unit)?.value ?? null;
}

/** Operations per second of a result, from its ns/op. */
export function opsPerSecond(result: BenchResult): number | null {
  const ns = valueIn(result, 'ns/op');
  return ns !== null && ns > 0 ? 1e9 / ns : null;
}

/** A benchmark-name part or config value may hold no white space (the format splits on it). */
export const benchToken = (s: string): string => s.trim().replace(/\s+/g, '_') || '_';

/** "chan-sync-pingpong" → "ChanSyncPingpong": the look of a Go benchmark name. */
export function benchIdentifier(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Run';
}

/**
 * Writes results in the format: a configuration line only where a key's value changes (an empty
 * one where a result lacks a key the previous had, which removes it), a result line per result
 * with a value, and a "Unit <unit> better=<dir>" line per entry of `better`.
 */
export function writeBenchfmt(results: readonly BenchResult[], better: Record<string, 'higher' | 'lower'> = {}): string {
  const lines: string[] = [];
  const current = new Map<string, string>();
  for (const r of results) {
    const removed = [...current.keys()].filter((k) => !(k in r.config));
    const changed = Object.entries(r.config).filter(([k, v]) => current.get(k) !== v);
    if ((changed.length || removed.length) && lines.length) lines.push('');
    for (const k of removed) {
      lines.push(`${k}:`);
      current.delete(k);
    }
    for (const [k, v] of changed) {
      // A value is the rest of its line: a line break in one (result.json can come from a host) would
      // start a line of its own, a forged result among them.
      // An empty value removes the key: a value of nothing but those is written as "_", as benchToken writes one.
      lines.push(`${k}: ${v.replace(/[\x00-\x1f\x7f]+/g, ' ').trim() || '_'}`);
      current.set(k, v);
    }
    const values = r.values.filter((m) => Number.isFinite(m.value)).map((m) => `${String(m.value)} ${m.unit}`);
    if (values.length) lines.push(`Benchmark${r.name}\t${Math.max(1, Math.round(r.iterations))}\t${values.join('\t')}`);
  }
  const units = Object.entries(better);
  if (units.length) lines.push('', ...units.map(([unit, dir]) => `Unit ${unit} better=${dir}`));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
