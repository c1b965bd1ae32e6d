// An imported run is files, not a program that ran: what it shows comes from the trace itself
// (its Go version, the GOMAXPROCS it records, how long it covers), not from a run configuration
// that only exists to give the files a place in the history.
import type { RunDetail } from './contract';

/** The tag every imported run carries (runs.import adds it). */
export const IMPORTED_TAG = 'imported';

export interface ImportedFacts {
  /** "imported trace.out", or "imported profiles" when no trace was among the files. */
  title: string;
  /** The trace format's Go version (gmptrace meta.go_version), null without a trace. */
  goVersion: string | null;
  /** The GOMAXPROCS values the trace records, in order ("2", or "1 → 4"), null without a trace. */
  gomaxprocs: string | null;
  /** Seconds the trace covers, null without a trace. */
  durationS: number | null;
}

export function importedFacts(d: RunDetail): ImportedFacts | null {
  if (!d.run.tags.includes(IMPORTED_TAG)) return null;
  const meta = d.analysis?.meta;
  const hasTrace = d.artifacts.some((a) => a.kind === 'trace');
  const steps = meta ? meta.gomaxprocs.map((s) => s.n).filter((n, i, all) => i === 0 || n !== all[i - 1]) : [];
  return {
    title: hasTrace ? 'imported trace.out' : 'imported profiles',
    goVersion: meta?.go_version ?? null,
    gomaxprocs: steps.length ? steps.join(' → ') : null,
    durationS: meta?.duration_s ?? null,
  };
}
