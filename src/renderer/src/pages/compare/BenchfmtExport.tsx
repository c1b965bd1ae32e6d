// The compared runs in the Go benchmark format, to copy or download for benchstat users.
import { useState } from 'react';
import { benchstatCommand } from '../../../../shared/benchstat-columns';
import type { CommandInput } from '../../../../shared/contract';
import { asCommandError, useApi } from '../../api/context';
import { downloadText } from '../../download';
import { ErrorBanner } from '../../components/feedback';

export function BenchfmtExport({ selection, fileName }: { selection: CommandInput<'compare.exportBenchfmt'>; fileName: string }) {
  const api = useApi();
  const [text, setText] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [columns, setColumns] = useState<string[]>([]);
  const [error, setError] = useState<ReturnType<typeof asCommandError> | null>(null);
  const [copied, setCopied] = useState(false);

  const load = () =>
    api.invoke('compare.exportBenchfmt', selection).then(
      (out) => {
        setText(out.text);
        setColumns(out.columns);
        setError(null);
        setNote(`${out.runs} runs${out.skipped.length ? `; left out ${out.skipped.map((s) => `${s.id} (${s.reason})`).join(', ')}` : ''}`);
      },
      (e: unknown) => setError(asCommandError(e)),
    );
  const copy = () => text !== null && navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
  const download = () => text !== null && downloadText(fileName, text, 'text/plain');

  return (
    <div className="benchfmt-export" data-testid="benchfmt-export">
      {text === null ? (
        <button type="button" onClick={load}>
          Show in Go benchmark format
        </button>
      ) : (
        <>
          <div className="toolbar">
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" onClick={download}>
              Download {fileName}
            </button>
            <span className="muted small" data-testid="benchstat-hint">
              {note} · e.g. <code>{benchstatCommand(columns, fileName)}</code>
              {columns.length === 0 && ' (nothing the format records tells these runs apart: benchstat pools them)'}
            </span>
          </div>
          <textarea readOnly value={text} rows={Math.min(16, text.split('\n').length)} className="benchfmt-text" spellCheck={false} />
        </>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
