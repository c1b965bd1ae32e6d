// The Go benchmark data format (golang.org/design/14313-benchmark-format): configuration lines
// "key: value" and result lines "BenchmarkName-P  N  value unit  value unit …".

export interface BenchResult {
  /** Full name as printed, including the -P suffix. */
  name: string;
  iterations: number;
  /** unit → value, e.g. { "ns/op": 1234, "B/op": 16 }. */
  values: Record<string, number>;
}

export interface BenchReport {
  config: Record<string, string>;
  results: BenchResult[];
  /** The lines in the format itself, for benchstat and other tools. */
  lines: string[];
}

const CONFIG_LINE = /^([a-z][^\s:A-Z]*):\s*(.*)$/;
const RESULT_LINE = /^(Benchmark\S*)\s+(\d+)((?:\s+[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s+\S+)+)\s*$/;

export function parseBenchOutput(text: string): BenchReport {
  const report: BenchReport = { config: {}, results: [], lines: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r/g, '');
    const result = RESULT_LINE.exec(line);
    if (result) {
      const fields = result[3].trim().split(/\s+/);
      const values: Record<string, number> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i + 1]] = Number(fields[i]);
      report.results.push({ name: result[1], iterations: Number(result[2]), values });
      report.lines.push(line);
      continue;
    }
    const config = CONFIG_LINE.exec(line);
    // Config lines only count before results end; "ok" and "PASS" are not config (no colon + space form).
    if (config) {
      report.config[config[1]] = config[2];
      report.lines.push(line);
    }
  }
  return report;
}

/** Operations per second of a result, from its ns/op. */
export function opsPerSecond(result: BenchResult): number | null {
  const ns = result.values['ns/op'];
  return ns > 0 ? 1e9 / ns : null;
}
