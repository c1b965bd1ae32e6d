import { useCommand } from '../../api/context';
import { ErrorBanner } from '../../components/feedback';
import { useReadOnly } from '../../hooks/read-only';
import { Terminal, type TerminalHandle } from '../../components/Terminal';
import { useThemeName } from '../../hooks/theme';

/** Colour and cursor escape sequences, which only a terminal can draw. */
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/**
 * A finished run's terminal log, replayed into xterm so colours and progress lines look as they did;
 * a read-only report shows it as plain text instead (no terminal emulator, and it prints). `imported`:
 * the run is an import, which has no output of its own.
 */
export function StoredTerminal({ runId, imported = false }: { runId: string; imported?: boolean }) {
  const log = useCommand('runs.terminal', { id: runId });
  const theme = useThemeName();
  const readOnly = useReadOnly();
  if (log.error) return <ErrorBanner error={log.error} onRetry={log.reload} />;
  if (!log.data) return null;
  // An import copies files and analyses them: nothing ran to print anything.
  if (!log.data.text) return <p className="muted">{imported ? 'An import runs nothing: it has no terminal output.' : 'The run printed nothing.'}</p>;
  const text = log.data.text;
  if (readOnly) {
    return (
      <pre className="static-terminal" data-testid="static-terminal">
        {text.replace(ANSI_ESCAPE, '').replace(/\r\n?/g, '\n')}
      </pre>
    );
  }
  return (
    <Terminal
      theme={theme}
      rows={Math.min(24, Math.max(4, text.split('\n').length + 1))}
      onReady={(h: TerminalHandle) => h.write(text)}
    />
  );
}
