// Flame graphs of every profile the run has (captured and trace-derived), one at a time.
import { useState } from 'react';
import { useCommand } from '../../components/api-context';
import { ErrorBanner, Loading } from '../../components/feedback';
import { FlameGraph } from '../../flame/FlameGraph';

export function ProfilesPanel({ runId, profiles }: { runId: string; profiles: string[] }) {
  const [profile, setProfile] = useState(profiles[0] ?? '');
  const flame = useCommand('runs.flame', profile ? { id: runId, profile } : null);
  if (profiles.length === 0) return <p className="muted">No profiles: capture cpu, block, mutex … or a trace (for scheduler-latency, blocking and syscall profiles) on the next run.</p>;
  return (
    <div>
      <div className="tabs" role="tablist" aria-label="Profiles">
        {profiles.map((p) => (
          <button type="button" role="tab" key={p} aria-selected={p === profile} className={p === profile ? 'selected' : ''} onClick={() => setProfile(p)}>
            {p.replace(/\.pprof$/, '')}
          </button>
        ))}
      </div>
      <ErrorBanner error={flame.error} onRetry={flame.reload} />
      {flame.loading && <Loading what={`${profile} flame graph`} />}
      {flame.data && !flame.loading && (flame.data.total > 0 ? <FlameGraph key={profile} tree={flame.data} /> : <p className="muted">This profile has no samples.</p>)}
    </div>
  );
}
