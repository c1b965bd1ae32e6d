// "Export report": the core renders one self-contained HTML file, offered as a download (a save
// dialog in the desktop app, the browser's downloads in browser mode). Hidden inside a report.
import { useState } from 'react';
import type { CommandError, CommandInput } from '../../../shared/contract';
import { formatBytes } from '../format';
import { asCommandError, useApi } from '../api/context';
import { downloadText } from '../download';
import { ErrorBanner } from './feedback';
import { useReadOnly } from '../hooks/read-only';

export function ExportReportButton({ selection }: { selection: CommandInput<'report.export'> }) {
  const api = useApi();
  const readOnly = useReadOnly();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<CommandError | null>(null);
  if (readOnly) return null;
  const exportReport = () => {
    setBusy(true);
    api.invoke('report.export', selection).then(
      (out) => {
        downloadText(out.fileName, out.html, 'text/html');
        const errors = out.unanswered.length ? ` · ${out.unanswered.length} ${out.unanswered.length === 1 ? 'part shows an error' : 'parts show an error'}, as here: ${out.unanswered.join(' ')}` : '';
        setNote(`${out.fileName} · ${formatBytes(out.bytes)}${errors}`);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        setError(asCommandError(e));
        setBusy(false);
      },
    );
  };
  return (
    <span className="export-report">
      <button type="button" onClick={exportReport} disabled={busy} title="One HTML file with everything on this page, to attach to a review or a ticket">
        {busy ? 'Exporting…' : 'Export report'}
      </button>
      {note && (
        <span className="muted small" data-testid="export-note">
          {' '}
          {note}
        </span>
      )}
      <ErrorBanner error={error} />
    </span>
  );
}
