// An imported run is files, not a program that ran: what it shows comes from the trace itself
// (its Go version, the GOMAXPROCS it records, how long it covers), not from a run configuration
// that only exists to give the files a place in the history.
import { goDurationSeconds } from './go-duration';
import type { RunDetail } from './contract';
import type { RunSummary } from './domain';
import { gomaxprocsText } from './gomaxprocs';
import { IMPORTED_TAG } from './imported-tag';
import { runUsedConcurrency } from './run-rules';
import { LOCAL_GO } from './go-release';

export { IMPORTED_TAG } from './imported-tag';

export interface ImportedFacts {
  /** "imported prod.trace": the name the history lists (the file, or the files, imported). */
  title: string;
  /** The trace format's Go version (gmptrace meta.go_version), null without a trace. */
  goVersion: string | null;
  /** The GOMAXPROCS values the trace records, in order ("2", or "1 → 4"), null without a trace. */
  gomaxprocs: string | null;
  /** Seconds the trace covers, null without a trace. */
  durationS: number | null;
  /** The wall-clock time of the trace's first event (RFC 3339, UTC): Go 1.25+ traces say it; null otherwise. */
  startedAt: string | null;
}

export function importedFacts(d: RunDetail): ImportedFacts | null {
  if (!d.run.tags.includes(IMPORTED_TAG)) return null;
  const meta = d.analysis?.meta;
  const steps = meta ? meta.gomaxprocs.map((s) => s.n).filter((n, i, all) => i === 0 || n !== all[i - 1]) : [];
  return {
    // The stored trace is always trace.out; the user knows it by the name they imported.
    title: `imported ${d.run.targetName}`,
    goVersion: meta?.go_version ?? null,
    gomaxprocs: steps.length ? steps.join(' → ') : null,
    durationS: meta?.duration_s ?? null,
    startedAt: meta?.started_at ?? null,
  };
}

/** How a history row (the Runs page, `gmpw list`) states a run's target and configuration. */
export interface HistoryCells {
  /** "scenario pingpong-hog", or "imported trace.out" for files that were imported. */
  kind: string;
  name: string;
  gomaxprocs: string;
  /** null where nothing ran with a concurrency (an import, go test, an endpoint) or a duration (an import, go test). */
  concurrency: number | null;
  duration: string | null;
  /** How long its measured window ran, where that fell short of the duration asked (a run stopped); else null. */
  ranS: number | null;
}

/** Under this share of the duration asked, a measured window was cut short (a timer a little late is not). */
const CUT_SHORT = 0.95;

/**
 * What a run ran with beyond the target when it is not the default: " · go1.24.13 · cpu 0.5". The
 * values in force when its result.json says them (the release a pattern resolved to; a limit a
 * scenario set), with the configured one beside a limit that differs; else the ones asked for.
 */
export function runSettings(r: Pick<RunSummary, 'goVersion' | 'cpuLimit' | 'goVersionInForce' | 'cpuLimitInForce'>): string {
  const go = r.goVersion === LOCAL_GO ? '' : ` · ${r.goVersionInForce ?? r.goVersion}`;
  const asked = r.cpuLimit === 'max' ? null : r.cpuLimit;
  const inForce = r.cpuLimitInForce === null ? asked : r.cpuLimitInForce || null; // 0: none
  if (inForce === asked) return `${go}${inForce === null ? '' : ` · cpu ${inForce}`}`;
  return `${go} · cpu ${inForce ?? 'none'} (configured ${asked ?? 'none'})`;
}

export function historyCells(r: RunSummary): HistoryCells {
  if (!r.tags.includes(IMPORTED_TAG)) {
    // A benchmark's time is go test's benchtime, shown on its page; the plan's duration did not bound it.
    // A benchmark, an endpoint, or a scenario that ignores it has no concurrency to show.
    const asked = goDurationSeconds(r.duration);
    const ranS = r.targetKind !== 'bench' && r.measuredS !== null && r.measuredS < CUT_SHORT * asked ? r.measuredS : null;
    return { kind: r.targetKind, name: `${r.targetName}${runSettings(r)}`, gomaxprocs: gomaxprocsText(r.gomaxprocs, r.gomaxprocsInForce), concurrency: runUsedConcurrency(r) ? r.concurrency : null, duration: r.targetKind === 'bench' ? null : r.duration, ranS };
  }
  // The GOMAXPROCS an import shows is the one its trace records (stored as the value in force).
  return { kind: 'imported', name: r.targetName, gomaxprocs: r.gomaxprocsInForce === null ? '—' : String(r.gomaxprocsInForce), concurrency: null, duration: null, ranS: null };
}
