// Flame graphs of every profile the run has (captured and trace-derived), one at a time, each of
// all its samples or of one label's; a report shows them all, one after another, so that each one
// prints.
import { useState } from 'react';
import { capturesNotKept } from '../../../../shared/captures';
import type { CaptureKind, LabelFocus, Target } from '../../../../shared/domain';
import { focusText, sameFocus } from '../../../../shared/flame-labels';
import { useCommand } from '../../api/context';
import { ErrorBanner, Loading } from '../../components/feedback';
import { useReadOnly } from '../../hooks/read-only';
import { FlameGraph } from '../../flame/FlameGraph';
import { LabelFocusPicker } from '../../flame/LabelFocusPicker';

/**
 * The CPU profile when captured, the question most runs are asked first; else the first by name;
 * one still in the run's folder before one gone from it (`gone`).
 */
function defaultProfile(profiles: readonly string[], gone: Readonly<Record<string, string>>): string {
  const there = profiles.filter((p) => !(p in gone));
  const from = there.length > 0 ? there : profiles;
  return from.includes('cpu.pprof') ? 'cpu.pprof' : (from[0] ?? '');
}

/**
 * `asked`: the captures the run was configured with, of a `target` of that kind; `files`: the names
 * in its folder. A capture asked for whose file is missing was never written (the run ended first,
 * or a remote run's files were not fetched); a trace that is there but gave no profiles is the
 * analysis note's to explain.
 */
export function ProfilesPanel({
  runId,
  profiles,
  derived,
  imported,
  asked,
  target,
  files,
  gone,
}: {
  runId: string;
  profiles: string[];
  /** Those derived from the trace by gmptrace (the analysis's), not sampled by the runtime. */
  derived: readonly string[];
  imported: boolean;
  asked: readonly CaptureKind[];
  target: Target['kind'];
  files: readonly string[];
  /** Files deleted or replaced since the run, by name: 'missing' or 'changed' (their tab says so; the flame graph says why it cannot be drawn). */
  gone: Readonly<Record<string, string>>;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  // Read from the profiles of each render: a run's profiles can come after the page opened (its
  // analysis ended, or the files its host kept were fetched), and none to pick from then.
  const profile = picked !== null && profiles.includes(picked) ? picked : defaultProfile(profiles, gone);
  const readOnly = useReadOnly();
  if (profiles.length === 0) {
    // An import has no next run: what it lacks is in the file.
    if (imported) return <p className="muted">No profiles: the imported file gave none (a readable trace gives scheduler-latency, blocking and syscall profiles).</p>;
    const missing = capturesNotKept(asked, target, files);
    if (missing.length > 0) return <p className="muted">No profiles: the run asked for {missing.join(', ')}, but {missing.length === 1 ? 'its file is' : 'their files are'} not among its files (its state and error say why).</p>;
    if (asked.length > 0) return <p className="muted">No profiles: what the run captured gave none (the notes above say why).</p>;
    return <p className="muted">No profiles: capture cpu, block, mutex … or a trace (for scheduler-latency, blocking and syscall profiles) on the next run.</p>;
  }
  if (readOnly) {
    return (
      <div>
        {profiles.map((p) => (
          <section key={p} data-profile={p}>
            <h3>{p.replace(/\.pprof$/, '')}</h3>
            <ProfileFlame runId={runId} profile={p} derived={derived.includes(p)} />
          </section>
        ))}
      </div>
    );
  }
  return (
    <div>
      <div className="tabs" role="tablist" aria-label="Profiles">
        {profiles.map((p) => (
          <button type="button" role="tab" key={p} aria-selected={p === profile} className={p === profile ? 'selected' : ''} title={originOf(p, derived.includes(p))} onClick={() => setPicked(p)}>
            {p.replace(/\.pprof$/, '')}
            {p in gone && <span className="muted"> ({gone[p] === 'missing' ? 'deleted' : 'replaced'})</span>}
          </button>
        ))}
      </div>
      <ProfileFlame key={profile} runId={runId} profile={profile} derived={derived.includes(profile)} />
    </div>
  );
}

/** Where a profile comes from: a block profile may be either (block.pprof, trace-block.pprof). */
const ORIGIN = {
  // Every goroutine's: the Scheduler latency section's figures lead with the program's alone.
  derived: "derived from the execution trace by gmptrace: every event of every goroutine, the runtime's own included, not a sample",
  sampled: "written by the program's runtime (pprof): sampled",
  snapshot: "written by the program's runtime (pprof): all of them when it was written, not a sample",
};

/** The runtime's profiles that count everything there is (every goroutine, every thread created), rather than sample. */
const SNAPSHOTS = new Set(['goroutine.pprof', 'goroutineleak.pprof', 'threadcreate.pprof']);

const originOf = (profile: string, derived: boolean): string => (derived ? ORIGIN.derived : SNAPSHOTS.has(profile) ? ORIGIN.snapshot : ORIGIN.sampled);

function ProfileFlame({ runId, profile, derived }: { runId: string; profile: string; derived: boolean }) {
  // The samples of one label's value, or all of them; a report holds only all of them.
  const [focus, setFocus] = useState<LabelFocus | null>(null);
  const readOnly = useReadOnly();
  const flame = useCommand('runs.flame', { id: runId, profile, ...(focus ? { focus } : {}) });
  // The tree drawn is the one asked for: after a failed or slow request for another focus, the
  // last tree is not drawn under the new choice.
  const tree = flame.data && sameFocus(flame.data.focus, focus) ? flame.data : null;
  return (
    <>
      <p className="muted small" data-testid="profile-origin">
        {profile}: {originOf(profile, derived)}
      </p>
      <ErrorBanner error={flame.error} onRetry={flame.reload} />
      {/* Shown while another focus loads: the labels are every sample's, whatever the focus. */}
      {flame.data && <LabelFocusPicker tree={flame.data} focus={focus} onFocus={readOnly ? null : setFocus} />}
      {flame.loading && <Loading what={`${profile} flame graph`} />}
      {tree && !flame.loading && (tree.total > 0 ? <FlameGraph tree={tree} /> : <p className="muted">{tree.focus ? `No sample is labelled ${focusText(tree.focus)}.` : 'This profile has no samples.'}</p>)}
    </>
  );
}
