// The differential flame graph of the baseline against one candidate, for a profile both have.
import { useState } from 'react';
import type { Normalisation } from '../../../../shared/domain';
import { useCommand } from '../../api/context';
import { ErrorBanner, Loading } from '../../components/feedback';
import { useReadOnly } from '../../hooks/read-only';
import { DiffFlameGraph } from '../../flame/DiffFlameGraph';

const NORMALISATIONS: Array<{ value: Normalisation; label: string }> = [
  { value: 'per-second', label: 'per second recorded' },
  { value: 'per-op', label: 'per operation' },
  { value: 'share', label: 'share of total' },
];

/** The CPU profile when both runs have one, the question most comparisons are asked first; else the first. */
const defaultProfile = (profiles: readonly string[]): string => (profiles.includes('cpu.pprof') ? 'cpu.pprof' : (profiles[0] ?? ''));

/** `profilesOf`: by candidate, the profiles it and the baseline both have, of one origin. */
export function DiffFlamePanel({ baselineId, candidates, profilesOf, names }: { baselineId: string; candidates: Array<{ id: string; name: string }>; profilesOf: Record<string, string[]>; names: { baseline: string } }) {
  const [candidate, setCandidate] = useState(candidates[0]?.id ?? '');
  const profiles = profilesOf[candidate] ?? [];
  const [picked, setProfile] = useState<string | null>(null);
  // Another candidate may not pair the profile picked for the one before.
  const profile = picked !== null && profiles.includes(picked) ? picked : defaultProfile(profiles);
  const [normalisation, setNormalisation] = useState<Normalisation>('per-second');
  // A report holds the per-second diffs only (a third of the size of all three).
  const fixedNormalisation = useReadOnly();
  const diff = useCommand('compare.diffFlame', profile && candidate ? { baseline: baselineId, candidate, profile, normalisation } : null);
  const none = (
    <p className="muted">
      {candidates.length > 1 ? 'No candidate has a profile in common with the baseline' : 'These runs have no profile in common'}; capture the same profiles (e.g. cpu or trace) in{' '}
      {candidates.length > 1 ? 'the baseline and a candidate' : 'both'} to diff them.
    </p>
  );
  if (candidates.every((c) => (profilesOf[c.id] ?? []).length === 0)) return none;
  const candName = candidates.find((c) => c.id === candidate)?.name ?? candidate;
  return (
    <div>
      <div className="control-row">
        {candidates.length > 1 && (
          <label>
            Candidate{' '}
            <select value={candidate} onChange={(e) => setCandidate(e.target.value)}>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Profile{' '}
          <select value={profile} onChange={(e) => setProfile(e.target.value)} aria-label="Profile to diff">
            {profiles.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {fixedNormalisation ? (
          <span className="muted small">normalised per second recorded</span>
        ) : (
          <label>
            Normalise{' '}
            <select value={normalisation} onChange={(e) => setNormalisation(e.target.value as Normalisation)} aria-label="Normalisation">
              {NORMALISATIONS.map((n) => (
                <option key={n.value} value={n.value}>
                  {n.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {profiles.length === 0 && none}
      <ErrorBanner error={diff.error} onRetry={diff.reload} />
      {diff.loading && <Loading what="differential flame graph" />}
      {diff.data && !diff.loading && <DiffFlameGraph diff={diff.data} baseName={names.baseline} candName={candName} />}
    </div>
  );
}
