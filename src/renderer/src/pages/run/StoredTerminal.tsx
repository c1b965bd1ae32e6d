import { useCommand } from '../../components/api-context';
import { ErrorBanner } from '../../components/feedback';
import { Terminal, type TerminalHandle } from '../../components/Terminal';
import { useThemeName } from '../../components/theme';

/** A finished run's terminal log, replayed into xterm so colours and progress lines look as they did. */
export function StoredTerminal({ runId }: { runId: string }) {
  const log = useCommand('runs.terminal', { id: runId });
  const theme = useThemeName();
  if (log.error) return <ErrorBanner error={log.error} onRetry={log.reload} />;
  if (!log.data) return null;
  if (!log.data.text) return <p className="muted">The run printed nothing.</p>;
  const text = log.data.text;
  return (
    <Terminal
      theme={theme}
      rows={Math.min(24, Math.max(4, text.split('\n').length + 1))}
      onReady={(h: TerminalHandle) => h.write(text)}
    />
  );
}
