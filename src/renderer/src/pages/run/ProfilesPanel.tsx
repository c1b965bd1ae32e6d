// Flame graphs of every profile the run has (captured and trace-derived), one at a time; a report
// shows them all, one after another, so that each one prints.
import { useState } from 'react';
import { useCommand } from '../../components/api-context';
import { ErrorBanner, Loading } from '../../components/feedback';
import { useReadOnly } from '../../components/read-only';
import { FlameGraph } from '../../flame/FlameGraph';

/** The CPU profile when captured, the question most runs are asked first; else the first by name. */
function defaultProfile(profiles: readonly string[]): string {
  return profiles.includes('cpu.pprof') ? 'cpu.pprof' : (profiles[0] ?? '');
}

/** `asked`: the captures the run was configured with (a run that asked for some and left none ended first). */
export function ProfilesPanel({ runId, profiles, imported, asked }: { runId: string; profiles: string[]; imported: boolean; asked: readonly string[] }) {
  const [profile, setProfile] = useState(() => defaultProfile(profiles));
  const readOnly = useReadOnly();
  if (profiles.length === 0) {
    // An import has no next run: what it lacks is in the file.
    if (imported) return <p className="muted">No profiles: the imported file gave none (a readable trace gives scheduler-latency, blocking and syscall profiles).</p>;
    if (asked.length > 0) return <p className="muted">No profiles: the run asked for {asked.join(', ')} but left none among its files (its state and error say why).</p>;
    return <p className="muted">No profiles: capture cpu, block, mutex … or a trace (for scheduler-latency, blocking and syscall profiles) on the next run.</p>;
  }
  if (readOnly) {
    return (
      <div>
        {profiles.map((p) => (
          <section key={p} data-profile={p}>
            <h3>{p.replace(/\.pprof$/, '')}</h3>
            <ProfileFlame runId={runId} profile={p} />
          </section>
        ))}
      </div>
    );
  }
  return (
    <div>
      <div className="tabs" role="tablist" aria-label="Profiles">
        {profiles.map((p) => (
          <button type="button" role="tab" key={p} aria-selected={p === profile} className={p === profile ? 'selected' : ''} onClick={() => setProfile(p)}>
            {p.replace(/\.pprof$/, '')}
          </button>
        ))}
      </div>
      <ProfileFlame key={profile} runId={runId} profile={profile} />
    </div>
  );
}

function ProfileFlame({ runId, profile }: { runId: string; profile: string }) {
  const flame = useCommand('runs.flame', { id: runId, profile });
  return (
    <>
      <ErrorBanner error={flame.error} onRetry={flame.reload} />
      {flame.loading && <Loading what={`${profile} flame graph`} />}
      {flame.data && !flame.loading && (flame.data.total > 0 ? <FlameGraph tree={flame.data} /> : <p className="muted">This profile has no samples.</p>)}
    </>
  );
}
