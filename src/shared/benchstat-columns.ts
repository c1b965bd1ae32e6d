// Which keys of an export in the Go benchmark format tell its runs apart, for benchstat's -col: a
// fixed "-col /gomaxprocs" compared nothing on a go × cpu grid (benchstat makes a table per value of
// every file-level key it is not told to compare on, and a row per full name). The export's
// writer (core/read-side/benchfmt-export.ts) and both of its readers, the Compare page and
// `gmpw export-bench`, use it.
import type { BenchResult } from './results';

/** The benchstat keys of one result: file-level configuration by name, "/k" per "k=v" name part, "/gomaxprocs" for the "-N" suffix. */
function keysOf(r: Pick<BenchResult, 'name' | 'config'>): Map<string, string> {
  const keys = new Map(Object.entries(r.config));
  const suffix = /-(\d+)$/.exec(r.name);
  // As benchstat reads a name without the suffix: go test omits it at GOMAXPROCS 1.
  keys.set('/gomaxprocs', suffix?.[1] ?? '1');
  const parts = (suffix ? r.name.slice(0, suffix.index) : r.name).split('/').slice(1);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq > 0) keys.set(`/${part.slice(0, eq)}`, part.slice(eq + 1));
  }
  return keys;
}

/**
 * The keys whose value is the same for every result of a run and differs between runs (a key a
 * result lacks has the value ""): the dimensions the runs were made along. Left out: what differs
 * within a run (a go test run's sub-benchmarks, "/size=8" and "/size=16", are different
 * benchmarks), and "pkg", which names a benchmark's package as its name does. File-level keys first,
 * in the order of the export, then name keys.
 */
export function benchstatColumns(runs: ReadonlyArray<ReadonlyArray<Pick<BenchResult, 'name' | 'config'>>>): string[] {
  const perRun = runs.filter((results) => results.length > 0).map((results) => results.map(keysOf));
  const all = [...new Set(perRun.flatMap((results) => results.flatMap((k) => [...k.keys()])))].filter((k) => k !== 'pkg');
  const valueIn = (results: Map<string, string>[], key: string): string | null => {
    const values = new Set(results.map((k) => k.get(key) ?? ''));
    return values.size === 1 ? [...values][0] : null;
  };
  const columns = all.filter((key) => {
    const values = perRun.map((results) => valueIn(results, key));
    return !values.includes(null) && new Set(values).size > 1;
  });
  return [...columns.filter((k) => !k.startsWith('/')), ...columns.filter((k) => k.startsWith('/'))];
}

/** The benchstat command that compares along those keys: "benchstat -col go,cpu-limit grid.txt"; without -col when nothing tells the runs apart. */
export function benchstatCommand(columns: readonly string[], file: string): string {
  return columns.length > 0 ? `benchstat -col ${columns.join(',')} ${file}` : `benchstat ${file}`;
}
