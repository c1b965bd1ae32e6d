// Go releases as a dimension of a plan: which spellings of a release a plan accepts, and the one
// form it is stored in. The core obtains each release as the go command does (GOTOOLCHAIN through
// the module proxy); see core/toolchain/go-release.ts.
import type { RunDetail } from './contract';
import { alikeCellsNote } from './alike-cells';
import { IMPORTED_TAG } from './imported-tag';

/** The workbench's own Go (found on PATH or given with --go): no toolchain is fetched. */
export const LOCAL_GO = 'local';

/**
 * The oldest release a plan may name: GOTOOLCHAIN switching and the golang.org/toolchain modules
 * start with Go 1.21. The trace analyser reads every trace these write (1.21's old format is
 * converted by golang.org/x/exp/trace; resources/go/cmd/gmptrace/README.md).
 */
export const OLDEST_RELEASE_MINOR = 21;

/**
 * The oldest release that builds the harness (resources/go/go.mod says go 1.22), so the oldest for
 * scenario and program targets; a benchmark package may declare an older go line.
 */
export const HARNESS_RELEASE_MINOR = 22;
/** The first Go whose runtime/trace has the flight recorder (trace.FlightRecorder). */
export const FLIGHT_RECORDER_MINOR = 25;
/** The first Go with the goroutine leak profile (an experiment: GOEXPERIMENT=goroutineleakprofile). */
export const LEAK_PROFILE_MINOR = 26;

/** A release: go1.N.M (a patch release), go1.N.x (the newest patch of 1.N, resolved when the plan runs) or local. */
const RELEASE = /^(?:go)?1\.(\d+)\.(\d+|x)$/;

/**
 * "1.22.12" or "go1.22.12" → "go1.22.12"; "1.24.x" → "go1.24.x"; "local" → "local". Null when the
 * text is no release the go command could fetch.
 */
export function normalizeGoRelease(text: string): string | null {
  const spec = text.trim();
  if (spec === LOCAL_GO) return LOCAL_GO;
  const m = RELEASE.exec(spec);
  if (!m || Number(m[1]) < OLDEST_RELEASE_MINOR) return null;
  return `go1.${Number(m[1])}.${m[2] === 'x' ? 'x' : Number(m[2])}`;
}

/**
 * The minor version any Go version string names ("go1.25.0 X:greenteagc", "devel go1.26-abc…" → 25,
 * 26), as a running binary reports it; null when it names none ("devel +abc…").
 */
export function goMinorOf(version: string): number | null {
  const minor = /go1\.(\d+)/.exec(version)?.[1];
  return minor === undefined ? null : Number(minor);
}

/**
 * Whether a Go version is 1.26 or later, where runtime metrics changed what they hold
 * (sched-sample.ts, read-side/compare.ts). A version that names no release ("devel +abc…") is a
 * development build, read as newer than the releases.
 */
export function isGo126OrLater(version: string): boolean {
  const minor = goMinorOf(version);
  return minor === null || minor >= 26;
}

/** The minor version of a normalized release ("go1.24.x" → 24); null for local. */
export function releaseMinor(release: string): number | null {
  const m = RELEASE.exec(release);
  return m ? Number(m[1]) : null;
}

const GO_RELEASE_ACCEPTED = `a Go release such as 1.22.12, 1.24.x (newest patch) or ${LOCAL_GO} (the workbench's Go), 1.${OLDEST_RELEASE_MINOR} or newer`;

/** Why a text is not a release a plan accepts, naming what is missing: the patch, or a newer release. */
export function notAGoRelease(text: string): string {
  const spec = text.trim();
  const minor = (/^(?:go)?1\.(\d+)(?:\.(?:\d+|x))?$/.exec(spec) ?? [])[1];
  if (minor !== undefined && Number(minor) < OLDEST_RELEASE_MINOR) return `"${text}" is older than Go 1.${OLDEST_RELEASE_MINOR}, the first the go command fetches as a toolchain`;
  if (minor !== undefined && !RELEASE.test(spec)) return `"${text}" names no patch release: write 1.${minor}.x for its newest patch, or one such as 1.${minor}.0`;
  return `"${text}" is not ${GO_RELEASE_ACCEPTED}`;
}


/**
 * The Go of a run in words: the release that built the binary (the provenance's, read from the
 * running binary) with the release asked for beside it when they differ ("go1.24.13 (asked
 * go1.24.x)"); the asked release alone when the run reported none.
 */
export function describeGoRelease(configured: string, effective: string | null | undefined): string {
  if (!effective) return configured === LOCAL_GO ? "the workbench's Go" : configured;
  return configured === LOCAL_GO || configured === effective ? effective : `${effective} (asked ${configured})`;
}

/**
 * A run's Go in words: what its executable says built it (else what the harness reported), beside
 * what was asked; for an import, which ran nothing here, the Go its trace's format names.
 */
export function runGoRelease(d: Pick<RunDetail, 'run' | 'config' | 'builtWith' | 'provenance' | 'analysis'>): string {
  if (d.run.tags.includes(IMPORTED_TAG)) return d.analysis?.meta.go_version ? `${d.analysis.meta.go_version} (trace format)` : '—';
  return describeGoRelease(d.config.goVersion, goBuiltBy(d));
}

/** The Go that built a run's executable, as the executable says (else as the harness reported); null when neither did. */
export function goBuiltBy(d: Pick<RunDetail, 'builtWith' | 'provenance'>): string | null {
  return d.builtWith ?? d.provenance?.goVersion ?? null;
}

/**
 * Releases a plan named differently that one Go built: go1.24.x resolved to the go1.24.13 also
 * listed, or local to a release listed by number. The plan could not know (1.24.x is resolved when
 * the target is built), so it was accepted; afterwards their cells are seen to measure one release.
 * A sentence naming them, or null when every release asked was built by a Go of its own.
 */
export function sameReleaseNote(runs: readonly { asked: string; built: string | null }[]): string | null {
  // A release is the same Go whatever the cell's other dimensions: no `among`.
  return alikeCellsNote(runs.map((r) => ({ asked: r.asked, ran: r.built })), 'go', (built) => `were built by the same Go, ${built}`, 'release');
}
