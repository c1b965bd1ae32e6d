// "Fetch the files kept on host X", beside the error of a remote run whose own fetch did not come
// through: runs.fetchKept, as `gmpw fetch` calls it. Once they are here the page reloads the run,
// which then shows its files, its analysis and when they came; a failure is said here, the page
// as it was.
import { useState } from 'react';
import type { CommandError } from '../../../../shared/contract';
import type { RunSummary } from '../../../../shared/domain';
import { keptFilesHost } from '../../../../shared/kept-files';
import { asCommandError, useApi } from '../../api/context';
import { ErrorBanner } from '../../components/feedback';
import { useReadOnly } from '../../hooks/read-only';

export function KeptFilesFetch({ run, onFetched }: { run: RunSummary; onFetched: () => void }) {
  const api = useApi();
  const readOnly = useReadOnly();
  const [phase, setPhase] = useState<'idle' | 'fetching' | 'fetched'>('idle');
  const [error, setError] = useState<CommandError | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const host = keptFilesHost(run);
  if (readOnly) return null;
  // What the fetch met stays said after the reload, which no longer offers the fetch.
  if (phase === 'fetched') {
    return notes.length === 0 ? null : (
      <ul className="muted small" data-testid="kept-fetch-notes">
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    );
  }
  if (host === null) return null;
  const fetchKept = () => {
    setPhase('fetching');
    setError(null);
    api.invoke('runs.fetchKept', { id: run.id }).then(
      (out) => {
        setNotes(out.notes);
        setPhase('fetched');
        onFetched();
      },
      (e: unknown) => {
        setError(asCommandError(e));
        setPhase('idle');
      },
    );
  };
  return (
    <div className="kept-fetch">
      <button type="button" onClick={fetchKept} disabled={phase === 'fetching'} title="Bring them into the run's folder and analyse them, as gmpw fetch does; the run keeps its state and error">
        {phase === 'fetching' ? `Fetching from host ${host}…` : `Fetch the files kept on host ${host}`}
      </button>
      <ErrorBanner error={error} />
    </div>
  );
}
